using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing;

public static partial class StepflowModelFactory
{
    /// <summary>An error raised by a step or the flow. Defaults to <c>COMPONENT_FAILED</c> with a generic message.</summary>
    public static FlowError FlowError(TaskErrorCode? code = null, string message = "The component failed.", JsonNode? data = null) =>
        new() { Code = code ?? TaskErrorCode.ComponentFailed, Message = message, Data = data?.DeepClone() };

    /// <summary>
    /// One item's result (<c>GetRunItemsAsync</c>). Without <paramref name="outcome"/> the item has no result yet.
    /// The status follows the outcome when not given: completed for a success, failed for a failure, running
    /// without one; a finished item gets <c>CompletedAt</c>.
    /// </summary>
    public static ItemResult ItemResult(int itemIndex = 0, ItemOutcome? outcome = null, RunStatus? status = null, DateTimeOffset? completedAt = null)
    {
        var itemStatus = status ?? (outcome is null ? RunStatus.Running : outcome.IsSuccess ? RunStatus.Completed : RunStatus.Failed);
        return new ItemResult
        {
            ItemIndex = itemIndex,
            Status = itemStatus,
            Outcome = outcome is null ? ResultOutcome.Pending : outcome.IsSuccess ? ResultOutcome.Succeeded : ResultOutcome.Failed,
            Output = outcome?.Output?.DeepClone(),
            Error = outcome?.Error,
            CompletedAt = EndFor(itemStatus, DateTimeOffset.UtcNow, completedAt),
        };
    }

    /// <summary>
    /// What <c>IStepflowExecutor.RunAsync</c> and <c>GetResultAsync</c> return. Give <paramref name="items"/> for a
    /// batch; otherwise one item is made: failed with <paramref name="error"/> if given, else successful with
    /// <paramref name="output"/> (or still running when <paramref name="status"/> is <c>Running</c>). The status
    /// follows the items unless given.
    /// </summary>
    public static RunResult RunResult(object? output = null, FlowError? error = null, RunStatus? status = null,
        Guid? runId = null, IEnumerable<ItemResult>? items = null)
    {
        var list = items?.ToList() ?? [status == RunStatus.Running
            ? ItemResult(0)
            : ItemResult(0, error is null ? ItemOutcome.Success(output) : ItemOutcome.Failure(error))];
        return new RunResult(runId ?? Guid.NewGuid(), status ?? StatusOf(list.Select(i => i.Status)), list);
    }

    /// <summary>
    /// One step of a run (<c>GetRunStepsAsync</c>, <c>GetStepDetailAsync</c>). Defaults to a completed
    /// <see cref="DefaultStepId"/> of item 0; give <paramref name="outcome"/> for a step with its result.
    /// </summary>
    public static StepRun StepRun(string stepId = DefaultStepId, int? stepIndex = 0, int? itemIndex = 0, StepStatus? status = null,
        string? component = null, ItemOutcome? outcome = null, long? journalSequence = null, DateTimeOffset? updatedAt = null) => new()
    {
        StepId = stepId,
        StepIndex = stepIndex,
        ItemIndex = itemIndex,
        Component = component,
        Status = status ?? (outcome is { IsSuccess: false } ? StepStatus.Failed : StepStatus.Completed),
        Outcome = outcome is null ? ResultOutcome.Pending : outcome.IsSuccess ? ResultOutcome.Succeeded : ResultOutcome.Failed,
        Output = outcome?.Output?.DeepClone(),
        Error = outcome?.Error,
        JournalSequence = journalSequence,
        UpdatedAt = updatedAt,
    };
}
