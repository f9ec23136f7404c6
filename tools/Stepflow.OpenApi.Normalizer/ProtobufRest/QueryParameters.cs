using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.ProtobufRest;

/// <summary>
/// The REST layer fills a request message from the query string with serde_urlencoded, which cannot
/// fill a list: any use of a repeated field's query parameter is a 400 (docs/server-api.md §10.4, §11.2
/// item 6, for <c>eventTypes</c>). Such a parameter is removed, so the generated client cannot send it.
/// </summary>
internal static class QueryParameters
{
    public static void RemoveArrays(JsonObject doc)
    {
        foreach (var (_, _, operation) in ProtobufRestRules.Operations(doc))
        {
            if (operation["parameters"] is not JsonArray parameters)
            {
                continue;
            }

            foreach (var parameter in parameters.OfType<JsonObject>().ToList())
            {
                if (parameter["in"]?.ToString() == "query" && parameter["schema"]?["type"]?.ToString() == "array")
                {
                    parameters.Remove(parameter);
                }
            }
        }
    }
}
