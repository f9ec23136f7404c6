using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Client;
using WireMock;

namespace Stepflow.Testing.Internal;

internal sealed partial class V011Wire
{
    /// <summary>
    /// <c>POST /blobs</c>: raw bytes for <c>application/octet-stream</c> (named by <c>X-Blob-Filename</c>),
    /// otherwise a JSON envelope whose <c>data</c> is stored as compact JSON (docs/server-api.md §9.1).
    /// </summary>
    public ResponseMessage StoreBlob(IncomingRequest request)
    {
        BlobEntry blob;
        if (request.Header("Content-Type") is { } contentType &&
            contentType.TrimStart().StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            blob = core.StoreBlob(BlobType.Binary, request.Body, request.Header("X-Blob-Filename"), null);
        }
        else
        {
            // The handler parses the envelope itself, so shape errors are 400 ErrorResponses, not 422 rejections.
            JsonObject envelope;
            try
            {
                envelope = JsonNode.Parse(request.Body) as JsonObject
                    ?? throw new JsonException("invalid type: expected a JSON object");
                if (!envelope.ContainsKey("data"))
                {
                    throw new JsonException("missing field `data`");
                }
            }
            catch (JsonException ex)
            {
                return Error(400, $"Invalid JSON request: {ex.Message}");
            }

            BlobType? type = FlowInfo.StringOf(envelope["blobType"]) switch
            {
                null when envelope["blobType"] is null => BlobType.Data,
                "data" => BlobType.Data,
                "flow" => BlobType.Flow,
                "binary" => BlobType.Binary,
                _ => (BlobType?)null,
            };
            if (type is null)
            {
                return Error(400, "Invalid JSON request: blobType: unknown variant, expected one of `flow`, `data`, `binary`");
            }

            var data = envelope["data"]?.DeepClone();
            blob = core.StoreBlob(type.Value, ContentIds.CompactJsonBytes(data), FlowInfo.StringOf(envelope["filename"]), data);
        }

        var json = new JsonObject { ["blobId"] = blob.Id };
        if (blob.Filename is not null)
        {
            json["filename"] = blob.Filename;
        }

        return Replies.Json(200, json);
    }

    /// <summary>
    /// <c>GET /blobs/{id}</c>: raw bytes with <c>x-blob-type</c> and <c>Content-Disposition</c> when
    /// <c>Accept</c> contains <c>application/octet-stream</c>, otherwise the JSON envelope (docs/server-api.md §9.2).
    /// </summary>
    public ResponseMessage GetBlob(IncomingRequest request, string blobId)
    {
        if (core.FindBlob(blobId) is not { } blob)
        {
            return Error(404, $"Blob '{blobId}' not found");
        }

        if (request.Header("Accept") is { } accept && accept.Contains("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            var reply = Replies.Bytes(200, blob.Bytes, "application/octet-stream");
            reply.AddHeader("x-blob-type", blob.Type.ToString());
            if (blob.Filename is not null)
            {
                reply.AddHeader("Content-Disposition", $"attachment; filename=\"{blob.Filename}\"");
            }

            return reply;
        }

        JsonNode? data;
        try
        {
            data = blob.Json?.DeepClone() ?? JsonNode.Parse(blob.Bytes);
        }
        catch (JsonException)
        {
            return Error(500, "Failed to deserialize blob data");
        }

        var json = new JsonObject
        {
            ["data"] = data,
            ["blobType"] = blob.Type.ToString(),
            ["blobId"] = blob.Id,
        };
        if (blob.Filename is not null)
        {
            json["filename"] = blob.Filename;
        }

        return Replies.Json(200, json);
    }
}
