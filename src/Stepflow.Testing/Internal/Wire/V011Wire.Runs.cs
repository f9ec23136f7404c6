using System.Text.Json.Nodes;
using Stepflow.Client;
using WireMock;

namespace Stepflow.Testing.Internal;

internal sealed partial class V011Wire
{
    private static readonly RunStatus[] KnownStatuses =
        [RunStatus.Running, RunStatus.Completed, RunStatus.Failed, RunStatus.Cancelled, RunStatus.Paused, RunStatus.RecoveryFailed];

    /// <summary>How far a step status is from done, for the all-items view: failed &gt; running &gt; runnable &gt; blocked &gt; skipped &gt; completed.</summary>
    private static readonly StepStatus[] WorstFirst =
        [StepStatus.Failed, StepStatus.Running, StepStatus.Runnable, StepStatus.Blocked, StepStatus.Skipped, StepStatus.Completed];

    /// <summary>
    /// <c>POST /runs</c>: one item per input; 202 with the new run at once, or with <c>wait: true</c> 200 once it
    /// finished or <c>timeoutSecs</c> passed, carrying the status then and the results so far (docs/server-api.md §8.1).
    /// </summary>
    public async Task<ResponseMessage> CreateRunAsync(IncomingRequest request)
    {
        var body = ReadJsonObject(request);
        var flowId = OptionalString(body, "flowId") ?? throw FrameworkRequests.Unprocessable("missing field `flowId`");
        var input = body["input"] as JsonArray
            ?? throw FrameworkRequests.Unprocessable(body["input"] is null ? "missing field `input`" : "input: invalid type: expected a sequence");
        var overrides = body["overrides"];
        if (overrides is not (null or JsonObject) || (overrides is JsonObject o && o["steps"] is not JsonObject))
        {
            throw FrameworkRequests.Unprocessable("overrides: missing field `steps`");
        }

        if (body["variables"] is not (null or JsonObject))
        {
            throw FrameworkRequests.Unprocessable("variables: invalid type: expected a map");
        }

        var maxConcurrency = OptionalUnsigned(body, "maxConcurrency");
        var wait = OptionalBool(body, "wait") ?? false;
        var timeout = FakeCore.WaitOf(OptionalUnsigned(body, "timeoutSecs"));

        var lookup = core.FindFlow(flowId);
        if (lookup.Flow is not { } flow)
        {
            return Error(404, $"Workflow '{flowId}' not found");
        }

        JsonObject? created = null;
        var (run, refusal) = core.CreateRun(flow, lookup, [.. input], overrides as JsonObject, body["variables"] as JsonObject,
            maxConcurrency is { } cap ? (long)Math.Min(cap, long.MaxValue) : null, started => created = Summary(started, forCreateResponse: true));
        if (refusal is not null)
        {
            return Error(400, refusal.Kind switch
            {
                RunRefusalKind.UnknownOverrideStep => $"failed to apply workflow overrides (no step '{refusal.StepId}' in the flow)",
                RunRefusalKind.UnsupportedOverride => $"failed to apply workflow overrides (json_patch is not supported, step '{refusal.StepId}')",
                _ => "error analyzing workflow",
            });
        }

        if (!wait)
        {
            return Replies.Json(202, created!);
        }

        await core.WaitForTerminalAsync(run, timeout).ConfigureAwait(false);
        lock (core.Gate)
        {
            var json = Summary(run, forCreateResponse: true);
            json["results"] = ItemResults(run);
            return Replies.Json(200, json);
        }
    }

