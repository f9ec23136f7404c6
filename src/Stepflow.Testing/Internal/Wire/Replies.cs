using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Stepflow.Testing.Internal;

/// <summary>The kinds of answer a server gives, as WireMock response messages, in no generation's error shape.</summary>
internal static class Replies
{
    private const string PlainText = "text/plain; charset=utf-8";

    /// <summary>A JSON document with <paramref name="status"/>.</summary>
    public static ResponseMessage Json(int status, JsonNode body) =>
        Text(status, ContentIds.CompactJson(body), "application/json");

    /// <summary>A framework rejection (bad query, body or content type): plain text on every generation (docs/server-api.md §3.3).</summary>
    public static ResponseMessage Rejection(int status, string text) => Text(status, text, PlainText);

    /// <summary>Text with a content type (a 0.11 <c>ErrorResponse</c> is JSON sent as <c>text/plain</c>).</summary>
    public static ResponseMessage PlainTextBody(int status, string text) => Text(status, text, PlainText);

    /// <summary>A status with no body and no content type (deletes on 0.11, wrong verb, 0.12/0.13 blob errors).</summary>
    public static ResponseMessage Empty(int status) => new() { StatusCode = status };

    /// <summary>
    /// What the server's gRPC router answers for a path the REST API does not have: 200, an empty body,
    /// <c>application/grpc</c> and <c>grpc-status: 12</c> (UNIMPLEMENTED), not 404 (docs/server-api.md §2.3).
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

    /// <summary>A whole <c>text/event-stream</c> body, for the rare request the streaming middleware did not take.</summary>
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
