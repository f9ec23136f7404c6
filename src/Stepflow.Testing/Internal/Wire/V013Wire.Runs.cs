using System.Text.Json.Nodes;
using Stepflow.Client;
using WireMock;

namespace Stepflow.Testing.Internal;

internal partial class V013Wire
{
    /// <summary>
    /// <c>POST /runs</c>: always 200 <c>{summary, results}</c>; <c>results</c> is <c>[]</c> without <c>wait</c>, and with
    /// it one entry per item even on timeout (docs/server-api.md §8.1). Body shape errors are the framework's
    /// plain-text 422s (<c>"wait": null</c>, a string <c>timeoutSecs</c>); a malformed flow id is refused before any
    /// run exists; bad overrides and fatal analysis leave a failed run behind.
    /// </summary>
    public async Task<ResponseMessage> CreateRunAsync(IncomingRequest request)
    {
        var body = ReadBody(request, "CreateRunRequest");
        var flowId = StringField(body, "flowId") ?? string.Empty;
        var input = Field(body, "input", nullable: false, "a sequence", node => node as JsonArray) ?? [];
        var overrides = Field(body, "overrides", nullable: true, "struct Struct", node => node as JsonObject);
        var variables = Field(body, "variables", nullable: false, "a map", node => node as JsonObject);
        var maxConcurrency = UnsignedField(body, "maxConcurrency", uint.MaxValue);
        var wait = BoolField(body, "wait") ?? false;
        var timeout = FakeCore.WaitOf(UnsignedField(body, "timeoutSecs", ulong.MaxValue));

        CheckFlowId(flowId);
        var lookup = Core.FindFlow(flowId);
        var flow = lookup.Status switch
        {
            FlowLookupStatus.Found => lookup.Flow!,
            FlowLookupStatus.Unreadable => throw Internal("failed to get flow: Serialization error"),
            _ => throw NotFound($"flow '{flowId}' not found"),
        };
        CheckOverrides(overrides);

        JsonObject? created = null;
        var (run, refusal) = Core.CreateRun(flow, lookup, [.. input], overrides, variables, (long?)maxConcurrency,
            started => created = Summary(started, forCreateResponse: true));
        if (refusal is not null)
        {
            throw Invalid(refusal.Kind == RunRefusalKind.AnalysisFailed ? "error analyzing workflow" : "failed to apply workflow overrides");
        }

        if (!wait)
        {
            return Replies.Json(200, new JsonObject { ["summary"] = created, ["results"] = new JsonArray() });
        }

        await Core.WaitForTerminalAsync(run, timeout).ConfigureAwait(false);
        lock (Core.Gate)
        {
            return Replies.Json(200, new JsonObject
            {
                ["summary"] = Summary(run, forCreateResponse: true),
                ["results"] = new JsonArray([.. run.Items.Select(item => (JsonNode)ItemResult(item))]),
            });
        }
    }

    /// <summary>Overrides are read as <c>WorkflowOverrides</c>: <c>steps</c> required, each with a <c>value</c> and a known <c>$type</c>; no run is created otherwise.</summary>
    private static void CheckOverrides(JsonObject? overrides)
    {
        if (overrides is null)
        {
            return;
        }

        if (!overrides.TryGetPropertyValue("steps", out var steps) || steps is null)
        {
            throw Invalid("invalid overrides: missing field `steps`");
        }

        if (steps is not JsonObject stepOverrides)
        {
            throw Invalid($"invalid overrides: invalid type: {FrameworkRequests.Describe(steps)}, expected a map");
        }

        foreach (var (_, stepOverride) in stepOverrides)
        {
            if (stepOverride is not JsonObject entry || !entry.ContainsKey("value"))
            {
                throw Invalid("invalid overrides: missing field `value`");
            }

            if (entry["$type"] is { } type && FlowInfo.StringOf(type) is not ("merge_patch" or "json_patch"))
            {
                throw Invalid($"invalid overrides: unknown variant `{FlowInfo.StringOf(type) ?? type.ToJsonString()}`, expected `merge_patch` or `json_patch`");
            }
        }
    }

