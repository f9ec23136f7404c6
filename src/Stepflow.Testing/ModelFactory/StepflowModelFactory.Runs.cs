using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing;

public static partial class StepflowModelFactory
{
    /// <summary>Item counts of a run. <paramref name="completed"/> defaults to the items not running, failed or cancelled.</summary>
    public static RunItemCounts RunItemCounts(int total = 1, int? completed = null, int running = 0, int failed = 0, int cancelled = 0) =>
        new(total, completed ?? Math.Max(0, total - running - failed - cancelled), running, failed, cancelled);

    /// <summary>
    /// A run summary (<c>ListRunsAsync</c>, <c>CreateRunAsync</c>, <c>CancelRunAsync</c>). Defaults: a new id,
    /// <see cref="DefaultFlowId"/>, completed, one item, created now; a finished run gets <c>CompletedAt</c>; the
    /// root run is the run itself.
    /// </summary>
    public static RunSummary RunSummary(Guid? runId = null, string flowId = DefaultFlowId, string? flowName = DefaultFlowName,
        RunStatus? status = null, RunItemCounts? itemCounts = null, DateTimeOffset? createdAt = null, DateTimeOffset? completedAt = null,
        Guid? rootRunId = null, Guid? parentRunId = null, string? orchestratorId = null, long createdAtSequence = 0, long? finishedAtSequence = null)
    {
        var id = runId ?? Guid.NewGuid();
        var created = createdAt ?? DateTimeOffset.UtcNow;
        var runStatus = status ?? RunStatus.Completed;
        return new RunSummary
        {
            RunId = id,
            FlowId = flowId,
            FlowName = flowName,
            Status = runStatus,
            ItemCounts = itemCounts ?? CountsFor(runStatus),
            CreatedAt = created,
            CompletedAt = EndFor(runStatus, created, completedAt),
            RootRunId = rootRunId ?? id,
            ParentRunId = parentRunId,
            OrchestratorId = orchestratorId,
            CreatedAtSequence = createdAtSequence,
            FinishedAtSequence = finishedAtSequence,
        };
    }

    /// <summary>
    /// A run's details (<c>GetRunAsync</c>, <c>WaitForCompletionAsync</c>). Defaults as for <see cref="RunSummary"/>;
    /// item counts follow <paramref name="items"/> when given.
    /// </summary>
    public static RunDetails RunDetails(Guid? runId = null, string flowId = DefaultFlowId, string? flowName = DefaultFlowName,
        RunStatus? status = null, RunItemCounts? itemCounts = null, DateTimeOffset? createdAt = null, DateTimeOffset? completedAt = null,
        Guid? rootRunId = null, Guid? parentRunId = null, string? orchestratorId = null, long createdAtSequence = 0, long? finishedAtSequence = null,
        IEnumerable<StepRun>? steps = null, IEnumerable<RunItem>? items = null, IReadOnlyDictionary<string, JsonNode?>? stepOverrides = null)
    {
        var id = runId ?? Guid.NewGuid();
        var created = createdAt ?? DateTimeOffset.UtcNow;
        var runStatus = status ?? RunStatus.Completed;
        var itemList = items?.ToList();
        return new RunDetails
        {
            RunId = id,
            FlowId = flowId,
            FlowName = flowName,
            Status = runStatus,
            ItemCounts = itemCounts ?? (itemList is null ? CountsFor(runStatus) : CountsOf(itemList.Select(i => i.Status))),
            CreatedAt = created,
            CompletedAt = EndFor(runStatus, created, completedAt),
            RootRunId = rootRunId ?? id,
            ParentRunId = parentRunId,
            OrchestratorId = orchestratorId,
            CreatedAtSequence = createdAtSequence,
            FinishedAtSequence = finishedAtSequence,
            Steps = steps?.ToList() ?? [],
            Items = itemList,
            StepOverrides = stepOverrides,
        };
    }

    /// <summary>One item of <see cref="RunDetails.Items"/>: its input and status.</summary>
    public static RunItem RunItem(int itemIndex = 0, object? input = null, RunStatus? status = null, DateTimeOffset? completedAt = null)
    {
        var itemStatus = status ?? RunStatus.Completed;
        return new RunItem
        {
            ItemIndex = itemIndex,
            Input = ItemOutcome.ToJson(input),
            Status = itemStatus,
            CompletedAt = EndFor(itemStatus, DateTimeOffset.UtcNow, completedAt),
        };
    }

    /// <summary>The status of a run whose items have <paramref name="statuses"/>: any failed item fails it (<c>docs/server-api.md §8.1</c>).</summary>
    private static RunStatus StatusOf(IEnumerable<RunStatus> statuses)
    {
        var list = statuses.ToList();
        return list.Contains(RunStatus.Failed) ? RunStatus.Failed
            : list.Contains(RunStatus.Running) ? RunStatus.Running
            : list.Contains(RunStatus.Cancelled) ? RunStatus.Cancelled
            : RunStatus.Completed;
    }

    private static RunItemCounts CountsOf(IEnumerable<RunStatus> statuses)
    {
        var list = statuses.ToList();
        return RunItemCounts(
            total: list.Count,
            completed: list.Count(s => s == RunStatus.Completed),
            running: list.Count(s => s == RunStatus.Running),
            failed: list.Count(s => s == RunStatus.Failed),
            cancelled: list.Count(s => s == RunStatus.Cancelled));
    }
}
