using System.Text.Json.Nodes;
using Stepflow.Api;

namespace Stepflow.Testing;

public static partial class StepflowModelFactory
{
    /// <summary>A successful outcome carrying <paramref name="result"/> (a <see cref="JsonNode"/>, or any value serialized with camelCase web defaults).</summary>
    public static FlowResultSuccess FlowResultSuccess(object? result = null) => new() { Result = FlowSetup.ToJson(result) };

    /// <summary>A failed outcome. Defaults to <c>COMPONENT_FAILED</c> with a generic message.</summary>
    public static FlowResultFailed FlowResultFailed(TaskErrorCode code = TaskErrorCode.ComponentFailed, string message = "The component failed.",
        JsonNode? data = null) => new() { Error = FlowError(code, message, data) };

    /// <summary>An error raised by a step or the flow. Defaults to <c>COMPONENT_FAILED</c> with a generic message.</summary>
    public static FlowError FlowError(TaskErrorCode code = TaskErrorCode.ComponentFailed, string message = "The component failed.",
        JsonNode? data = null) => new() { Code = code, Message = message, Data = data?.DeepClone() };

    /// <summary>
    /// One item's result. The status follows <paramref name="result"/> when not given: completed for a success,
    /// failed for a failure, running without a result; a finished item gets <c>completedAt</c>.
    /// </summary>
    public static ItemResult ItemResult(long itemIndex = 0, FlowResult? result = null, ExecutionStatus? status = null, DateTimeOffset? completedAt = null)
    {
        var itemStatus = status ?? result switch
        {
            Api.FlowResultFailed => ExecutionStatus.Failed,
            null => ExecutionStatus.Running,
            _ => ExecutionStatus.Completed,
        };
        return new ItemResult
        {
            ItemIndex = itemIndex,
            Status = itemStatus,
            Result = result,
            CompletedAt = EndFor(itemStatus, DateTimeOffset.UtcNow, completedAt),
        };
    }

    /// <summary>The results of a run's items (<c>GetRunItemsAsync</c>); <paramref name="itemCount"/> defaults to their number.</summary>
    public static ListItemsResponse ListItemsResponse(IEnumerable<ItemResult>? items = null, long? itemCount = null)
    {
        var list = items?.ToList() ?? [];
        return new ListItemsResponse { ItemCount = itemCount ?? list.Count, Items = list };
    }

    /// <summary>
    /// What <c>IStepflowExecutor.RunAsync</c> and <c>GetResultAsync</c> return. Give <paramref name="items"/> for a
    /// batch; otherwise one item is made: failed with <paramref name="error"/> if given, else successful with
    /// <paramref name="output"/> (or still running when <paramref name="status"/> is <c>Running</c>). The status
    /// follows the items unless given.
    /// </summary>
    public static Client.RunResult RunResult(object? output = null, Api.FlowError? error = null, ExecutionStatus? status = null,
        Guid? runId = null, IEnumerable<ItemResult>? items = null)
    {
        var list = items?.ToList() ?? [status == ExecutionStatus.Running
            ? ItemResult(0)
            : ItemResult(0, error is null ? FlowResultSuccess(output) : new Api.FlowResultFailed { Error = error })];
        return new Client.RunResult(runId ?? Guid.NewGuid(), status ?? StatusOf(list.Select(i => i.Status)), list);
    }

    /// <summary>One step of one item with its result (<c>GetStepDetailAsync</c>). Defaults to a completed <see cref="DefaultStepId"/>.</summary>
    public static StepStatusEntry StepStatusEntry(string stepId = DefaultStepId, long stepIndex = 0, long itemIndex = 0,
        StepStatus status = StepStatus.Completed, string? component = null, FlowResult? result = null, long journalSeqno = 0,
        DateTimeOffset? updatedAt = null) => new()
    {
        StepId = stepId,
        StepIndex = stepIndex,
        ItemIndex = itemIndex,
        Status = status,
        Component = component,
        Result = result,
        JournalSeqno = journalSeqno,
        UpdatedAt = updatedAt ?? DateTimeOffset.UtcNow,
    };

    /// <summary>One step's status in <see cref="ItemDetails"/>.</summary>
    public static StepStatusInfo StepStatusInfo(string stepId = DefaultStepId, StepStatus status = StepStatus.Completed) =>
        new() { StepId = stepId, Status = status };

    /// <summary>One step's status in <see cref="ListStepRunsResponse"/>.</summary>
    public static StepRunResponse StepRunResponse(string stepId = DefaultStepId, StepStatus status = StepStatus.Completed, string? component = null) =>
        new() { StepId = stepId, Status = status, Component = component };

    /// <summary>The steps of a run keyed by step id (<c>GetRunStepsAsync</c>), in the order given.</summary>
    public static ListStepRunsResponse ListStepRunsResponse(IEnumerable<StepRunResponse>? steps = null) =>
        new() { Steps = (steps ?? []).ToDictionary(s => s.StepId, StringComparer.Ordinal) };
}
