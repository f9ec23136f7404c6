using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepflow.Testing.Internal;

/// <summary>
/// What axum's extractors do before any handler runs, the same on every generation: the <c>Json</c> extractor's
/// 415/400/422 and the plain-text texts of its rejections (docs/server-api.md §3.3).
/// </summary>
internal static class FrameworkRequests
{
    /// <summary>A JSON request body: 415 without a JSON content type, 400 for malformed JSON; any JSON value otherwise.</summary>
    public static JsonNode? ReadJson(IncomingRequest request)
    {
        var contentType = request.Header("Content-Type");
        if (contentType is null || !IsJsonContentType(contentType))
        {
            throw new ReplyException(Replies.Rejection(415, "Expected request with `Content-Type: application/json`"));
        }

        try
        {
            return JsonNode.Parse(request.Body);
        }
        catch (JsonException ex)
        {
            throw new ReplyException(Replies.Rejection(400, $"Failed to parse the request body as JSON: {ex.Message}"));
        }
    }

    /// <summary>The 422 axum gives for well-formed JSON of the wrong shape.</summary>
    public static ReplyException Unprocessable(string detail) =>
        new(Replies.Rejection(422, $"Failed to deserialize the JSON body into the target type: {detail}"));

    /// <summary>The 400 axum gives for a query string that does not fit.</summary>
    public static ReplyException BadQuery(string detail) =>
        new(Replies.Rejection(400, $"Failed to deserialize query string: {detail}"));

    /// <summary>The serde name of a JSON value's type, for error texts (<c>null</c>, <c>a string</c>, …).</summary>
    public static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => $"string {node.ToJsonString()}",
        JsonValueKind.Number => $"integer `{node.ToJsonString()}`",
        JsonValueKind.True or JsonValueKind.False => $"boolean `{node.ToJsonString()}`",
        JsonValueKind.Array => "sequence",
        _ => "map",
    };

    private static bool IsJsonContentType(string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
