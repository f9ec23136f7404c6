using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;

namespace Stepflow.Testing.Internal;

/// <summary>
/// The wire of the 0.13 server: the REST surface generated from protobuf (tonic-rest) plus two hand-written blob
/// routes. camelCase JSON with integer enums and numeric 64-bit integers, <c>Struct</c> values with float numbers,
/// nested <c>summary</c> objects, the JSON error envelope (412 for failed preconditions), empty-bodied blob errors,
/// <c>data:</c>-only event frames with keep-alives (docs/server-api.md §2–§10, the 0.12/0.13 columns). The behaviour
/// behind it is <see cref="FakeCore"/>'s. <see cref="V012Wire"/> changes only the component entries.
/// </summary>
internal partial class V013Wire(FakeCore core) : IWireDialect
{
    protected FakeCore Core { get; } = core;

    public virtual StepflowServerEmulation Emulation => StepflowServerEmulation.V0_13;

    /// <summary>Every generated GET route also answers HEAD, so <c>allow</c> reads <c>GET,HEAD</c> (docs/server-api.md §2.3).</summary>
    public bool AnswersHeadLikeGet => true;

    /// <summary>405 with an empty body and axum's <c>allow</c> header.</summary>
    public ResponseMessage MethodNotAllowed(IReadOnlyList<string> allowedMethods)
    {
        var reply = Replies.Empty(405);
        reply.AddHeader("allow", string.Join(',', allowedMethods));
        return reply;
    }

    /// <summary>
    /// An injected fault or the fake's own failure as this server would send it: the JSON envelope for what a service
    /// can raise; plain text for the framework-only statuses 413, 415 and 422; an empty body on the blob routes,
    /// which answer every error with a bare status (docs/server-api.md §3).
    /// </summary>
    public ResponseMessage ServiceError(IncomingRequest request, int status, string message) =>
        request.Segments is ["blobs"] or ["blobs", _] ? Replies.Empty(status)
        : status is 413 or 415 or 422 ? Replies.Rejection(status, message)
        : Envelope(status, GrpcStatusOf(status), message);

    /// <summary>A service error: <c>{"error": {code (HTTP), message, status (gRPC name)}}</c> as <c>application/json</c> (docs/server-api.md §3.2).</summary>
    protected static ResponseMessage Envelope(int status, string grpcStatus, string message) => Replies.Json(status, new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["status"] = grpcStatus },
    });

    protected static ReplyException Invalid(string message) => new(Envelope(400, "INVALID_ARGUMENT", message));

    protected static ReplyException NotFound(string message) => new(Envelope(404, "NOT_FOUND", message));

    protected static ReplyException FailedPrecondition(string message) => new(Envelope(412, "FAILED_PRECONDITION", message));

    protected static ReplyException Internal(string message) => new(Envelope(500, "INTERNAL", message));

    /// <summary>The gRPC status whose HTTP mapping gives <paramref name="status"/> (the reverse of tonic-rest's table).</summary>
    private static string GrpcStatusOf(int status) => status switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        408 => "CANCELLED",
        409 => "ABORTED",
        412 => "FAILED_PRECONDITION",
        429 => "RESOURCE_EXHAUSTED",
        500 => "INTERNAL",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "UNKNOWN",
    };

    /// <summary>
    /// A run id as the service parses it (uuid's <c>FromStr</c>): 32 hex digits, hyphenated, in braces or as
    /// <c>urn:uuid:</c>, either case; anything else is 400 <c>invalid UUID: '&lt;text&gt;'</c> (docs/server-api.md §2.7).
    /// </summary>
    protected static Guid ParseRunId(string text)
    {
        var id = Guid.Empty;
        var parsed = text.StartsWith("urn:uuid:", StringComparison.Ordinal)
            ? text.Length == 45 && Guid.TryParseExact(text["urn:uuid:".Length..], "D", out id)
            : (text.Length == 32 && Guid.TryParseExact(text, "N", out id))
              || (text.Length == 36 && Guid.TryParseExact(text, "D", out id))
              || (text.Length == 38 && Guid.TryParseExact(text, "B", out id));
        return parsed ? id : throw Invalid($"invalid UUID: '{text}'");
    }

    /// <summary>A flow id must be 64 hex digits (either case) before anything is looked up (docs/server-api.md §2.7).</summary>
    protected static void CheckFlowId(string flowId)
    {
        if (!IsSha256Hex(flowId))
        {
            throw Invalid("invalid flow_id format");
        }
    }

    protected static bool IsSha256Hex(string id) => id.Length == 64 && id.All(char.IsAsciiHexDigit);

    protected RunState RequireRun(Guid runId, string shownAs) =>
        Core.FindRun(runId) ?? throw NotFound($"run '{shownAs}' not found");

    // Query parameters, read as serde_urlencoded fills a proto request message: camelCase keys, each at most once.

    protected static string? QueryText(IncomingRequest request, string name)
    {
        CheckOnce(request, name);
        return request.Query(name);
    }

    protected static bool? QueryBool(IncomingRequest request, string name)
    {
        CheckOnce(request, name);
        return request.QueryBool(name);
    }

    protected static ulong? QueryUnsigned(IncomingRequest request, string name)
    {
        CheckOnce(request, name);
        return request.QueryUnsigned(name);
    }

    /// <summary>An integer enum in the query (<c>status=2</c>); a name is a 400 (docs/server-api.md §4.1).</summary>
    protected static int? QueryEnum(IncomingRequest request, string name) => QueryText(request, name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw FrameworkRequests.BadQuery($"{name}: invalid digit found in string"),
    };

    private static void CheckOnce(IncomingRequest request, string name)
    {
        if (request.IsRepeated(name))
        {
            throw FrameworkRequests.BadQuery($"duplicate field `{name}`");
        }
    }

    // JSON bodies, read as serde fills a request message with #[serde(default)]: every key may be left out, but an
    // explicit null is accepted only where the Rust field is an Option (docs/server-api.md §4.5).

    /// <summary>A body object after the framework's 415/400 checks; an empty array fills the message like <c>{}</c>, as serde allows.</summary>
    protected static JsonObject ReadBody(IncomingRequest request, string message) => FrameworkRequests.ReadJson(request) switch
    {
        JsonObject body => body,
        JsonArray { Count: 0 } => [],
        var other => throw FrameworkRequests.Unprocessable($"invalid type: {FrameworkRequests.Describe(other)}, expected struct {message}"),
    };

    protected static T? Field<T>(JsonObject body, string name, bool nullable, string expected, Func<JsonNode, T?> read)
    {
        if (!body.TryGetPropertyValue(name, out var node))
        {
            return default;
        }

        if (node is null)
        {
            return nullable ? default : throw FrameworkRequests.Unprocessable($"{name}: invalid type: null, expected {expected}");
        }

        return read(node) is { } value ? value : throw FrameworkRequests.Unprocessable($"{name}: invalid type: {FrameworkRequests.Describe(node)}, expected {expected}");
    }

    protected static string? StringField(JsonObject body, string name, bool nullable = false) =>
        Field(body, name, nullable, "a string", node => node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null);

    protected static bool? BoolField(JsonObject body, string name, bool nullable = false) =>
        Field<bool?>(body, name, nullable, "a boolean", node => node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        });

    protected static ulong? UnsignedField(JsonObject body, string name, ulong max, bool nullable = true) =>
        Field<ulong?>(body, name, nullable, max == uint.MaxValue ? "u32" : "u64", node =>
            node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && ulong.TryParse(value.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= max
                ? number
                : null);
}
