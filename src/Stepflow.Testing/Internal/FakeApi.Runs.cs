using System.Text.Json.Nodes;
using Stepflow.Client;
using WireMock;

namespace Stepflow.Testing.Internal;

internal sealed partial class FakeApi
{
    /// <summary>
    /// <c>POST /runs</c>: one item per input; 202 with the new run at once, or with <c>wait: true</c> 200 once it
    /// finished or <c>timeoutSecs</c> passed, carrying the status then and the results so far (docs/server-api.md §8.1).
    /// </summary>
    private async Task<ResponseMessage> CreateRunAsync(IncomingRequest request)
    {
        var body = ReadJsonBody(request);
        var flowId = OptionalString(body, "flowId") ?? throw Unprocessable("missing field `flowId`");
        var input = body["input"] as JsonArray
            ?? throw Unprocessable(body["input"] is null ? "missing field `input`" : "input: invalid type: expected a sequence");
        var overrides = body["overrides"];
        if (overrides is not (null or JsonObject) || (overrides is JsonObject o && o["steps"] is not JsonObject))
        {
            throw Unprocessable("overrides: missing field `steps`");
        }

        if (body["variables"] is not (null or JsonObject))
        {
            throw Unprocessable("variables: invalid type: expected a map");
        }

        var maxConcurrency = OptionalUnsigned(body, "maxConcurrency");
        var wait = OptionalBool(body, "wait") ?? false;
        var timeout = WaitOf(OptionalUnsigned(body, "timeoutSecs"));

        if (store.FindBlob(flowId)?.Flow is not { } document)
        {
            return Replies.Error(404, $"Workflow '{flowId}' not found");
        }

        var flow = new FlowInfo(flowId, document);
        var now = DateTimeOffset.UtcNow;
        var run = store.AddRun(order => new RunState(RunIds.NewV7(now), order, flow, [.. input.Select(i => i?.DeepClone())], now,
            overrides?.DeepClone(), body["variables"]?.DeepClone() as JsonObject,
            maxConcurrency is { } cap ? (long)Math.Min(cap, long.MaxValue) : null, store.Disposal));

        JsonObject created;
        lock (store.Gate)
        {
            // The server applies overrides after recording the run, so a bad override leaves a failed run behind.
            if ((overrides?["steps"] as JsonObject)?.Select(p => p.Key).FirstOrDefault(stepId => flow.IndexOfStep(stepId) < 0) is { } unknownStep)
            {
                run.Status = RunStatus.Failed;
                run.CompletedAt = now;
                return Replies.Error(400, $"failed to apply workflow overrides (no step '{unknownStep}' in the flow)");
            }

            RunSimulator.Created(run, now);
            created = run.ToSummary(forCreateResponse: true);
        }

        simulator.Start(run);
        store.Changed();
        if (!wait)
        {
            return Replies.Json(202, created);
        }

        await store.WaitUntilAsync(() => run.IsTerminal, timeout).ConfigureAwait(false);
        lock (store.Gate)
        {
            var json = run.ToSummary(forCreateResponse: true);
            json["results"] = run.ItemResults();
            return Replies.Json(200, json);
        }
    }

