using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Client;
using WireMock;

namespace Stepflow.Testing.Internal;

internal partial class V013Wire
{
    /// <summary>
    /// <c>POST /blobs</c>, hand-written on the server: raw bytes when the content type starts (case-sensitively) with
    /// <c>application/octet-stream</c>, else a JSON object with <c>json_data</c>, <c>jsonData</c> or <c>data</c> (the first
    /// present wins), <c>blob_type</c>/<c>blobType</c> and <c>filename</c>. Every error is a bare 400 (docs/server-api.md §9.1).
    /// </summary>
    public ResponseMessage StoreBlob(IncomingRequest request)
    {
        BlobEntry blob;
        if (request.Header("Content-Type") is { } contentType && contentType.StartsWith("application/octet-stream", StringComparison.Ordinal))
        {
            // The header is read as visible ASCII; a name with any other byte is dropped without an error.
            var filename = request.Header("X-Blob-Filename") is { } name && name.All(c => c == '\t' || (c >= ' ' && c <= '~')) ? name : null;
            blob = Core.StoreBlob(BlobType.Binary, request.Body, filename, null);
        }
        else
        {
            if (ReadBlobRequest(request.Body) is not var (type, data, filename))
            {
                return Replies.Empty(400);
            }

            blob = Core.StoreBlob(type, ContentIds.CompactJsonBytes(data), filename, data);
        }

        var json = new JsonObject { ["blobId"] = blob.Id };
        if (blob.Filename is not null)
        {
            json["filename"] = blob.Filename;
        }

        return Replies.Json(200, json);
    }

    /// <summary>The JSON-mode body, or null for anything the route refuses (bad JSON, no data, an unknown type, a non-string name).</summary>
    private static (BlobType Type, JsonNode? Data, string? Filename)? ReadBlobRequest(byte[] body)
    {
        JsonObject envelope;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject parsed)
            {
                return null;
            }

            envelope = parsed;
        }
        catch (JsonException)
        {
            return null;
        }

        var dataKey = ((string[])["json_data", "jsonData", "data"]).FirstOrDefault(key => envelope[key] is not null);
        var typeNode = envelope["blob_type"] ?? envelope["blobType"];
        BlobType? type = typeNode is null ? BlobType.Data : FlowInfo.StringOf(typeNode) switch
        {
            "data" or "" => BlobType.Data,
            "flow" => BlobType.Flow,
            "binary" => BlobType.Binary,
            _ => (BlobType?)null,
        };
        var filenameNode = envelope["filename"];
        if (dataKey is null || type is null || (filenameNode is not null && FlowInfo.StringOf(filenameNode) is null))
        {
            return null;
        }

        return (type.Value, envelope[dataKey]!.DeepClone(), FlowInfo.StringOf(filenameNode));
    }

    /// <summary>
    /// <c>GET /blobs/{id}</c>: raw bytes with <c>x-blob-type</c> and <c>Content-Disposition</c> when <c>Accept</c>
    /// contains <c>application/octet-stream</c>; otherwise <c>{data, blobType, blobId, filename?, contentType?}</c>, with
    /// <c>data: null</c> for a binary blob. A malformed id is a bare 400, an unknown blob a bare 404 (docs/server-api.md §9.2).
    /// </summary>
    public ResponseMessage GetBlob(IncomingRequest request, string blobId)
    {
        if (!IsSha256Hex(blobId))
        {
            return Replies.Empty(400);
        }

        if (Core.FindBlob(blobId) is not { } blob)
        {
            return Replies.Empty(404);
        }

        if (request.Header("Accept") is { } accept && accept.Contains("application/octet-stream", StringComparison.Ordinal))
        {
            var reply = Replies.Bytes(200, blob.Bytes, "application/octet-stream");
            reply.AddHeader("x-blob-type", blob.Type.ToString());
            if (blob.Filename is not null && ContentDisposition(blob.Filename) is { } disposition)
            {
                reply.AddHeader("Content-Disposition", disposition);
            }

            return reply;
        }

        JsonNode? data = null;
        if (blob.Type != BlobType.Binary)
        {
            try
            {
                data = blob.Json?.DeepClone() ?? JsonNode.Parse(blob.Bytes);
            }
            catch (JsonException)
            {
                return Replies.Empty(500);
            }
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
            if (blob.Type == BlobType.Binary)
            {
                json["contentType"] = "application/octet-stream";
            }
        }

        return Replies.Json(200, json);
    }

    /// <summary>
    /// <c>attachment; filename="…"</c> with CR and LF as <c>_</c> and <c>"</c> as <c>\"</c>; null (no header) for another
    /// control character. A non-ASCII name, which the server writes as raw UTF-8, is left out too: the fake's HTTP
    /// server cannot send such header bytes.
    /// </summary>
    private static string? ContentDisposition(string filename)
    {
        var name = new StringBuilder(filename.Length);
        foreach (var c in filename)
        {
            switch (c)
            {
                case '\r' or '\n':
                    name.Append('_');
                    break;
                case '"':
                    name.Append("\\\"");
                    break;
                case < ' ' or '\u007f' or > '~':
                    return null;
                default:
                    name.Append(c);
                    break;
            }
        }

        return $"attachment; filename=\"{name}\"";
    }
}
