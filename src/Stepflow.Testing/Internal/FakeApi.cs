using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;

namespace Stepflow.Testing.Internal;

/// <summary>
/// The v1 REST API of the fake: one async WireMock callback that routes every request by method and path,
/// the way the 0.11 server's router does (docs/server-api.md §2–§10). Handlers for each area are in the partial files.
/// </summary>
internal sealed partial class FakeApi(FakeStore store, RunSimulator simulator, FakeSettings settings, FaultInjector faults, RequestLog log)
{
    /// <summary>The WireMock callback: records the request, applies an injected fault, or answers it.</summary>
    public async Task<IResponseMessage> HandleAsync(IRequestMessage message)
    {
        var request = IncomingRequest.From(message);
        log.Record(request);
        if (faults.Take(request.Method, request.Path) is { } fault)
        {
            return fault;
        }

        try
        {
            return await RouteAsync(request).ConfigureAwait(false);
        }
        catch (ReplyException early)
        {
            return early.Reply;
        }
#pragma warning disable CA1031 // A bug in a test's callback (validator, result) must come back as an answer, not kill the request.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Replies.Error(500, $"The Stepflow test server failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private Task<ResponseMessage> RouteAsync(IncomingRequest request) => request.Segments switch
    {
        // No trailing-slash or empty-segment variants: such paths are unknown routes on the server too (docs/server-api.md §2).
        null => Task.FromResult(Replies.GrpcFallback()),
        var segments when segments.Any(string.IsNullOrEmpty) => Task.FromResult(Replies.GrpcFallback()),
        ["health"] => Only(request, "GET", Health),
        ["components"] => Only(request, "GET", ListComponents),
        ["blobs"] => Only(request, "POST", StoreBlob),
        ["blobs", var blobId] => Only(request, "GET", r => GetBlob(r, blobId)),
        ["flows"] => Only(request, "POST", StoreFlow),
        ["flows", var flowId] => request.Method switch
        {
            "GET" => Task.FromResult(GetFlow(flowId)),
            "DELETE" => Task.FromResult(Replies.Empty(200)), // A placeholder on the server: nothing is deleted (docs/server-api.md §7.5).
            _ => Task.FromResult(Replies.Empty(405)),
        },
        ["flows", var flowId, "variables"] => Only(request, "GET", _ => GetFlowVariables(flowId)),
        ["runs"] => request.Method switch
        {
            "GET" => Task.FromResult(ListRuns(request)),
            "POST" => CreateRunAsync(request),
            _ => Task.FromResult(Replies.Empty(405)),
        },
        ["runs", var runId] => request.Method switch
        {
            "GET" => GetRunAsync(request, ParseRunId(runId)),
            "DELETE" => Task.FromResult(DeleteRun(ParseRunId(runId))),
            _ => Task.FromResult(Replies.Empty(405)),
        },
        ["runs", var runId, "items"] => Only(request, "GET", _ => GetRunItems(ParseRunId(runId))),
        ["runs", var runId, "flow"] => Only(request, "GET", _ => GetRunFlow(ParseRunId(runId))),
        ["runs", var runId, "steps"] => Only(request, "GET", r => GetRunSteps(r, ParseRunId(runId))),
        ["runs", var runId, "steps", var stepId] => Only(request, "GET", r => GetStepDetail(r, ParseRunId(runId), stepId)),
        ["runs", var runId, "cancel"] => Only(request, "POST", _ => CancelRun(ParseRunId(runId))),
        ["runs", var runId, "events"] => request.Method == "GET"
            ? EventsAsWholeBodyAsync(request, ParseRunId(runId))
            : Task.FromResult(Replies.Empty(405)),
        _ => Task.FromResult(Replies.GrpcFallback()),
    };

    /// <summary>Answers with <paramref name="handler"/> for <paramref name="method"/>; any other verb gets 405 with an empty body.</summary>
    private static Task<ResponseMessage> Only(IncomingRequest request, string method, Func<IncomingRequest, ResponseMessage> handler) =>
        Task.FromResult(request.Method == method ? handler(request) : Replies.Empty(405));

    /// <summary>A run id from the path; anything but a UUID is a plain-text 400, as axum's path extractor answers.</summary>
    private static Guid ParseRunId(string text) => Guid.TryParse(text, out var id)
        ? id
        : throw new ReplyException(Replies.Rejection(400,
            $"Invalid URL: Cannot parse `{text}` to a `Uuid`: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]"));

    /// <summary>
    /// A JSON request body, checked the way axum's <c>Json</c> extractor checks it: 415 without a JSON content
    /// type, 400 for malformed JSON, 422 for JSON that is not an object.
    /// </summary>
    private static JsonObject ReadJsonBody(IncomingRequest request)
    {
        var contentType = request.Header("Content-Type");
        if (contentType is null || !IsJsonContentType(contentType))
        {
            throw new ReplyException(Replies.Rejection(415, "Expected request with `Content-Type: application/json`"));
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(request.Body);
        }
        catch (JsonException ex)
        {
            throw new ReplyException(Replies.Rejection(400, $"Failed to parse the request body as JSON: {ex.Message}"));
        }

        return body as JsonObject ?? throw Unprocessable("invalid type: expected a JSON object");
    }

    private static bool IsJsonContentType(string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The 422 axum gives for well-formed JSON of the wrong shape.</summary>
    private static ReplyException Unprocessable(string detail) =>
        new(Replies.Rejection(422, $"Failed to deserialize the JSON body into the target type: {detail}"));

    private static string? OptionalString(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        _ => throw Unprocessable($"{name}: invalid type: expected a string"),
    };

    private static bool? OptionalBool(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out bool flag) => flag,
        _ => throw Unprocessable($"{name}: invalid type: expected a boolean"),
    };

    private static ulong? OptionalUnsigned(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out ulong number) => number,
        _ => throw Unprocessable($"{name}: invalid type: expected an unsigned integer"),
    };

    /// <summary>A server-side wait in whole seconds, capped so it fits a <see cref="TimeSpan"/> timer.</summary>
    private static TimeSpan WaitOf(ulong? seconds) =>
        TimeSpan.FromSeconds(Math.Min(seconds ?? 300, (ulong)TimeSpan.FromDays(30).TotalSeconds));
}
