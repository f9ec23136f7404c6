using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>Adjusts response declarations to what the server really sends.</summary>
/// <remarks>
/// Error bodies are declared without content for 0.11 servers, which send their JSON as text/plain
/// (docs/server-api.md §3.1, §11.1 item 1); a 0.12/0.13 server's error envelope is JSON and stays
/// declared (<c>keepErrorBodies</c>, §3.2), as rewritten by ProtobufRest/ErrorEnvelope.cs.
/// </remarks>
internal static class ResponseRewriter
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public static void Rewrite(JsonObject doc, bool keepErrorBodies = false)
    {
        foreach (var pathItem in (doc["paths"] as JsonObject)?.Select(p => p.Value).OfType<JsonObject>() ?? [])
        {
            foreach (var method in HttpMethods)
            {
                if (pathItem[method]?["responses"] is not JsonObject responses)
                {
                    continue;
                }

                foreach (var (status, node) in responses)
                {
                    if (node is not JsonObject response || response["content"] is not JsonObject content)
                    {
                        continue;
                    }

                    if (!status.StartsWith('2'))
                    {
                        if (keepErrorBodies)
                        {
                            continue;
                        }

                        // The server sends error bodies as text/plain, and framework errors are not JSON at
                        // all. Declared without content, the generated client reads them as text into the
                        // exception (status, body, headers) instead of failing to deserialize them.
                        response.Remove("content");
                    }
                    else if (!content.Any(p => IsJson(p.Key)))
                    {
                        // Streams (text/event-stream) and raw bytes are handed to the caller unread, as a
                        // FileResponse stream, rather than parsed as one JSON document.
                        var mediaType = content.First().Key;
                        response["content"] = new JsonObject
                        {
                            [mediaType] = new JsonObject
                            {
                                ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" },
                            },
                        };
                    }
                }
            }
        }
    }

    private static bool IsJson(string mediaType) =>
        mediaType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ||
        mediaType.Contains("+json", StringComparison.OrdinalIgnoreCase);
}
