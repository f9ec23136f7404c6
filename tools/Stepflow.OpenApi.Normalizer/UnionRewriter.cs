using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>
/// Turns tagged unions (<c>oneOf</c> of object schemas told apart by a string tag) into the
/// OpenAPI 3.0 inheritance form NJsonSchema turns into a base class with typed subclasses:
/// the union becomes a base object carrying the <c>discriminator</c> and the properties every
/// branch shares; each branch becomes <c>allOf: [base, own properties]</c>.
/// </summary>
/// <remarks>
/// The tag is the declared discriminator or, when a server declares none, the one property every
/// branch pins with <c>const</c> (or a one-value <c>enum</c>). Tag values come from the mapping,
/// else from those constants. Inline branches are first moved into <c>components/schemas</c>.
/// </remarks>
internal static class UnionRewriter
{
    private const string RefPrefix = "#/components/schemas/";

    public static void Rewrite(JsonObject schemas)
    {
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in schemas.Select(p => p.Key).ToList())
        {
            if (schemas[name] is JsonObject union)
            {
                TryRewrite(schemas, name, union, claimed);
            }
        }
    }

    private static void TryRewrite(JsonObject schemas, string unionName, JsonObject union, HashSet<string> claimed)
    {
        var key = union.ContainsKey("oneOf") ? "oneOf" : union.ContainsKey("anyOf") ? "anyOf" : null;
        if (key is null || union[key] is not JsonArray list)
        {
            return;
        }

        var branches = list.Where(b => !IsNullBranch(b)).ToList();
        if (branches.Count < 2)
        {
            return;
        }

        var declaredTag = union["discriminator"]?["propertyName"]?.ToString();
        var names = new List<string>();
        // Inline branches are only added to components once the whole union can be rewritten.
        var hoisted = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var branch in branches)
        {
            var branchName = RefName(branch) ?? HoistInline(schemas, hoisted, unionName, branch as JsonObject, declaredTag);
            var body = branchName is null ? null : hoisted.GetValueOrDefault(branchName) ?? schemas[branchName] as JsonObject;
            if (branchName is null || body is null || claimed.Contains(branchName))
            {
                // Not a union of distinct named objects: SchemaWalker leaves it as free-form JSON.
                return;
            }

            names.Add(branchName);
        }

        var bodies = names.Select(n => hoisted.GetValueOrDefault(n) ?? (JsonObject)schemas[n]!).ToList();
        var tag = declaredTag ?? InferTag(bodies);
        if (tag is null)
        {
            return;
        }

        foreach (var (name, body) in hoisted)
        {
            schemas[name] = body;
        }

        var mapping = BuildMapping(union["discriminator"]?["mapping"] as JsonObject, names, bodies, tag);
        var common = CommonProperties(bodies, tag);

        var baseSchema = new JsonObject();
        CopyAnnotations(union, baseSchema);
        baseSchema["type"] = "object";
        baseSchema["discriminator"] = new JsonObject { ["propertyName"] = tag, ["mapping"] = mapping };
        var baseProperties = new JsonObject { [tag] = new JsonObject { ["type"] = "string" } };
        var baseRequired = new JsonArray(tag);
        foreach (var (property, required) in common)
        {
            baseProperties[property] = Properties(bodies[0])![property]!.DeepClone();
            if (required)
            {
                baseRequired.Add(property);
            }
        }

        baseSchema["properties"] = baseProperties;
        baseSchema["required"] = baseRequired;
        schemas[unionName] = baseSchema;

        var moved = common.Select(c => c.Property).Append(tag).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            schemas[names[i]] = DeriveBranch(bodies[i], unionName, moved);
            claimed.Add(names[i]);
        }
    }

    private static JsonObject DeriveBranch(JsonObject body, string baseName, HashSet<string> moved)
    {
        var derived = new JsonObject();
        CopyAnnotations(body, derived);

        var own = (JsonObject)body.DeepClone();
        foreach (var annotation in new[] { "title", "description" })
        {
            own.Remove(annotation);
        }

        if (own["properties"] is JsonObject properties)
        {
            foreach (var property in moved)
            {
                properties.Remove(property);
            }
        }

        if (own["required"] is JsonArray required)
        {
            var rest = required.Select(r => r?.ToString()).Where(r => r is not null && !moved.Contains(r)).ToList();
            own["required"] = new JsonArray(rest.Select(r => (JsonNode?)r).ToArray());
            if (rest.Count == 0)
            {
                own.Remove("required");
            }
        }

        own["type"] = "object";
        derived["allOf"] = new JsonArray(new JsonObject { ["$ref"] = RefPrefix + baseName }, own);
        return derived;
    }

    /// <summary>Properties present with the same schema (annotations aside) in every branch.</summary>
    private static List<(string Property, bool Required)> CommonProperties(List<JsonObject> bodies, string tag)
    {
        var first = Properties(bodies[0]);
        if (first is null)
        {
            return [];
        }

        var result = new List<(string, bool)>();
        foreach (var (property, schema) in first)
        {
            if (property == tag)
            {
                continue;
            }

            var shape = WithoutAnnotations(schema);
            var everywhere = bodies.All(b => Properties(b)?[property] is JsonNode other &&
                                             JsonNode.DeepEquals(WithoutAnnotations(other), shape));
            if (everywhere)
            {
                result.Add((property, bodies.All(b => IsRequired(b, property))));
            }
        }

        return result;
    }

    private static JsonObject BuildMapping(JsonObject? declared, List<string> names, List<JsonObject> bodies, string tag)
    {
        var mapping = new JsonObject();
        var mappedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (value, target) in declared ?? [])
        {
            var name = target?.ToString() is { } reference && reference.StartsWith(RefPrefix, StringComparison.Ordinal)
                ? reference[RefPrefix.Length..]
                : target?.ToString();
            if (name is not null && names.Contains(name))
            {
                mapping[value] = RefPrefix + name;
                mappedNames.Add(name);
            }
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (!mappedNames.Contains(names[i]))
            {
                mapping[TagValue(bodies[i], tag) ?? names[i]] = RefPrefix + names[i];
            }
        }

        return mapping;
    }

    /// <summary>The property every branch pins to one string value, when there is exactly one.</summary>
    private static string? InferTag(List<JsonObject> bodies)
    {
        var candidates = Properties(bodies[0])?.Select(p => p.Key)
            .Where(p => bodies.All(b => TagValue(b, p) is not null))
            .ToList() ?? [];
        return candidates.Count == 1 ? candidates[0] : null;
    }

    private static string? TagValue(JsonObject body, string property)
    {
        if (Properties(body)?[property] is not JsonObject schema)
        {
            return null;
        }

        if (schema["const"] is JsonValue constant)
        {
            return constant.ToString();
        }

        return schema["enum"] is JsonArray { Count: 1 } values ? values[0]?.ToString() : null;
    }

    /// <summary>Moves an inline branch into components/schemas under a derived, unused name.</summary>
    private static string? HoistInline(JsonObject schemas, Dictionary<string, JsonObject> hoisted, string unionName,
        JsonObject? branch, string? declaredTag)
    {
        if (branch is null || branch.ContainsKey("$ref") || Properties(branch) is null)
        {
            return null;
        }

        var title = branch["title"]?.ToString();
        var tagValue = declaredTag is null ? null : TagValue(branch, declaredTag);
        var baseName = !string.IsNullOrWhiteSpace(title) ? Identifier(title)
            : tagValue is not null ? unionName + Identifier(tagValue)
            : unionName + "Variant";
        var name = baseName;
        for (var n = 2; schemas.ContainsKey(name) || hoisted.ContainsKey(name); n++)
        {
            name = baseName + n;
        }

        hoisted[name] = (JsonObject)branch.DeepClone();
        return name;
    }

    private static string Identifier(string text)
    {
        var parts = text.Split(['_', '-', ' ', '.', '/'], StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static JsonObject WithoutAnnotations(JsonNode? schema)
    {
        var copy = schema?.DeepClone() as JsonObject ?? [];
        foreach (var annotation in new[] { "description", "title", "example", "examples" })
        {
            copy.Remove(annotation);
        }

        return copy;
    }

    private static void CopyAnnotations(JsonObject from, JsonObject to)
    {
        foreach (var annotation in new[] { "title", "description" })
        {
            if (from[annotation] is JsonNode value)
            {
                to[annotation] = value.DeepClone();
            }
        }
    }

    private static bool IsRequired(JsonObject body, string property) =>
        body["required"] is JsonArray required && required.Any(r => r?.ToString() == property);

    private static JsonObject? Properties(JsonObject body) => body["properties"] as JsonObject;

    private static string? RefName(JsonNode? branch) =>
        branch?["$ref"]?.ToString() is { } reference && reference.StartsWith(RefPrefix, StringComparison.Ordinal)
            ? reference[RefPrefix.Length..]
            : null;

    private static bool IsNullBranch(JsonNode? branch) =>
        branch is JsonObject obj && (obj["type"]?.ToString() == "null" ||
                                     (obj["type"] is JsonArray { Count: 1 } types && types[0]?.ToString() == "null"));
}
