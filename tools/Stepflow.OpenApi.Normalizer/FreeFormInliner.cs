using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>
/// Replaces references to named schemas that accept any JSON (<c>Value: {}</c>) or any JSON object
/// (<c>{type: object, additionalProperties: true}</c>) with the schema itself, then drops the names.
/// </summary>
/// <remarks>
/// Given a name, NJsonSchema generates an empty class for such a schema, which silently loses every
/// value that is not an object with known properties. Inlined, they become raw JSON
/// (<c>JsonNode</c>), carried losslessly.
/// </remarks>
internal static class FreeFormInliner
{
    private const string RefPrefix = "#/components/schemas/";
    private static readonly string[] Annotations = ["title", "description", "externalDocs", "example", "default"];

    public static void Inline(JsonObject doc)
    {
        if (doc["components"]?["schemas"] is not JsonObject schemas)
        {
            return;
        }

        var freeForm = schemas
            .Where(p => p.Value is JsonObject schema && IsFreeForm(schema))
            .ToDictionary(p => RefPrefix + p.Key, p => Shape((JsonObject)p.Value!), StringComparer.Ordinal);
        if (freeForm.Count == 0)
        {
            return;
        }

        foreach (var name in freeForm.Keys)
        {
            schemas.Remove(name[RefPrefix.Length..]);
        }

        Visit(doc, freeForm);
    }

    private static bool IsFreeForm(JsonObject schema)
    {
        var keys = schema.Select(p => p.Key).Where(k => !Annotations.Contains(k) && k != "nullable").ToList();
        if (keys.Count == 0)
        {
            return true;
        }

        // An object with no declared properties whose extra members may be anything.
        var extrasAnything = schema["additionalProperties"] switch
        {
            null => true,
            JsonObject { Count: 0 } => true,
            JsonValue allow when allow.TryGetValue(out bool yes) => yes,
            _ => false,
        };
        return schema["type"]?.ToString() == "object" && extrasAnything &&
               keys.All(k => k is "type" or "additionalProperties");
    }

    /// <summary>What a reference is replaced with: the constraint without the name's annotations.</summary>
    private static JsonObject Shape(JsonObject schema)
    {
        var shape = new JsonObject();
        foreach (var (key, value) in schema)
        {
            if (!Annotations.Contains(key))
            {
                shape[key] = value?.DeepClone();
            }
        }

        // Any JSON value includes null.
        if (!shape.ContainsKey("type"))
        {
            shape["nullable"] = true;
        }

        return shape;
    }

    private static void Visit(JsonNode? node, Dictionary<string, JsonObject> freeForm)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"]?.ToString() is { } reference && freeForm.TryGetValue(reference, out var shape))
                {
                    obj.Remove("$ref");
                    foreach (var (key, value) in shape)
                    {
                        obj[key] ??= value?.DeepClone();
                    }
                }

                foreach (var child in obj.Select(p => p.Value).ToList())
                {
                    Visit(child, freeForm);
                }

                CollapseSingleAllOf(obj);
                break;
            case JsonArray array:
                foreach (var child in array.ToList())
                {
                    Visit(child, freeForm);
                }

                break;
        }
    }

    /// <summary><c>allOf: [inline]</c> left behind by inlining is merged into its parent.</summary>
    private static void CollapseSingleAllOf(JsonObject schema)
    {
        if (schema["allOf"] is not JsonArray { Count: 1 } allOf || allOf[0] is not JsonObject only || only.ContainsKey("$ref"))
        {
            return;
        }

        schema.Remove("allOf");
        foreach (var (key, value) in only.ToList())
        {
            if (!schema.ContainsKey(key))
            {
                only.Remove(key);
                schema[key] = value;
            }
        }
    }
}
