using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Stepflow.Testing.Internal;

/// <summary>The kinds of answer the real server gives, as WireMock response messages.</summary>
internal static class Replies
{
    private const string PlainText = "text/plain; charset=utf-8";

    /// <summary>A JSON document with <paramref name="status"/>.</summary>
    public static ResponseMessage Json(int status, JsonNode body) =>
        Text(status, ContentIds.CompactJson(body), "application/json");

    /// <summary>
    /// An <c>ErrorResponse</c> (<c>{code, message, stack}</c>). The server renders it to a string first, so it
    /// goes out as <c>text/plain</c> although it is JSON (docs/server-api.md §3.1).
    /// </summary>
    public static ResponseMessage Error(int status, string message)
    {
        var body = new JsonObject
        {
            ["code"] = status,
            ["message"] = message,
            ["stack"] = new JsonArray(new JsonObject { ["error"] = message }),
        };
        return Text(status, ContentIds.CompactJson(body), PlainText);
    }

    /// <summary>A framework rejection (bad query, body or content type): plain text, not an ErrorResponse.</summary>
    public static ResponseMessage Rejection(int status, string text) => Text(status, text, PlainText);

    /// <summary>A status with no body and no content type (deletes, wrong verb).</summary>
    public static ResponseMessage Empty(int status) => new() { StatusCode = status };

    /// <summary>
    /// What the server's gRPC router answers for a path the REST API does not have: 200, an empty body,
    /// <c>application/grpc</c> and <c>grpc-status: 12</c> (UNIMPLEMENTED), not 404 (docs/server-api.md §2).
    /// </summary>
    public static ResponseMessage GrpcFallback()
    {
        var message = new ResponseMessage { StatusCode = 200 };
        message.AddHeader("Content-Type", "application/grpc");
        message.AddHeader("grpc-status", "12");
        return message;
    }

    /// <summary>Raw bytes with a content type.</summary>
    public static ResponseMessage Bytes(int status, byte[] body, string contentType)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsBytes = body, DetectedBodyType = BodyType.Bytes },
        };
        message.AddHeader("Content-Type", contentType);
        return message;
    }

    /// <summary>A whole <c>text/event-stream</c> body, for the rare request the streaming mapping did not take.</summary>
    public static ResponseMessage EventStream(string body)
    {
        var message = Text(200, body, "text/event-stream");
        message.AddHeader("Cache-Control", "no-cache");
        return message;
    }

    private static ResponseMessage Text(int status, string body, string contentType)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData
            {
                BodyAsString = body,
                Encoding = new UTF8Encoding(false),
                DetectedBodyType = BodyType.String,
            },
        };
        message.AddHeader("Content-Type", contentType);
        return message;
    }
}

/// <summary>Ends a request early with a prepared answer (a validation failure, an unknown id).</summary>
internal sealed class ReplyException(ResponseMessage reply) : Exception("The request was answered early.")
{
    /// <summary>The answer to send.</summary>
    public ResponseMessage Reply { get; } = reply;
}
