using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>An item finished (<c>item_completed</c>). Sent by 0.11 servers only; 0.12+ servers never send it.</summary>
public sealed class ItemCompletedEvent : RunEvent
{
    /// <summary>The item.</summary>
    public int ItemIndex { get; init; }

    /// <summary>Whether the event carries the item's result (only with <see cref="EventStreamOptions.IncludeResults"/>).</summary>
    public ResultOutcome Outcome { get; init; }

    /// <summary>The item's output, when included and it succeeded.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>The item's error, when included and it failed.</summary>
    public FlowError? Error { get; init; }

    /// <inheritdoc />
    internal override EventKey Key => new(EventType, RunId, ItemIndex);

    /// <inheritdoc />
    public override string EventType => RunEventTypes.ItemCompleted;
}
