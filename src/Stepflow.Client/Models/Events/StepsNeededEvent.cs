namespace Stepflow.Client;

/// <summary>The steps an item needs for its output were determined (<c>steps_needed</c>).</summary>
public sealed class StepsNeededEvent : RunEvent
{
    /// <summary>The item.</summary>
    public int ItemIndex { get; init; }

    /// <summary>The ids of the steps it needs.</summary>
    public IReadOnlyList<string> StepIds { get; init; } = [];

    /// <inheritdoc />
    internal override EventKey Key => new(EventType, RunId, ItemIndex);

    /// <inheritdoc />
    public override string EventType => RunEventTypes.StepsNeeded;
}
