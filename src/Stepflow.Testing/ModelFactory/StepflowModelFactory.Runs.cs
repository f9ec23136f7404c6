using Stepflow.Api;

namespace Stepflow.Testing;

public static partial class StepflowModelFactory
{
    /// <summary>Item counts of a run. <paramref name="completed"/> defaults to the items not running, failed or cancelled.</summary>
    public static ItemStatistics ItemStatistics(long total = 1, long? completed = null, long running = 0, long failed = 0, long cancelled = 0) => new()
    {
        Total = total,
        Completed = completed ?? Math.Max(0, total - running - failed - cancelled),
        Running = running,
        Failed = failed,
        Cancelled = cancelled,
    };

    /// <summary>
    /// A run summary (<c>ListRunsAsync</c>, <c>CancelRunAsync</c>). Defaults: a new id, <see cref="DefaultFlowId"/>,
    /// completed, one item, created now; a finished run gets <c>completedAt</c>; <c>rootRunId</c> is the run id.
    /// </summary>
    public static RunSummary RunSummary(Guid? runId = null, string flowId = DefaultFlowId, string? flowName = DefaultFlowName,
        ExecutionStatus status = ExecutionStatus.Completed, ItemStatistics? items = null, DateTimeOffset? createdAt = null,
        DateTimeOffset? completedAt = null, Guid? rootRunId = null, Guid? parentRunId = null, string? orchestratorId = null,
        long createdAtSeqno = 0, long? finishedAtSeqno = null)
    {
        var id = runId ?? Guid.NewGuid();
        var created = createdAt ?? DateTimeOffset.UtcNow;
        return new RunSummary
        {
            RunId = id,
            FlowId = flowId,
            FlowName = flowName,
            Status = status,
            Items = items ?? StatisticsFor(status),
            CreatedAt = created,
            CompletedAt = EndFor(status, created, completedAt),
            RootRunId = rootRunId ?? id,
            ParentRunId = parentRunId,
            OrchestratorId = orchestratorId,
            CreatedAtSeqno = createdAtSeqno,
            FinishedAtSeqno = finishedAtSeqno,
        };
    }

    /// <summary>
    /// A run's details (<c>GetRunAsync</c>, <c>WaitForCompletionAsync</c>). Defaults as for <see cref="RunSummary"/>;
    /// item counts follow <paramref name="itemDetails"/> when given.
    /// </summary>
    public static RunDetails RunDetails(Guid? runId = null, string flowId = DefaultFlowId, string? flowName = DefaultFlowName,
        ExecutionStatus status = ExecutionStatus.Completed, ItemStatistics? items = null, DateTimeOffset? createdAt = null,
        DateTimeOffset? completedAt = null, Guid? rootRunId = null, Guid? parentRunId = null, string? orchestratorId = null,
        long createdAtSeqno = 0, long? finishedAtSeqno = null, IEnumerable<ItemDetails>? itemDetails = null, WorkflowOverrides? overrides = null)
    {
        var id = runId ?? Guid.NewGuid();
        var created = createdAt ?? DateTimeOffset.UtcNow;
        var details = itemDetails?.ToList();
        return new RunDetails
        {
            RunId = id,
            FlowId = flowId,
            FlowName = flowName,
            Status = status,
            Items = items ?? (details is null ? StatisticsFor(status) : StatisticsOf(details.Select(d => d.Status))),
            CreatedAt = created,
            CompletedAt = EndFor(status, created, completedAt),
            RootRunId = rootRunId ?? id,
            ParentRunId = parentRunId,
            OrchestratorId = orchestratorId,
            CreatedAtSeqno = createdAtSeqno,
            FinishedAtSeqno = finishedAtSeqno,
            ItemDetails = details,
            Overrides = overrides,
        };
    }

    /// <summary>One item of <see cref="RunDetails"/>: its input, status and step statuses.</summary>
    public static ItemDetails ItemDetails(long itemIndex = 0, System.Text.Json.Nodes.JsonNode? input = null,
        ExecutionStatus status = ExecutionStatus.Completed, IEnumerable<StepStatusInfo>? steps = null, DateTimeOffset? completedAt = null) => new()
    {
        ItemIndex = itemIndex,
        Input = input?.DeepClone(),
        Status = status,
        Steps = steps?.ToList() ?? [],
        CompletedAt = EndFor(status, DateTimeOffset.UtcNow, completedAt),
    };

    /// <summary>
    /// What starting a run returns (<c>CreateRunAsync</c>, <c>CreateBatchRunAsync</c>). Defaults to a run that has
    /// just started (<c>running</c>, no results); pass <paramref name="results"/> for a run started with a wait,
    /// and the status and counts follow them.
    /// </summary>
    public static CreateRunResponse CreateRunResponse(Guid? runId = null, string flowId = DefaultFlowId, string? flowName = DefaultFlowName,
        ExecutionStatus? status = null, ItemStatistics? items = null, DateTimeOffset? createdAt = null, DateTimeOffset? completedAt = null,
        Guid? rootRunId = null, Guid? parentRunId = null, long createdAtSeqno = 0, IEnumerable<ItemResult>? results = null)
    {
        var id = runId ?? Guid.NewGuid();
        var created = createdAt ?? DateTimeOffset.UtcNow;
        var resultList = results?.ToList();
        var runStatus = status ?? (resultList is null ? ExecutionStatus.Running : StatusOf(resultList.Select(r => r.Status)));
        return new CreateRunResponse
        {
            RunId = id,
            FlowId = flowId,
            FlowName = flowName,
            Status = runStatus,
            Items = items ?? (resultList is null ? StatisticsFor(runStatus) : StatisticsOf(resultList.Select(r => r.Status))),
            CreatedAt = created,
            CompletedAt = EndFor(runStatus, created, completedAt),
            RootRunId = rootRunId ?? id,
            ParentRunId = parentRunId,
            CreatedAtSeqno = createdAtSeqno,
            Results = resultList,
        };
    }

    /// <summary>A page of runs.</summary>
    public static ListRunsResponse ListRunsResponse(IEnumerable<RunSummary>? runs = null) => new() { Runs = runs?.ToList() ?? [] };

    /// <summary>The status of a run whose items have <paramref name="statuses"/>: any failed item fails it (contract §3).</summary>
    private static ExecutionStatus StatusOf(IEnumerable<ExecutionStatus> statuses)
    {
        var list = statuses.ToList();
        return list.Contains(ExecutionStatus.Failed) ? ExecutionStatus.Failed
            : list.Contains(ExecutionStatus.Running) ? ExecutionStatus.Running
            : list.Contains(ExecutionStatus.Cancelled) ? ExecutionStatus.Cancelled
            : ExecutionStatus.Completed;
    }

    private static ItemStatistics StatisticsOf(IEnumerable<ExecutionStatus> statuses)
    {
        var list = statuses.ToList();
        return ItemStatistics(
            total: list.Count,
            completed: list.Count(s => s == ExecutionStatus.Completed),
            running: list.Count(s => s == ExecutionStatus.Running),
            failed: list.Count(s => s == ExecutionStatus.Failed),
            cancelled: list.Count(s => s == ExecutionStatus.Cancelled));
    }
}
