using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>
/// Fills documentation gaps of a normalized document from a separate overlay file, so every generated
/// type, property and enum member gets an XML doc comment even where the server's document is silent.
/// </summary>
/// <remarks>
/// The overlay lives beside the code generation settings, not in <c>schemas/openapi.json</c>, because
/// <c>scripts/update-spec.sh</c> replaces that file with whatever the server emits, and OpenAPI has no
/// place for per-member enum text (NJsonSchema reads it from <c>x-enumDescriptions</c>, which we write).
/// A description the document already has always wins. Entries that name a schema, property or enum
/// value the document lacks are returned, not thrown: generating from another server's document
/// (<c>scripts/generate.sh --from</c>) must still work, while a test keeps the overlay in step with ours.
/// <code>
/// { "properties": { "runId": "text for every runId without a description" },
///   "schemas": { "Name": { "description": "…", "properties": { "p": "…" }, "enum": { "value": "…" } } },
///   "tags": { "Health": "text for the tag, and so for the summary of the client named after it" } }
/// </code>
/// </remarks>
public static class DocOverlay
{
    /// <summary>Applies <paramref name="overlay"/> to the component schemas of <paramref name="document"/> in place.</summary>
    /// <returns>The overlay entries that name something the document lacks (empty when it is in step).</returns>
    /// <exception cref="NormalizationException">The overlay is malformed.</exception>
    public static IReadOnlyList<string> Apply(JsonObject document, JsonObject overlay)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(overlay);
        var schemas = document["components"]?["schemas"] as JsonObject ?? [];
        var problems = new List<string>();

        foreach (var (name, entryNode) in Section(overlay, "schemas", "overlay"))
        {
            if (schemas[name] is not JsonObject schema)
            {
                problems.Add($"schema '{name}' is not in the document");
                continue;
            }

            if (entryNode is not JsonObject entry)
            {
                throw new NormalizationException($"doc overlay: schemas.{name} must be an object.");
            }

            if (entry["description"] is JsonNode description)
            {
                SetIfMissing(schema, Text(description, $"schemas.{name}.description"));
            }

            foreach (var (property, text) in Section(entry, "properties", $"schemas.{name}"))
            {
                if (FindProperty(schema, property) is not JsonObject target)
                {
                    problems.Add($"property '{name}.{property}' is not in the document");
                    continue;
                }

                SetIfMissing(target, Text(text, $"schemas.{name}.properties.{property}"));
            }

            ApplyEnum(name, schema, Section(entry, "enum", $"schemas.{name}"), problems);
        }

        var shared = Section(overlay, "properties", "overlay");
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schema in schemas.Select(pair => pair.Value).OfType<JsonObject>())
        {
            foreach (var (property, target) in PropertiesOf(schema).SelectMany(p => p).ToList())
            {
                if (target is JsonObject targetSchema && shared.TryGetPropertyValue(property, out var text))
                {
                    used.Add(property);
                    SetIfMissing(targetSchema, Text(text, $"properties.{property}"));
                }
            }
        }

        problems.AddRange(shared.Select(pair => pair.Key).Where(p => !used.Contains(p))
            .Select(p => $"shared property '{p}' is not used by any schema"));

        ApplyTags(document, Section(overlay, "tags", "overlay"), problems);
        TagDescriptions.Publish(document);
        return problems;
    }

    // A tag that operations use but the document does not declare (Health, in every Stepflow document)
    // is declared, so its text has a place to go.
    private static void ApplyTags(JsonObject document, JsonObject texts, List<string> problems)
    {
        var usedTags = (document["paths"] as JsonObject ?? [])
            .Select(path => path.Value).OfType<JsonObject>()
            .SelectMany(item => item.Select(pair => pair.Value).OfType<JsonObject>())
            .SelectMany(operation => (operation["tags"] as JsonArray ?? []).Select(tag => tag?.ToString()))
            .ToHashSet(StringComparer.Ordinal);

        foreach (var (name, text) in texts)
        {
            if (!usedTags.Contains(name))
            {
                problems.Add($"tag '{name}' is not used by any operation");
                continue;
            }

            if (document["tags"] is not JsonArray tags)
            {
                tags = [];
                document["tags"] = tags;
            }

            var tag = tags.OfType<JsonObject>().FirstOrDefault(t => t["name"]?.ToString() == name);
            if (tag is null)
            {
                tag = new JsonObject { ["name"] = name };
                tags.Add(tag);
            }

            SetIfMissing(tag, Text(text, $"tags.{name}"));
        }
    }

    private static void ApplyEnum(string name, JsonObject schema, JsonObject texts, List<string> problems)
    {
        if (texts.Count == 0)
        {
            return;
        }

        if (schema["enum"] is not JsonArray values)
        {
            problems.Add($"schema '{name}' is not an enum");
            return;
        }

        var wire = values.Select(v => v?.ToString() ?? string.Empty).ToList();
        problems.AddRange(texts.Select(pair => pair.Key).Where(v => !wire.Contains(v))
            .Select(v => $"enum value '{name}.{v}' is not in the document"));

        // One entry per enum value, in order, as NJsonSchema expects; an existing entry wins.
        var existing = schema["x-enumDescriptions"] as JsonArray;
        var descriptions = new JsonArray();
        for (var i = 0; i < wire.Count; i++)
        {
            var current = existing is not null && i < existing.Count ? existing[i]?.ToString() : null;
            descriptions.Add(!string.IsNullOrWhiteSpace(current) ? current
                : texts[wire[i]] is JsonNode text ? Text(text, $"schemas.{name}.enum.{wire[i]}") : string.Empty);
        }

        schema["x-enumDescriptions"] = descriptions;
    }

    // A derived schema keeps its own properties in an inline allOf member (see UnionRewriter).
    private static IEnumerable<JsonObject> PropertiesOf(JsonObject schema) =>
        new[] { schema["properties"] }
            .Concat((schema["allOf"] as JsonArray ?? []).OfType<JsonObject>().Select(member => member["properties"]))
            .OfType<JsonObject>();

    private static JsonObject? FindProperty(JsonObject schema, string name) =>
        PropertiesOf(schema).Select(properties => properties[name]).OfType<JsonObject>().FirstOrDefault();

    private static void SetIfMissing(JsonObject schema, string description)
    {
        if (schema["description"] is JsonValue current && !string.IsNullOrWhiteSpace(current.ToString()))
        {
            return;
        }

        if (schema["$ref"] is JsonNode reference)
        {
            // OpenAPI 3.0 ignores siblings of $ref: wrap the reference so the description is read.
            schema.Remove("$ref");
            schema["allOf"] = new JsonArray(new JsonObject { ["$ref"] = reference.DeepClone() });
        }

        schema["description"] = description;
    }

    private static JsonObject Section(JsonObject parent, string key, string where) => parent[key] switch
    {
        null => [],
        JsonObject section => section,
        _ => throw new NormalizationException($"doc overlay: {where}.{key} must be an object."),
    };

    private static string Text(JsonNode? node, string where) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw new NormalizationException($"doc overlay: {where} must be a non-empty string.");
}