    /// <summary>
    /// <c>GET /runs</c> <c>{runs}</c>, newest first: <c>status</c> is an integer (0 or an unknown number: no filter; a
    /// name is a 400), unparsable <c>rootRunId</c>/<c>parentRunId</c> are ignored (docs/server-api.md §8.10).
    /// </summary>
    public ResponseMessage ListRuns(IncomingRequest request)
    {
        var status = QueryEnum(request, "status") is { } value ? ProtoJson.StatusOf(value) : null;
        var flowName = QueryText(request, "flowName");
        var rootRunId = Guid.TryParse(QueryText(request, "rootRunId"), out var root) ? root : (Guid?)null;
        var parentRunId = Guid.TryParse(QueryText(request, "parentRunId"), out var parent) ? parent : (Guid?)null;
        _ = QueryBool(request, "rootsOnly"); // The fake has no sub-runs: every run is a root.
        _ = QueryUnsigned(request, "maxDepth"); // Accepted and ignored.
        var limit = QueryUnsigned(request, "limit");
        var offset = QueryUnsigned(request, "offset") ?? 0;
        lock (Core.Gate)
        {
            var runs = Core.ListRuns(new RunFilter(status, flowName, rootRunId, parentRunId, limit, offset));
            return Replies.Json(200, new JsonObject { ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)Summary(r))]) });
        }
    }

    /// <summary>
    /// <c>GET /runs/{id}</c> <c>{summary, steps}</c>, with <c>wait</c>/<c>timeoutSecs</c> as a long poll; an unknown run is
    /// 404 also when waiting (docs/server-api.md §8.2, §8.3).
    /// </summary>
    public async Task<ResponseMessage> GetRunAsync(IncomingRequest request, string runId)
    {
        var wait = QueryBool(request, "wait") ?? false;
        var timeout = FakeCore.WaitOf(QueryUnsigned(request, "timeoutSecs"));
        var run = RequireRun(ParseRunId(runId), runId);
        if (wait)
        {
            await Core.WaitForTerminalAsync(run, timeout).ConfigureAwait(false);
        }

        lock (Core.Gate)
        {
            return Replies.Json(200, new JsonObject { ["summary"] = Summary(run), ["steps"] = StepRows(run, null) });
        }
    }

    /// <summary><c>DELETE /runs/{id}</c>: 412 for a running or paused run, otherwise 200 <c>{}</c>; nothing is deleted (docs/server-api.md §8.9).</summary>
    public ResponseMessage DeleteRun(IncomingRequest request, string runId)
    {
        var run = RequireRun(ParseRunId(runId), runId);
        lock (Core.Gate)
        {
            if (run.Status == RunStatus.Running || run.Status == RunStatus.Paused)
            {
                throw FailedPrecondition($"run '{runId}' is still {(run.Status == RunStatus.Running ? "Running" : "Paused")} and cannot be deleted");
            }
        }

        return Replies.Json(200, new JsonObject());
    }

    /// <summary><c>GET /runs/{id}/items</c> <c>{results}</c>, by index or (<c>resultOrder=2</c>) by completion; an unknown run is 200 with none (docs/server-api.md §8.4).</summary>
    public ResponseMessage GetRunItems(IncomingRequest request, string runId)
    {
        var byCompletion = QueryEnum(request, "resultOrder") == 2;
        var id = ParseRunId(runId);
        lock (Core.Gate)
        {
            var items = Core.FindRun(id) is { } run ? (byCompletion ? run.ItemsByCompletion() : run.Items) : [];
            return Replies.Json(200, new JsonObject { ["results"] = new JsonArray([.. items.Select(item => (JsonNode)ItemResult(item))]) });
        }
    }

    /// <summary><c>GET /runs/{id}/flow</c> <c>{flow, flowId}</c>, the flow as a <c>Struct</c> (docs/server-api.md §8.7).</summary>
    public ResponseMessage GetRunFlow(IncomingRequest request, string runId)
    {
        var id = ParseRunId(runId);
        var run = RequireRun(id, id.ToString("D"));
        return Replies.Json(200, new JsonObject { ["flow"] = ProtoJson.Struct(run.Flow.Document), ["flowId"] = run.Flow.FlowId });
    }

    /// <summary>
    /// <c>POST /runs/{id}/cancel</c> <c>{summary}</c>: the status becomes 4 whatever it was, with a new <c>completedAt</c>,
    /// but the execution goes on: when it finishes, the run's completion overwrites the status with 2 or 3 and its
    /// event stream ends with that <c>RunCompleted</c> (docs/server-api.md §8.8).
    /// </summary>
    public ResponseMessage CancelRun(IncomingRequest request, string runId)
    {
        var id = ParseRunId(runId);
        var run = RequireRun(id, id.ToString("D"));
        return Core.Cancel(run, refuseFinished: false, stopExecution: false, _ => Replies.Json(200, new JsonObject { ["summary"] = Summary(run) }));
    }

    /// <summary><c>GET /runs/{id}/steps</c> <c>{steps: [rows]}</c>: recorded rows only; an unknown run or an item index out of range gives none (docs/server-api.md §8.5).</summary>
    public ResponseMessage GetRunSteps(IncomingRequest request, string runId)
    {
        var itemIndex = QueryUnsigned(request, "itemIndex");
        var id = ParseRunId(runId);
        lock (Core.Gate)
        {
            return Replies.Json(200, new JsonObject { ["steps"] = Core.FindRun(id) is { } run ? StepRows(run, itemIndex) : new JsonArray() });
        }
    }

    /// <summary>
    /// <c>GET /runs/{id}/steps/{stepId}</c> <c>{step}</c> for <c>itemIndex</c> (default 0): 404 without a row (unknown run
    /// included), 412 while the row is behind <c>asof</c> (docs/server-api.md §8.6).
    /// </summary>
    public ResponseMessage GetStepDetail(IncomingRequest request, string runId, string stepId)
    {
        var itemIndex = QueryUnsigned(request, "itemIndex") ?? 0;
        var asOf = QueryUnsigned(request, "asof");
        var id = ParseRunId(runId);
        lock (Core.Gate)
        {
            var run = Core.FindRun(id);
            var stepIndex = run?.Flow.IndexOfStep(stepId) ?? -1;
            if (run is null || stepIndex < 0 || itemIndex >= (ulong)run.Items.Count || run.Items[(int)itemIndex].Steps[stepIndex] is not { HasRow: true } step)
            {
                throw NotFound($"step '{stepId}' not found");
            }

            if (asOf > (ulong)step.JournalSequence)
            {
                throw FailedPrecondition($"metadata not yet consistent: step has journal_seqno={step.JournalSequence}, requested asof={asOf}");
            }

            return Replies.Json(200, new JsonObject { ["step"] = StepRow(run, run.Items[(int)itemIndex], stepIndex) });
        }
    }

    /// <summary>
    /// A <c>RunSummary</c>: <c>flowName</c> and <c>completedAt</c> only when set, integer status, numeric sequence
    /// numbers; the one in a <c>POST /runs</c> answer never has <c>orchestratorId</c> or <c>finishedAtSeqno</c>.
    /// </summary>
    protected static JsonObject Summary(RunState run, bool forCreateResponse = false)
    {
        var counts = run.Counts();
        var json = new JsonObject { ["runId"] = run.Id.ToString("D"), ["flowId"] = run.Flow.FlowId };
        if (run.Flow.Name is { } name)
        {
            json["flowName"] = name;
        }

        json["status"] = ProtoJson.Status(run.Status);
        json["items"] = new JsonObject
        {
            ["total"] = counts.Total,
            ["completed"] = counts.Completed,
            ["running"] = counts.Running,
            ["failed"] = counts.Failed,
            ["cancelled"] = counts.Cancelled,
        };
        json["createdAt"] = ProtoJson.Timestamp(run.CreatedAt);
        if (run.CompletedAt is { } done)
        {
            json["completedAt"] = ProtoJson.Timestamp(done);
        }

        json["rootRunId"] = run.Id.ToString("D");
        if (!forCreateResponse)
        {
            json["orchestratorId"] = RunState.OrchestratorId;
        }

        json["createdAtSeqno"] = 0;
        if (!forCreateResponse && run.FinishedAtSequence is { } finished)
        {
            json["finishedAtSeqno"] = finished;
        }

        return json;
    }

    /// <summary>
    /// An <c>ItemResult</c> <c>{itemIndex, status, output?, errorMessage?, errorCode?, completedAt?}</c>: a success is 2
    /// with <c>output</c>, a failure 3 with the message and code (the error's data is lost), an unfinished item 1.
    /// </summary>
    private static JsonObject ItemResult(ItemState item)
    {
        var json = new JsonObject
        {
            ["itemIndex"] = item.Index,
            ["status"] = item.Result is null ? ProtoJson.Status(RunStatus.Running) : ProtoJson.Status(item.Status),
        };
        AddOutcome(json, item.Result);
        if (item.CompletedAt is { } done)
        {
            json["completedAt"] = ProtoJson.Timestamp(done);
        }

        return json;
    }

    private static void AddOutcome(JsonObject json, ItemOutcome? outcome)
    {
        if (outcome is null)
        {
            return;
        }

        if (outcome.IsSuccess)
        {
            json["output"] = ProtoJson.Struct(outcome.Output);
        }
        else
        {
            json["errorMessage"] = outcome.Error?.Message ?? string.Empty;
            json["errorCode"] = ProtoJson.ErrorCode(outcome.Error?.Code ?? TaskErrorCode.Unspecified);
        }
    }

    /// <summary>Every recorded (item, step) row of a run, or of one item; an index out of range gives none.</summary>
    private static JsonArray StepRows(RunState run, ulong? itemIndex)
    {
        var items = itemIndex is { } index ? run.Items.Where(i => (ulong)i.Index == index) : run.Items;
        return new JsonArray([.. items.SelectMany(item => Enumerable.Range(0, run.Flow.StepIds.Count)
            .Where(i => item.Steps[i].HasRow)
            .Select(i => (JsonNode)StepRow(run, item, i)))]);
    }

    /// <summary>
    /// A <c>StepStatus</c> row <c>{stepId, stepIndex, itemIndex, status, component?, output?, errorMessage?, errorCode?,
    /// journalSeqno, updatedAt}</c>, the status folded into an <c>ExecutionStatus</c>; never <c>startedAt</c>/<c>completedAt</c>.
    /// </summary>
    private static JsonObject StepRow(RunState run, ItemState item, int stepIndex)
    {
        var step = item.Steps[stepIndex];
        var json = new JsonObject
        {
            ["stepId"] = run.Flow.StepIds[stepIndex],
            ["stepIndex"] = stepIndex,
            ["itemIndex"] = item.Index,
            ["status"] = ProtoJson.Status(step.Status),
        };
        if (run.Flow.Components[stepIndex] is { } component)
        {
            json["component"] = component;
        }

        AddOutcome(json, step.Result);
        json["journalSeqno"] = step.JournalSequence;
        json["updatedAt"] = ProtoJson.Timestamp(step.UpdatedAt);
        return json;
    }
}
