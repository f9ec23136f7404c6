namespace Stepflow.Client;

/// <summary>
/// The <c>event</c> names of run events as the server writes them (snake_case), for
/// <see cref="EventStreamOptions.EventTypes"/> and for matching <see cref="UnknownStatusEvent.EventType"/>.
/// </summary>
public static class StatusEventTypes
{
    /// <summary>A run was created (<c>StatusEventRunCreated</c>).</summary>
    public const string RunCreated = "run_created";

    /// <summary>The steps an item needs were determined (<c>StatusEventStepsNeeded</c>).</summary>
    public const string StepsNeeded = "steps_needed";

    /// <summary>A step's inputs are available (<c>StatusEventStepReady</c>).</summary>
    public const string StepReady = "step_ready";

    /// <summary>A step attempt started (<c>StatusEventStepStarted</c>).</summary>
    public const string StepStarted = "step_started";

    /// <summary>A step finished, successfully or not (<c>StatusEventStepCompleted</c>).</summary>
    public const string StepCompleted = "step_completed";

    /// <summary>An item finished (<c>StatusEventItemCompleted</c>).</summary>
    public const string ItemCompleted = "item_completed";

    /// <summary>A run reached a terminal status (<c>StatusEventRunCompleted</c>).</summary>
    public const string RunCompleted = "run_completed";

    /// <summary>A sub-run was created (<c>StatusEventSubRunCreated</c>).</summary>
    public const string SubRunCreated = "sub_run_created";
}
