using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>
/// Publishes each tag's description at the top of the document as <c>x-tagDescriptions</c>
/// (<c>{ "Run": "…" }</c>), where our <c>Client.Class.liquid</c> template reads it for the summary of the
/// client named after the tag: NSwag makes one client per tag but hands its template no tag text.
/// A tag without a description (or a document without tags) simply gets the template's plain summary.
/// </summary>
internal static class TagDescriptions
{
    public const string Key = "x-tagDescriptions";

    public static void Publish(JsonObject doc)
    {
        var descriptions = new JsonObject();
        foreach (var tag in (doc["tags"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (tag["name"]?.ToString() is { Length: > 0 } name &&
                tag["description"]?.ToString() is { } text && !string.IsNullOrWhiteSpace(text))
            {
                descriptions[name] = text;
            }
        }

        doc.Remove(Key);
        if (descriptions.Count > 0)
        {
            doc[Key] = descriptions;
        }
    }
}
