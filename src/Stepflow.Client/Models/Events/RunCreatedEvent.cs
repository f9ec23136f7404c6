namespace Stepflow.Client;

/// <summary>A run was created (<c>run_created</c>).</summary>
public sealed class RunCreatedEvent : RunEvent
{
    /// <summary>The flow the run executes.</summary>
    public string FlowId { get; init; } = string.Empty;

    /// <summary>How many items the run has.</summary>
    public int ItemCount { get; init; }

    /// <inheritdoc />
    public override string EventType => RunEventTypes.RunCreated;
}
