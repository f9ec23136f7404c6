using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.ProtobufRest;

/// <summary>
/// A server-streaming method is served as server-sent events: its 200 is <c>text/event-stream</c>, not
/// one JSON message (docs/server-api.md §10.1, §11.2 item 4), so the body is declared without a schema
/// (the general rules then hand it to the caller as a stream). Its handler reads the whole request from
/// the query string and ignores the path, so every path parameter is also declared, required, in the
/// query (§10.4, §11.2 item 5); the path template is kept. The query copy is named <c>…InQuery</c> in C#
/// (<c>x-originalName</c>), beside the path parameter of the same wire name.
/// </summary>
internal static class Streams
{
    private const string EventStream = "text/event-stream";

    public static void Rewrite(JsonObject doc, WireFacts facts, List<string> notes)
    {
        foreach (var operationId in facts.Streams)
        {
            if (ProtobufRestRules.Operation(doc, operationId) is not JsonObject operation)
            {
                notes.Add($"stream operation '{operationId}' is not in the document");
                continue;
            }

            foreach (var (status, node) in operation["responses"] as JsonObject ?? [])
            {
                if (status.StartsWith('2') && node is JsonObject response)
                {
                    response["content"] = new JsonObject { [EventStream] = new JsonObject() };
                }
            }

            if (operation["parameters"] is not JsonArray parameters)
            {
                continue;
            }

            var queryNames = parameters.OfType<JsonObject>().Where(p => p["in"]?.ToString() == "query")
                .Select(p => p["name"]?.ToString()).ToHashSet(StringComparer.Ordinal);
            var insertAt = parameters.OfType<JsonObject>().Count(p => p["in"]?.ToString() == "path");
            foreach (var path in parameters.OfType<JsonObject>().Where(p => p["in"]?.ToString() == "path").ToList())
            {
                var name = path["name"]!.ToString();
                if (queryNames.Contains(name))
                {
                    continue;
                }

                var query = (JsonObject)path.DeepClone();
                query["in"] = "query";
                query["required"] = true;
                query["x-originalName"] = NameRewriter.CamelCase(name) + "InQuery";
                query["description"] = $"The same value as the path's {name}: the server reads it from here only.";
                parameters.Insert(insertAt++, query);
            }
        }
    }
}
