namespace Stepflow.Client;

/// <summary>
/// The names of run event types (<see cref="RunEvent.EventType"/>), for <see cref="EventStreamOptions.EventTypes"/>
/// and for matching <see cref="UnknownRunEvent.EventType"/>. The same on every server generation.
/// </summary>
public static class RunEventTypes
{
    /// <summary>A run was created (<see cref="RunCreatedEvent"/>).</summary>
    public const string RunCreated = "run_created";

    /// <summary>The steps an item needs were determined (<see cref="StepsNeededEvent"/>).</summary>
    public const string StepsNeeded = "steps_needed";

    /// <summary>A step's inputs are available (<see cref="StepReadyEvent"/>).</summary>
    public const string StepReady = "step_ready";

    /// <summary>A step attempt started (<see cref="StepStartedEvent"/>).</summary>
    public const string StepStarted = "step_started";

    /// <summary>A step finished, successfully or not (<see cref="StepCompletedEvent"/>).</summary>
    public const string StepCompleted = "step_completed";

    /// <summary>An item finished (<see cref="ItemCompletedEvent"/>; 0.11 servers only).</summary>
    public const string ItemCompleted = "item_completed";

    /// <summary>A run reached a terminal status (<see cref="RunCompletedEvent"/>).</summary>
    public const string RunCompleted = "run_completed";

    /// <summary>A sub-run was created (<see cref="SubRunCreatedEvent"/>).</summary>
    public const string SubRunCreated = "sub_run_created";
}
