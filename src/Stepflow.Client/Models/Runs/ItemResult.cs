using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>The result of one item of a run: its output, its error, or nothing yet.</summary>
public sealed class ItemResult
{
    /// <summary>The item's position in the run's inputs, from 0.</summary>
    public int ItemIndex { get; init; }

    /// <summary>
    /// The item's status. Servers report an item without a result as <see cref="RunStatus.Running"/>, even
    /// in a run that was cancelled.
    /// </summary>
    public RunStatus Status { get; init; }

    /// <summary>Whether the item has a result, and which kind.</summary>
    public ResultOutcome Outcome { get; init; }

    /// <summary>The item's output when it succeeded (a JSON <c>null</c> output is <see langword="null"/> too).</summary>
    public JsonNode? Output { get; init; }

    /// <summary>The item's error when it failed.</summary>
    public FlowError? Error { get; init; }

    /// <summary>When the item finished, once it has.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>True when the item finished successfully.</summary>
    public bool IsSuccess => Outcome == ResultOutcome.Succeeded;

    /// <summary>True when the item finished with an error.</summary>
    public bool IsFailure => Outcome == ResultOutcome.Failed;

    /// <inheritdoc />
    public override string ToString() => Outcome switch
    {
        ResultOutcome.Succeeded => $"Item {ItemIndex}: succeeded",
        ResultOutcome.Failed => $"Item {ItemIndex}: failed ({Error})",
        _ => $"Item {ItemIndex}: {Status}",
    };
}
