using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>
/// Plays a run out over time: items start (at most <c>maxConcurrency</c> at once), wait their delay, take
/// their configured result, and the run finishes when every item has. Nothing of the flow is evaluated.
/// </summary>
internal sealed class RunSimulator(FakeStore store, Func<FlowInfo, ItemPlan> planFor)
{
    /// <summary>Journals <c>run_created</c> for a new run (under the lock).</summary>
    public static void Created(RunState run, DateTimeOffset now) =>
        run.Append(now, ("run_created", new JsonObject { ["flowId"] = run.Flow.FlowId, ["itemCount"] = run.Items.Count }, null));

    /// <summary>Starts the run in the background.</summary>
    public void Start(RunState run) => _ = Task.Run(() => ExecuteAsync(run));

    private async Task ExecuteAsync(RunState run)
    {
        var token = run.Execution.Token;
        var width = run.MaxConcurrency is > 0 and var limit && limit < run.Items.Count ? (int)limit : Math.Max(1, run.Items.Count);
        using var slots = new SemaphoreSlim(width);
        try
        {
            await Task.WhenAll(run.Items.Select(async item =>
            {
                await slots.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    await ExecuteItemAsync(run, item, token).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // Cancelled through the API or the server was disposed: the run stays as it is.
        }
#pragma warning disable CA1031 // A fault in the simulation itself must end the run visibly, not leave a test waiting for it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            FailRemaining(run, ex);
            return;
        }

        if (run.Items.Count == 0)
        {
            lock (store.Gate)
            {
                if (!run.IsTerminal)
                {
                    Finish(run, DateTimeOffset.UtcNow);
                }
            }

            store.Changed();
        }
    }

    /// <summary>Fails every item still without a result and ends the run, naming the fault.</summary>
    private void FailRemaining(RunState run, Exception fault)
    {
        lock (store.Gate)
        {
            if (run.IsTerminal)
            {
                return;
            }

            var now = DateTimeOffset.UtcNow;
            var failure = ItemOutcome.Failure(TaskErrorCode.OrchestratorError, $"The Stepflow test server failed: {fault.Message}");
            foreach (var item in run.Items.Where(i => i.Result is null))
            {
                Complete(run, item, failure, now);
            }

            Finish(run, now);
        }

        store.Changed();
    }

    private async Task ExecuteItemAsync(RunState run, ItemState item, CancellationToken token)
    {
        lock (store.Gate)
        {
            if (run.IsTerminal)
            {
                return;
            }

            var now = DateTimeOffset.UtcNow;
            run.Append(now, ("steps_needed", new JsonObject
            {
                ["itemIndex"] = item.Index,
                ["stepIds"] = new JsonArray([.. run.Flow.StepIds.Select(id => (JsonNode)id)]),
            }, null));
            if (run.Flow.StepIds.Count > 0)
            {
                // One journal entry that fans out into several events with the same id, as the server's batches do.
                var sequence = run.Append(now, [.. run.Flow.StepIds.Select((stepId, i) => ("step_started", new JsonObject
                {
                    ["itemIndex"] = item.Index,
                    ["stepIndex"] = i,
                    ["stepId"] = stepId,
                    ["attempt"] = 1,
                }, (ItemOutcome?)null))]);
                foreach (var step in item.Steps)
                {
                    step.Status = StepStatus.Running;
                    step.HasRow = true;
                    step.JournalSequence = sequence;
                    step.UpdatedAt = now;
                }
            }
        }

        store.Changed();
        var plan = planFor(run.Flow);
        await Task.Delay(plan.Delay, token).ConfigureAwait(false);
        var result = Produce(plan, item.Input);
        if (result is null)
        {
            // The test asked for an item that never finishes: wait for cancel or disposal.
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            return;
        }

        lock (store.Gate)
        {
            if (run.IsTerminal)
            {
                return; // Cancelled meanwhile.
            }

            Complete(run, item, result, DateTimeOffset.UtcNow);
            if (run.Items.All(i => i.Result is not null))
            {
                Finish(run, DateTimeOffset.UtcNow);
            }
        }

        store.Changed();
    }

    /// <summary>The configured result for an input; a throwing callback becomes a failed item that says so.</summary>
    private static ItemOutcome? Produce(ItemPlan plan, JsonNode? input)
    {
        try
        {
            return plan.Respond(input?.DeepClone());
        }
#pragma warning disable CA1031 // A test's callback may throw anything; the run must still end, and the item says why.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ItemOutcome.Failure(TaskErrorCode.OrchestratorError, $"The test server's result callback threw {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static void Complete(RunState run, ItemState item, ItemOutcome result, DateTimeOffset now)
    {
        var failed = !result.IsSuccess;
        item.Result = result;
        item.Status = failed ? RunStatus.Failed : RunStatus.Completed;
        item.CompletedAt = now;

        // The fake has no per-step values: every step completes with the item's result, except that in a
        // failed item the last step carries the failure.
        var last = run.Flow.StepIds.Count - 1;
        for (var i = 0; i <= last; i++)
        {
            var stepFailed = failed && i == last;
            var stepResult = stepFailed || !failed ? result : null;
            var step = item.Steps[i];
            step.Status = stepFailed ? StepStatus.Failed : StepStatus.Completed;
            step.Result = stepResult;
            step.HasRow = true;
            step.UpdatedAt = now;
            step.JournalSequence = run.Append(now, ("step_completed", new JsonObject
            {
                ["itemIndex"] = item.Index,
                ["stepIndex"] = i,
                ["stepId"] = run.Flow.StepIds[i],
                ["status"] = step.Status.ToString(),
            }, stepResult));
        }

        run.Append(now, ("item_completed", new JsonObject { ["itemIndex"] = item.Index }, result));
    }

    private static void Finish(RunState run, DateTimeOffset now)
    {
        run.Status = run.Items.Any(i => i.Status == RunStatus.Failed) ? RunStatus.Failed : RunStatus.Completed;
        run.CompletedAt = now;
        run.FinishedAtSequence = run.Append(now, ("run_completed", new JsonObject { ["status"] = run.Status.ToString() }, null));
    }
}
