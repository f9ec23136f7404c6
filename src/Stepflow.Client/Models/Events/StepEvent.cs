namespace Stepflow.Client;

/// <summary>An event about one step of one item: <see cref="StepReadyEvent"/>, <see cref="StepStartedEvent"/>, <see cref="StepCompletedEvent"/>.</summary>
public abstract class StepEvent : RunEvent
{
    /// <summary>For subclasses.</summary>
    protected StepEvent()
    {
    }

    /// <summary>The item.</summary>
    public int ItemIndex { get; init; }

    /// <summary>The step's position in the flow.</summary>
    public int StepIndex { get; init; }

    /// <summary>The step's id; <see langword="null"/> when the server could not resolve it (for example in sub-run events).</summary>
    public string? StepId { get; init; }
}
