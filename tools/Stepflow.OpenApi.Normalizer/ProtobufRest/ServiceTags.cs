using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.ProtobufRest;

/// <summary>
/// Tags are the protobuf service names (<c>RunsService</c>), and NSwag names each client after its tag:
/// the <c>Service</c> suffix is dropped, so the client is <c>RunsClient</c>, not <c>RunsServiceClient</c>.
/// Tags never reach the wire (docs/server-api.md §11.2 lists the document's other names).
/// </summary>
internal static class ServiceTags
{
    private const string Suffix = "Service";

    public static void Rename(JsonObject doc)
    {
        foreach (var tag in (doc["tags"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (tag["name"]?.ToString() is { } name)
            {
                tag["name"] = Short(name);
            }
        }

        foreach (var (_, _, operation) in ProtobufRestRules.Operations(doc))
        {
            if (operation["tags"] is JsonArray tags)
            {
                for (var i = 0; i < tags.Count; i++)
                {
                    if (tags[i]?.ToString() is { } name)
                    {
                        tags[i] = Short(name);
                    }
                }
            }
        }
    }

    internal static string Short(string name) =>
        name.Length > Suffix.Length && name.EndsWith(Suffix, StringComparison.Ordinal) ? name[..^Suffix.Length] : name;
}