    /// <summary><c>GET /runs</c>: filtered by a status name, newest first, then <c>offset</c> and <c>limit</c> (docs/server-api.md §8.10).</summary>
    public ResponseMessage ListRuns(IncomingRequest request)
    {
        var status = request.Query("status") is { } text ? ParseStatus(text) : (RunStatus?)null;
        var flowName = request.Query("flowName");
        var rootRunId = QueryGuid(request, "rootRunId");
        var parentRunId = QueryGuid(request, "parentRunId");
        _ = request.QueryBool("rootsOnly"); // Checked for its form; the fake has no sub-runs, so every run is a root.
        _ = request.QueryUnsigned("maxDepth"); // Accepted and ignored, as by every server store.
        var limit = request.QueryUnsigned("limit");
        var offset = request.QueryUnsigned("offset") ?? 0;

        lock (core.Gate)
        {
            var runs = core.ListRuns(new RunFilter(status, flowName, rootRunId, parentRunId, limit, offset));
            return Replies.Json(200, new JsonObject { ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)Summary(r))]) });
        }
    }

    /// <summary>
    /// <c>GET /runs/{id}</c>, optionally long-polling with <c>wait=true</c>. An unknown run is 404, but 500 when
    /// waiting, because the server's wait fails before its lookup (docs/server-api.md §8.3).
    /// </summary>
    public async Task<ResponseMessage> GetRunAsync(IncomingRequest request, string runId)
    {
        var id = ParseRunId(runId);
        var wait = request.QueryBool("wait") ?? false;
        var timeout = FakeCore.WaitOf(request.QueryUnsigned("timeoutSecs"));
        if (core.FindRun(id) is not { } run)
        {
            return wait ? Error(500, "state store error") : NotFound(id);
        }

        if (wait)
        {
            await core.WaitForTerminalAsync(run, timeout).ConfigureAwait(false);
        }

        lock (core.Gate)
        {
            return Replies.Json(200, Details(run));
        }
    }

    /// <summary><c>DELETE /runs/{id}</c>: 409 while running; otherwise 200 with an empty body, and the run stays (docs/server-api.md §8.9).</summary>
    public ResponseMessage DeleteRun(IncomingRequest request, string runId)
    {
        var id = ParseRunId(runId);
        var run = RequireRun(id);
        lock (core.Gate)
        {
            return run.Status == RunStatus.Running || run.Status == RunStatus.Paused
                ? Error(409, $"Execution '{id}' is still running and cannot be deleted")
                : Replies.Empty(200);
        }
    }

    /// <summary><c>GET /runs/{id}/items</c>: <c>{itemCount, items}</c> by index (docs/server-api.md §8.4).</summary>
    public ResponseMessage GetRunItems(IncomingRequest request, string runId)
    {
        var run = RequireRun(ParseRunId(runId));
        lock (core.Gate)
        {
            return Replies.Json(200, new JsonObject { ["itemCount"] = run.Items.Count, ["items"] = ItemResults(run) });
        }
    }

    /// <summary><c>GET /runs/{id}/flow</c>: the flow the run executes (docs/server-api.md §8.7).</summary>
    public ResponseMessage GetRunFlow(IncomingRequest request, string runId)
    {
        var run = RequireRun(ParseRunId(runId));
        return Replies.Json(200, new JsonObject { ["flow"] = run.Flow.Document.DeepClone(), ["flowId"] = run.Flow.FlowId });
    }

    /// <summary>
    /// <c>POST /runs/{id}/cancel</c>: 409 for a finished run; otherwise the run is marked cancelled and its
    /// summary returned. As on the server no <c>run_completed</c> event is journaled (docs/server-api.md §8.8); unlike
    /// the server, the fake stops the simulated items, whose results stay "running".
    /// </summary>
    public ResponseMessage CancelRun(IncomingRequest request, string runId)
    {
        var id = ParseRunId(runId);
        var run = RequireRun(id);
        return core.Cancel(run, refuseFinished: true, stopExecution: true, cancelled => cancelled
            ? Replies.Json(200, Summary(run))
            // The status appears in Rust's Debug form, which is the PascalCase enum name.
            : Error(409, $"Run '{id}' cannot be cancelled (status: {DebugName(run.Status)})"));
    }

    /// <summary>
    /// <c>GET /runs/{id}/steps</c>: every flow step keyed by id, for one item or the worst over all items;
    /// <c>result</c> is never filled in, as on the server (docs/server-api.md §8.5).
    /// </summary>
    public ResponseMessage GetRunSteps(IncomingRequest request, string runId)
    {
        var id = ParseRunId(runId);
        var itemIndex = request.QueryUnsigned("itemIndex");
        var run = RequireRun(id);
        lock (core.Gate)
        {
            if (itemIndex >= (ulong)run.Items.Count)
            {
                return Error(400, $"Invalid request: Item index {itemIndex} out of bounds (run has {run.Items.Count} items)");
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
    public ResponseMessage GetStepDetail(IncomingRequest request, string runId, string stepId)
    {
        var id = ParseRunId(runId);
        var itemIndex = request.QueryUnsigned("itemIndex") ?? 0;
        var asOf = request.QueryUnsigned("asof");
        var notFound = Error(404, $"Step '{stepId}' not found for run {id}");
        if (core.FindRun(id) is not { } run)
        {
            return notFound; // The server does not check the run separately.
        }

        lock (core.Gate)
        {
            var stepIndex = run.Flow.IndexOfStep(stepId);
            if (stepIndex < 0 || itemIndex >= (ulong)run.Items.Count || run.Items[(int)itemIndex].Steps[stepIndex] is not { HasRow: true } step)
            {
                return notFound;
            }

            if (asOf > (ulong)step.JournalSequence)
            {
                return Error(409, $"Metadata not yet consistent: step has journal_seqno={step.JournalSequence}, requested asof={asOf}");
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
                json["result"] = FlowResult(step.Result);
            }

            json["journalSeqno"] = step.JournalSequence;
            json["updatedAt"] = Timestamp(step.UpdatedAt);
            return Replies.Json(200, json);
        }
    }

    /// <summary>A status the way the server's messages print it: the Rust variant name (<c>Completed</c>, <c>RecoveryFailed</c>).</summary>
    private static string DebugName(RunStatus status)
    {
        var text = status.ToString();
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static RunStatus ParseStatus(string text) =>
        KnownStatuses.Cast<RunStatus?>().FirstOrDefault(s => s!.Value.ToString() == text)
        ?? throw FrameworkRequests.BadQuery($"status: unknown variant `{text}`");

    private static Guid? QueryGuid(IncomingRequest request, string name) => request.Query(name) switch
    {
        null => null,
        var text when Guid.TryParse(text, out var id) => id,
        var text => throw FrameworkRequests.BadQuery($"{name}: invalid UUID `{text}`"),
    };
}