    /// <summary><c>GET /runs</c>: filtered, newest first, then <c>offset</c> and <c>limit</c> (docs/server-api.md §8.10).</summary>
    private ResponseMessage ListRuns(IncomingRequest request)
    {
        var status = request.Query("status") is { } text ? ParseStatus(text) : (RunStatus?)null;
        var flowName = request.Query("flowName");
        var rootRunId = QueryGuid(request, "rootRunId");
        var parentRunId = QueryGuid(request, "parentRunId");
        _ = request.QueryBool("rootsOnly"); // Checked for its form; the fake has no sub-runs, so every run is a root.
        _ = request.QueryUnsigned("maxDepth"); // Accepted and ignored, as by every server store.
        var limit = request.QueryUnsigned("limit");
        var offset = request.QueryUnsigned("offset") ?? 0;

        lock (store.Gate)
        {
            // No run has a parent, so a parentRunId filter matches nothing.
            var runs = store.Runs
                .Where(r => status is null || r.Status == status)
                .Where(r => flowName is null || r.Flow.Name == flowName)
                .Where(r => rootRunId is null || r.Id == rootRunId)
                .Where(r => parentRunId is null)
                .OrderByDescending(r => r.CreatedAt)
                .ThenByDescending(r => r.Order)
                .Skip((int)Math.Min(offset, int.MaxValue))
                .Take((int)Math.Min(limit ?? int.MaxValue, int.MaxValue));
            return Replies.Json(200, new JsonObject { ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)r.ToSummary())]) });
        }
    }

    /// <summary>
    /// <c>GET /runs/{id}</c>, optionally long-polling with <c>wait=true</c>. An unknown run is 404, but 500 when
    /// waiting, because the server's wait fails before its lookup (docs/server-api.md §8.3).
    /// </summary>
    private async Task<ResponseMessage> GetRunAsync(IncomingRequest request, Guid runId)
    {
        var wait = request.QueryBool("wait") ?? false;
        var timeout = WaitOf(request.QueryUnsigned("timeoutSecs"));
        if (store.FindRun(runId) is not { } run)
        {
            return wait ? Replies.Error(500, "state store error") : NotFound(runId);
        }

        if (wait)
        {
            await store.WaitUntilAsync(() => run.IsTerminal, timeout).ConfigureAwait(false);
        }

        lock (store.Gate)
        {
            return Replies.Json(200, run.ToDetails());
        }
    }

    /// <summary><c>DELETE /runs/{id}</c>: 409 while running; otherwise 200 with an empty body, and the run stays (docs/server-api.md §8.9).</summary>
    private ResponseMessage DeleteRun(Guid runId)
    {
        var run = RequireRun(runId);
        lock (store.Gate)
        {
            return run.Status == RunStatus.Running || run.Status == RunStatus.Paused
                ? Replies.Error(409, $"Execution '{runId}' is still running and cannot be deleted")
                : Replies.Empty(200);
        }
    }

    /// <summary><c>GET /runs/{id}/items</c>: <c>{itemCount, items}</c> by index (docs/server-api.md §8.4).</summary>
    private ResponseMessage GetRunItems(Guid runId)
    {
        var run = RequireRun(runId);
        lock (store.Gate)
        {
            return Replies.Json(200, new JsonObject { ["itemCount"] = run.Items.Count, ["items"] = run.ItemResults() });
        }
    }

    /// <summary><c>GET /runs/{id}/flow</c>: the flow the run executes.</summary>
    private ResponseMessage GetRunFlow(Guid runId)
    {
        var run = RequireRun(runId);
        return Replies.Json(200, new JsonObject { ["flow"] = run.Flow.Document.DeepClone(), ["flowId"] = run.Flow.FlowId });
    }

    /// <summary>
    /// <c>POST /runs/{id}/cancel</c>: 409 for a finished run; otherwise the run is marked cancelled and its
    /// summary returned. As on the server no <c>run_completed</c> event is journaled (docs/server-api.md §8.8).
    /// </summary>
    private ResponseMessage CancelRun(Guid runId)
    {
        var run = RequireRun(runId);
        ResponseMessage reply;
        lock (store.Gate)
        {
            if (run.IsTerminal)
            {
                // The status appears in Rust's Debug form, which is the PascalCase enum name.
                return Replies.Error(409, $"Run '{runId}' cannot be cancelled (status: {DebugName(run.Status)})");
            }

            run.Status = RunStatus.Cancelled;
            run.CompletedAt = DateTimeOffset.UtcNow;
            reply = Replies.Json(200, run.ToSummary());
        }

        // Unlike the server, the fake does stop the simulated items: their results stay "running".
        run.Execution.Cancel();
        store.Changed();
        return reply;
    }

    /// <summary>A status the way the server's messages print it: the Rust variant name (<c>Completed</c>, <c>RecoveryFailed</c>).</summary>
    private static string DebugName(RunStatus status)
    {
        var text = status.ToString();
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    private RunState RequireRun(Guid runId) => store.FindRun(runId) ?? throw new ReplyException(NotFound(runId));

    private static ResponseMessage NotFound(Guid runId) => Replies.Error(404, $"Execution '{runId}' not found");

    private static readonly RunStatus[] KnownStatuses =
        [RunStatus.Running, RunStatus.Completed, RunStatus.Failed, RunStatus.Cancelled, RunStatus.Paused, RunStatus.RecoveryFailed];

    private static RunStatus ParseStatus(string text) =>
        KnownStatuses.Cast<RunStatus?>().FirstOrDefault(s => s!.Value.ToString() == text)
        ?? throw new ReplyException(Replies.Rejection(400, $"Failed to deserialize query string: status: unknown variant `{text}`"));

    private static Guid? QueryGuid(IncomingRequest request, string name) => request.Query(name) switch
    {
        null => null,
        var text when Guid.TryParse(text, out var id) => id,
        var text => throw new ReplyException(Replies.Rejection(400, $"Failed to deserialize query string: {name}: invalid UUID `{text}`")),
    };
}
