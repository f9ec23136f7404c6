namespace Stepflow.Client;

/// <summary>A step's inputs became available (<c>step_ready</c>).</summary>
public sealed class StepReadyEvent : StepEvent
{
    /// <inheritdoc />
    internal override EventKey Key => new(EventType, RunId, ItemIndex, StepIndex);

    /// <inheritdoc />
    public override string EventType => RunEventTypes.StepReady;
}
