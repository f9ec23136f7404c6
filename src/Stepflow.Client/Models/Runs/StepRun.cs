using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>One step of a run: its status and, once it has finished, its result.</summary>
/// <remarks>
/// Which fields are set depends on the call and the server: <c>GetRunStepsAsync</c> on a 0.11 server reports
/// one entry per step of the flow (for one item, or the least advanced status over all items, with
/// <see cref="ItemIndex"/> <see langword="null"/>) without results; 0.12+ servers report one entry per item
/// and step that has started, with results. <c>GetStepDetailAsync</c> always reports one item's step with its result.
/// </remarks>
public sealed class StepRun
{
    /// <summary>The step's id in the flow.</summary>
    public string StepId { get; init; } = string.Empty;

    /// <summary>The step's position in the flow, when the server says.</summary>
    public int? StepIndex { get; init; }

    /// <summary>The item this entry is for; <see langword="null"/> when it summarizes every item (0.11 <c>GetRunStepsAsync</c> without an item).</summary>
    public int? ItemIndex { get; init; }

    /// <summary>The component the step runs (for example <c>/builtin/eval</c>), when the server says.</summary>
    public string? Component { get; init; }

    /// <summary>The step's status.</summary>
    public StepStatus Status { get; init; }

    /// <summary>Whether the step has a result here, and which kind (always <see cref="ResultOutcome.Pending"/> where the server reports no results).</summary>
    public ResultOutcome Outcome { get; init; }

    /// <summary>The step's output when it succeeded and the server reported it.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>The step's error when it failed and the server reported it.</summary>
    public FlowError? Error { get; init; }

    /// <summary>The journal sequence number of the step's last change, when the server says.</summary>
    public long? JournalSequence { get; init; }

    /// <summary>When the step's status last changed, when the server says.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <inheritdoc />
    public override string ToString() => ItemIndex is { } item ? $"Step {StepId} (item {item}): {Status}" : $"Step {StepId}: {Status}";
}
