namespace Stepflow.Client;

/// <summary>An attempt of a step started (<c>step_started</c>).</summary>
public sealed class StepStartedEvent : StepEvent
{
    /// <summary>The attempt, from 1; more than 1 is a retry.</summary>
    public int Attempt { get; init; }

    /// <inheritdoc />
    internal override EventKey Key => new(EventType, RunId, ItemIndex, StepIndex, Attempt);

    /// <inheritdoc />
    public override string EventType => RunEventTypes.StepStarted;
}
