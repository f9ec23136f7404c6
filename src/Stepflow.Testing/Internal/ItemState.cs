using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>One item (one input) of a run. Changed only under the store's lock.</summary>
internal sealed class ItemState(int index, JsonNode? input, int stepCount)
{
    public int Index { get; } = index;

    public JsonNode? Input { get; } = input;

    /// <summary>Running until the item has a result; then completed or failed.</summary>
    public RunStatus Status { get; set; } = RunStatus.Running;

    public ItemOutcome? Result { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Per flow step, in flow order.</summary>
    public StepState[] Steps { get; } = Enumerable.Range(0, stepCount).Select(_ => new StepState()).ToArray();
}

/// <summary>The status row of one step of one item.</summary>
internal sealed class StepState
{
    /// <summary>Blocked until the item starts: the server reports steps with no status row that way.</summary>
    public StepStatus Status { get; set; } = StepStatus.Blocked;

    /// <summary>False until the step has a status row; step detail answers 404 until then.</summary>
    public bool HasRow { get; set; }

    public ItemOutcome? Result { get; set; }

    public long JournalSequence { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
