using System.Globalization;
using System.Text.Json.Nodes;
using Stepflow.Client;
using WireMock;

namespace Stepflow.Testing.Internal;

/// <summary>
/// The wire of the 0.11 server line (the axum server of 0.11.0, 0.11.1 and the development builds after them):
/// camelCase JSON with string enums, flattened run summaries, <c>ErrorResponse</c> bodies sent as
/// <c>text/plain</c>, 202 on run creation, <c>id:</c>/<c>event:</c>/<c>data:</c> event frames
/// (docs/server-api.md §2–§10, the 0.11 columns). The behaviour behind it is <see cref="FakeCore"/>'s.
/// </summary>
internal sealed partial class V011Wire(FakeCore core) : IWireDialect
{
    /// <summary>The server version this dialect reports.</summary>
    public const string ServerVersion = "0.11.1";

    public StepflowServerEmulation Emulation => StepflowServerEmulation.V0_11;

    public bool AnswersHeadLikeGet => false;

    public ResponseMessage MethodNotAllowed(IReadOnlyList<string> allowedMethods) => Replies.Empty(405);

    public ResponseMessage ServiceError(IncomingRequest request, int status, string message) => Error(status, message);

    /// <summary>
    /// An <c>ErrorResponse</c> (<c>{code, message, stack}</c>). The server renders it to a string first, so it
    /// goes out as <c>text/plain</c> although it is JSON (docs/server-api.md §3.1).
    /// </summary>
    private static ResponseMessage Error(int status, string message) => Replies.PlainTextBody(status, ContentIds.CompactJson(new JsonObject
    {
        ["code"] = status,
        ["message"] = message,
        ["stack"] = new JsonArray(new JsonObject { ["error"] = message }),
    }));

    /// <summary>A run id from the path; anything but a UUID is a plain-text 400, as axum's path extractor answers.</summary>
    private static Guid ParseRunId(string text) => Guid.TryParse(text, out var id)
        ? id
        : throw new ReplyException(Replies.Rejection(400,
            $"Invalid URL: Cannot parse `{text}` to a `Uuid`: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]"));

    private RunState RequireRun(Guid runId) => core.FindRun(runId) ?? throw new ReplyException(NotFound(runId));

    private static ResponseMessage NotFound(Guid runId) => Error(404, $"Execution '{runId}' not found");

    /// <summary>A JSON request body that must be an object (422 otherwise), after the framework's 415/400 checks.</summary>
    private static JsonObject ReadJsonObject(IncomingRequest request) =>
        FrameworkRequests.ReadJson(request) as JsonObject ?? throw FrameworkRequests.Unprocessable("invalid type: expected a JSON object");

    private static string? OptionalString(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        _ => throw FrameworkRequests.Unprocessable($"{name}: invalid type: expected a string"),
    };

    private static bool? OptionalBool(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out bool flag) => flag,
        _ => throw FrameworkRequests.Unprocessable($"{name}: invalid type: expected a boolean"),
    };

    private static ulong? OptionalUnsigned(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out ulong number) => number,
        _ => throw FrameworkRequests.Unprocessable($"{name}: invalid type: expected an unsigned integer"),
    };

    /// <summary>RFC 3339 UTC with a <c>Z</c> and microseconds, like chrono's output.</summary>
    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>{"outcome":"success","result":…}</c> or <c>{"outcome":"failed","error":{code,message,data?}}</c>.</summary>
    private static JsonObject FlowResult(ItemOutcome result) => result.IsSuccess
        ? new JsonObject { ["outcome"] = "success", ["result"] = result.Output?.DeepClone() }
        : new JsonObject { ["outcome"] = "failed", ["error"] = FlowError(result.Error) };

    private static JsonObject FlowError(FlowError? error)
    {
        var json = new JsonObject
        {
            ["code"] = (error?.Code ?? TaskErrorCode.Unspecified).ToString(),
            ["message"] = error?.Message ?? string.Empty,
        };
        if (error?.Data is { } data)
        {
            json["data"] = data.DeepClone();
        }

        return json;
    }

    /// <summary>
    /// The <c>RunSummary</c> fields: <c>flowName</c> and <c>completedAt</c> always present, maybe null.
    /// <c>CreateRunResponse</c> never has orchestratorId or finishedAtSeqno (docs/server-api.md §8.1).
    /// </summary>
    private static JsonObject Summary(RunState run, bool forCreateResponse = false)
    {
        var counts = run.Counts();
        var json = new JsonObject
        {
            ["runId"] = run.Id.ToString("D"),
            ["flowId"] = run.Flow.FlowId,
            ["flowName"] = run.Flow.Name,
            ["status"] = run.Status.ToString(),
            ["items"] = new JsonObject
            {
                ["total"] = counts.Total,
                ["completed"] = counts.Completed,
                ["running"] = counts.Running,
                ["failed"] = counts.Failed,
                ["cancelled"] = counts.Cancelled,
            },
            ["createdAt"] = Timestamp(run.CreatedAt),
            ["completedAt"] = run.CompletedAt is { } done ? Timestamp(done) : null,
            ["rootRunId"] = run.Id.ToString("D"),
        };
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

    /// <summary><c>RunDetails</c>: the summary flattened, plus item details and overrides.</summary>
    private static JsonObject Details(RunState run)
    {
        var json = Summary(run);
        json["itemDetails"] = new JsonArray([.. run.Items.Select(item =>
        {
            var detail = new JsonObject
            {
                ["itemIndex"] = item.Index,
                ["input"] = item.Input?.DeepClone(),
                ["status"] = item.Status.ToString(),
                ["steps"] = new JsonArray([.. run.Flow.StepIds.Select((stepId, i) => (JsonNode)new JsonObject
                {
                    ["stepId"] = stepId,
                    ["status"] = item.Steps[i].Status.ToString(),
                })]),
            };
            if (item.CompletedAt is { } done)
            {
                detail["completedAt"] = Timestamp(done);
            }

            return (JsonNode)detail;
        })]);
        if (run.Overrides is not null)
        {
            json["overrides"] = run.Overrides.DeepClone();
        }

        return json;
    }

    /// <summary>An item's result; an item without one reports <c>running</c>, even in a cancelled run (docs/server-api.md §8.4).</summary>
    private static JsonObject ItemResult(ItemState item)
    {
        var json = new JsonObject
        {
            ["itemIndex"] = item.Index,
            ["status"] = (item.Result is null ? RunStatus.Running : item.Status).ToString(),
        };
        if (item.Result is not null)
        {
            json["result"] = FlowResult(item.Result);
        }

        if (item.CompletedAt is { } done)
        {
            json["completedAt"] = Timestamp(done);
        }

        return json;
    }

    private static JsonArray ItemResults(RunState run) => new([.. run.Items.Select(item => (JsonNode)ItemResult(item))]);
}
