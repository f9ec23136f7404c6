using System.Text.Json.Nodes;
using Stepflow.Client;
using WireMock;

namespace Stepflow.Testing.Internal;

internal sealed partial class FakeApi
{
    /// <summary>How far a step status is from done, for the all-items view: failed &gt; running &gt; runnable &gt; blocked &gt; skipped &gt; completed.</summary>
    private static readonly StepStatus[] WorstFirst =
        [StepStatus.Failed, StepStatus.Running, StepStatus.Runnable, StepStatus.Blocked, StepStatus.Skipped, StepStatus.Completed];

    /// <summary>
    /// <c>GET /runs/{id}/steps</c>: every flow step keyed by id, for one item or the worst over all items;
    /// <c>result</c> is never filled in, as on the server (docs/server-api.md §8.5).
    /// </summary>
    private ResponseMessage GetRunSteps(IncomingRequest request, Guid runId)
    {
        var itemIndex = request.QueryUnsigned("itemIndex");
        var run = RequireRun(runId);
        lock (store.Gate)
        {
            if (itemIndex >= (ulong)run.Items.Count)
            {
                return Replies.Error(400, $"Invalid request: Item index {itemIndex} out of bounds (run has {run.Items.Count} items)");
            }

            IReadOnlyList<ItemState> items = itemIndex is { } index ? [run.Items[(int)index]] : run.Items;
            var steps = new JsonObject();
            for (var i = 0; i < run.Flow.StepIds.Count; i++)
            {
                var statuses = items.Select(item => item.Steps[i].Status).ToList();
                var status = statuses.Count == 0 ? StepStatus.Blocked : WorstFirst.First(statuses.Contains);
                var entry = new JsonObject { ["stepId"] = run.Flow.StepIds[i] };
                if (run.Flow.Components[i] is { } component)
                {
                    entry["component"] = component;
                }

                entry["status"] = status.ToString();
                steps[run.Flow.StepIds[i]] = entry;
            }

            return Replies.Json(200, new JsonObject { ["steps"] = steps });
        }
    }

    /// <summary>
    /// <c>GET /runs/{id}/steps/{stepId}</c>: one step of one item with its result; 404 until the step has a
    /// status row, 409 while its journal sequence is behind <c>asof</c> (docs/server-api.md §8.6).
    /// </summary>
    private ResponseMessage GetStepDetail(IncomingRequest request, Guid runId, string stepId)
    {
        var itemIndex = request.QueryUnsigned("itemIndex") ?? 0;
        var asOf = request.QueryUnsigned("asof");
        var notFound = Replies.Error(404, $"Step '{stepId}' not found for run {runId}");
        if (store.FindRun(runId) is not { } run)
        {
            return notFound; // The server does not check the run separately.
        }

        lock (store.Gate)
        {
            var stepIndex = run.Flow.IndexOfStep(stepId);
            if (stepIndex < 0 || itemIndex >= (ulong)run.Items.Count || run.Items[(int)itemIndex].Steps[stepIndex] is not { HasRow: true } step)
            {
                return notFound;
            }

            if (asOf > (ulong)step.JournalSequence)
            {
                return Replies.Error(409, $"Metadata not yet consistent: step has journal_seqno={step.JournalSequence}, requested asof={asOf}");
            }

            var json = new JsonObject
            {
                ["stepId"] = stepId,
                ["stepIndex"] = stepIndex,
                ["itemIndex"] = itemIndex,
                ["status"] = step.Status.ToString(),
            };
            if (run.Flow.Components[stepIndex] is { } component)
            {
                json["component"] = component;
            }

            if (step.Result is not null)
            {
                json["result"] = WireJson.FlowResult(step.Result);
            }

            json["journalSeqno"] = step.JournalSequence;
            json["updatedAt"] = WireJson.Timestamp(step.UpdatedAt);
            return Replies.Json(200, json);
        }
    }
}
