namespace Stepflow.Client;

/// <summary>A run as listed: its flow, status, item counts and times.</summary>
public class RunSummary
{
    /// <summary>Creates an empty summary; set its properties with an object initializer (for tests and fakes).</summary>
    public RunSummary()
    {
    }

    /// <summary>The constructor the protocols use: every field at once, one object per answer.</summary>
    internal RunSummary(Guid runId, string flowId, string? flowName, RunStatus status, RunItemCounts itemCounts, DateTimeOffset createdAt,
        DateTimeOffset? completedAt, Guid rootRunId, Guid? parentRunId, string? orchestratorId, long createdAtSequence, long? finishedAtSequence)
    {
        RunId = runId;
        FlowId = flowId ?? string.Empty;
        FlowName = flowName;
        Status = status;
        ItemCounts = itemCounts;
        CreatedAt = createdAt;
        CompletedAt = completedAt;
        RootRunId = rootRunId;
        ParentRunId = parentRunId;
        OrchestratorId = orchestratorId;
        CreatedAtSequence = createdAtSequence;
        FinishedAtSequence = finishedAtSequence;
    }

    /// <summary>The run's id.</summary>
    public Guid RunId { get; init; }

    /// <summary>The id of the stored flow the run executes.</summary>
    public string FlowId { get; init; } = string.Empty;

    /// <summary>The flow's <c>name</c>, when the flow has one.</summary>
    public string? FlowName { get; init; }

    /// <summary>The run's status.</summary>
    public RunStatus Status { get; init; }

    /// <summary>How many items are in each state.</summary>
    public RunItemCounts ItemCounts { get; init; }

    /// <summary>When the run was created (server clock).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the run finished or was cancelled; <see langword="null"/> while it runs.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The top-level run of the tree this run belongs to (its own id for a top-level run).</summary>
    public Guid RootRunId { get; init; }

    /// <summary>The run that started this one, for a sub-run; <see langword="null"/> for a top-level run.</summary>
    public Guid? ParentRunId { get; init; }

    /// <summary>The server instance executing the run, when the server says (never in the answer that creates a run).</summary>
    public string? OrchestratorId { get; init; }

    /// <summary>The journal sequence number of the run's creation (0 for a top-level run on an in-memory server).</summary>
    public long CreatedAtSequence { get; init; }

    /// <summary>The journal sequence number of the run's completion, once the server has recorded it.</summary>
    public long? FinishedAtSequence { get; init; }

    /// <summary>True once the run can no longer change (see <see cref="RunStatus.IsTerminal"/>).</summary>
    public bool IsFinished => Status.IsTerminal;

    /// <inheritdoc />
    public override string ToString() => $"Run {RunId} ({FlowName ?? FlowId}): {Status}";
}
