namespace Stepflow.Client;

/// <summary>A sub-run was created (<c>sub_run_created</c>); <see cref="RunEvent.RunId"/> is the sub-run's id.</summary>
public sealed class SubRunCreatedEvent : RunEvent
{
    /// <summary>The run that started the sub-run.</summary>
    public Guid ParentRunId { get; init; }

    /// <summary>The flow the sub-run executes.</summary>
    public string FlowId { get; init; } = string.Empty;

    /// <summary>How many items the sub-run has.</summary>
    public int ItemCount { get; init; }

    /// <inheritdoc />
    public override string EventType => RunEventTypes.SubRunCreated;
}
