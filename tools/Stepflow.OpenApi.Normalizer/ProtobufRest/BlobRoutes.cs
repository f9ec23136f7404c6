using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.ProtobufRest;

/// <summary>
/// The two blob routes are written by hand, not generated from the protobuf messages, and keep the
/// 0.11 JSON shape (docs/server-api.md §9, §11.2 item 7): the content travels as <c>data</c> where the
/// message has the oneof members <c>jsonData</c> (the JSON value) and <c>rawData</c> (base64 bytes,
/// never read or sent), and an upload's <c>contentType</c> is ignored. So in the JSON bodies of the
/// upload and the download, <c>jsonData</c> becomes <c>data</c> and <c>rawData</c> goes, as does the
/// upload's <c>contentType</c>; the bytes get their own <c>application/octet-stream</c> alternative, for
/// the upload's body and the download's answer, after the JSON one (which the generated client keeps
/// using), with the download's <c>x-blob-type</c> and <c>Content-Disposition</c> headers.
/// </summary>
internal static class BlobRoutes
{
    private const string Json = "application/json";
    private const string OctetStream = "application/octet-stream";

    public static void Rewrite(JsonObject doc, WireFacts facts, List<string> notes)
    {
        var schemas = ProtobufRestRules.Schemas(doc);
        if (facts.BlobStoreOperation is { } store)
        {
            if (ProtobufRestRules.Operation(doc, store) is JsonObject operation && operation["requestBody"]?["content"] is JsonObject content)
            {
                Reshape(schemas, content[Json]?["schema"], dropContentType: true, store, notes);
                content[OctetStream] = Binary("The bytes, stored as a binary blob (the X-Blob-Filename header names the file).");
            }
            else
            {
                notes.Add($"blob upload operation '{store}' is not in the document (or has no request body)");
            }
        }

        if (facts.BlobReadOperation is { } read)
        {
            if (ProtobufRestRules.Operation(doc, read)?["responses"]?["200"] is JsonObject ok && ok["content"] is JsonObject content)
            {
                Reshape(schemas, content[Json]?["schema"], dropContentType: false, read, notes);
                content[OctetStream] = Binary("The stored bytes, sent when the request accepts application/octet-stream.");
                var headers = ok["headers"] as JsonObject ?? [];
                headers["x-blob-type"] = Header("With the bytes: data, flow or binary.");
                headers["Content-Disposition"] = Header("With the bytes: attachment, with the stored file name if there is one.");
                ok["headers"] = headers;
            }
            else
            {
                notes.Add($"blob download operation '{read}' is not in the document (or has no 200 answer)");
            }
        }
    }

    private static void Reshape(JsonObject schemas, JsonNode? reference, bool dropContentType, string operationId, List<string> notes)
    {
        if (ProtobufRestRules.RefName(reference) is not { } name || schemas[name]?["properties"] is not JsonObject properties)
        {
            notes.Add($"blob operation '{operationId}' has no JSON body schema with properties");
            return;
        }

        var reshaped = new JsonObject();
        foreach (var (key, value) in properties.ToList())
        {
            properties.Remove(key);
            switch (key)
            {
                case "jsonData":
                    reshaped["data"] = value;
                    break;
                case "rawData":
                case "contentType" when dropContentType:
                    break;
                default:
                    reshaped[key] = value;
                    break;
            }
        }

        schemas[name]!["properties"] = reshaped;
    }

    private static JsonObject Binary(string description) => new()
    {
        ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary", ["description"] = description },
    };

    private static JsonObject Header(string description) => new()
    {
        ["description"] = description,
        ["schema"] = new JsonObject { ["type"] = "string" },
    };
}
