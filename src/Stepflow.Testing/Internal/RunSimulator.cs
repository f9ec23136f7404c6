using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>
/// Plays a run out over time: items start (at most <c>maxConcurrency</c> at once), wait their delay, take
/// their configured result, and the run finishes when every item has. Nothing of the flow is evaluated. What is
/// journaled follows the <see cref="ExecutorProfile"/> of the emulated generation; the rest is the same for all.
/// </summary>
internal sealed class RunSimulator(FakeStore store, Func<FlowInfo, ItemPlan> planFor, ExecutorProfile profile)
{
    /// <summary>Journals the run's creation (under the lock).</summary>
    public static void Created(RunState run, DateTimeOffset now) =>
        run.Append(now, new JournalEvent(JournalEventType.RunCreated) { FlowId = run.Flow.FlowId, ItemCount = run.Items.Count });

    /// <summary>Starts the run in the background.</summary>
    public void Start(RunState run) => _ = Task.Run(() => ExecuteAsync(run));

    private async Task ExecuteAsync(RunState run)
    {
        var token = run.Execution.Token;
        var width = run.MaxConcurrency is > 0 and var limit && limit < run.Items.Count ? (int)limit : Math.Max(1, run.Items.Count);
        using var slots = new SemaphoreSlim(width);
        // Items that start at once are journaled as one batch when the profile says so; the others start one by one.
        var together = profile.StartsFirstItemsTogether ? Math.Min(width, run.Items.Count) : 0;
        try
        {
            if (together > 0)
            {
                for (var i = 0; i < together; i++)
                {
                    await slots.WaitAsync(token).ConfigureAwait(false);
                }

                StartItems(run, run.Items.Take(together).ToList());
            }

            await Task.WhenAll(run.Items.Select(async item =>
            {
                if (item.Index >= together)
                {
                    await slots.WaitAsync(token).ConfigureAwait(false);
                    StartItems(run, [item]);
                }

                try
                {
                    await FinishItemAsync(run, item, token).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // The execution was stopped (a cancel that stops it, or the server was disposed): the run stays as it is.
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
                if (run.IsExecuting)
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
            if (!run.IsExecuting)
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

    /// <summary>
    /// Journals the start of <paramref name="items"/>: per item the steps it needs, then (one batch) the steps
    /// ready when the profile says so, then (one batch for all the items) every step started. The fake has no
    /// dependencies between steps: all of an item's steps start with it.
    /// </summary>
    private void StartItems(RunState run, IReadOnlyList<ItemState> items)
    {
        lock (store.Gate)
        {
            if (!run.IsExecuting)
            {
                return;
            }

            var now = DateTimeOffset.UtcNow;
            foreach (var item in items)
            {
                run.Append(now, new JournalEvent(JournalEventType.StepsNeeded) { ItemIndex = item.Index, StepIds = run.Flow.StepIds });
            }

            var steps = items.SelectMany(item => run.Flow.StepIds.Select((stepId, i) => (Item: item, Index: i, Id: stepId))).ToList();
            if (steps.Count > 0)
            {
                if (profile.JournalsStepReady)
                {
                    var ready = run.Append(now, [.. steps.Select(s =>
                        new JournalEvent(JournalEventType.StepReady) { ItemIndex = s.Item.Index, StepIndex = s.Index, StepId = s.Id })]);
                    foreach (var (item, index, _) in steps)
                    {
                        item.Steps[index].Status = StepStatus.Runnable;
                        item.Steps[index].HasRow = true;
                        item.Steps[index].JournalSequence = ready;
                        item.Steps[index].UpdatedAt = now;
                    }
                }

                // One journal entry that fans out into several events with the same number, as the server's batches do.
                var started = run.Append(now, [.. steps.Select(s =>
                    new JournalEvent(JournalEventType.StepStarted) { ItemIndex = s.Item.Index, StepIndex = s.Index, StepId = s.Id, Attempt = 1 })]);
                foreach (var (item, index, _) in steps)
                {
                    item.Steps[index].Status = StepStatus.Running;
                    item.Steps[index].HasRow = true;
                    item.Steps[index].JournalSequence = started;
                    item.Steps[index].UpdatedAt = now;
                }
            }
        }

        store.Changed();
    }

    private async Task FinishItemAsync(RunState run, ItemState item, CancellationToken token)
    {
        var plan = planFor(run.Flow);
        await Task.Delay(plan.Delay, token).ConfigureAwait(false);
        var result = Produce(plan, item.Input);
        if (result is null)
        {
            // The test asked for an item that never finishes: wait until the execution is stopped or the server disposed.
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            return;
        }

        lock (store.Gate)
        {
            if (!run.IsExecuting)
            {
                return; // Stopped meanwhile.
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

    private void Complete(RunState run, ItemState item, ItemOutcome result, DateTimeOffset now)
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
            step.JournalSequence = run.Append(now, new JournalEvent(JournalEventType.StepCompleted)
            {
                ItemIndex = item.Index,
                StepIndex = i,
                StepId = run.Flow.StepIds[i],
                StepStatus = step.Status,
                Result = stepResult,
            });
        }

        if (profile.JournalsItemCompletion)
        {
            run.Append(now, new JournalEvent(JournalEventType.ItemCompleted) { ItemIndex = item.Index, Result = result });
        }
    }

    /// <summary>
    /// Records the run's end: its status from its items, whatever a cancel stored meanwhile (on 0.12/0.13 a
    /// cancel does not stop the execution, which then flips the status back, docs/server-api.md §8.8).
    /// </summary>
    private static void Finish(RunState run, DateTimeOffset now)
    {
        run.Status = run.Items.Any(i => i.Status == RunStatus.Failed) ? RunStatus.Failed : RunStatus.Completed;
        run.CompletedAt = now;
        run.ExecutionFinished = true;
        run.FinishedAtSequence = run.Append(now, new JournalEvent(JournalEventType.RunCompleted) { RunStatus = run.Status });
    }
}
