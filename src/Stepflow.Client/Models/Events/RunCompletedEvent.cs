namespace Stepflow.Client;

/// <summary>A run reached a terminal status (<c>run_completed</c>). The stream ends after the requested run's one.</summary>
public sealed class RunCompletedEvent : RunEvent
{
    /// <summary>The run's final status.</summary>
    public RunStatus Status { get; init; }

    /// <inheritdoc />
    public override string EventType => RunEventTypes.RunCompleted;
}
