using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.ProtobufRest;

/// <summary>
/// protoc-gen-openapi declares a protobuf enum as <c>type: string, format: enum</c> listing the value
/// names (<c>EXECUTION_STATUS_COMPLETED</c>); the REST layer sends and reads the integers, in bodies and
/// in query strings, and refuses the names (docs/server-api.md §4.1, §11.2 item 1). Each such schema
/// becomes <c>type: integer, format: int32</c> with the protobuf numbers and readable .NET member names
/// (<c>x-enumNames</c>: <c>Completed</c>), and each proto value name is kept as the member's
/// documentation (<c>x-enumDescriptions</c>).
/// </summary>
/// <remarks>
/// <para>Numbers: the document lists the values in declaration order without their numbers. They are
/// numbered by position from 0, which is right for enums declared 0, 1, 2… in order, as every Stepflow
/// enum is (§4.1: <c>DIAGNOSTIC_LEVEL_UNSPECIFIED</c> is listed first, so <c>FATAL</c> is 1). proto3
/// makes the first value 0; an enum whose first value is not an <c>…_UNSPECIFIED</c> one is still
/// numbered so, and gaps in the numbering cannot be seen.</para>
/// <para>Names: protobuf value names carry the enum's name as a prefix (<c>EXECUTION_STATUS_</c>), the
/// one thing the document keeps of it. Inline enums are therefore moved into components/schemas under
/// that name (<c>ExecutionStatus</c>), one schema for all the places with the same values, so the C#
/// code has one <c>ExecutionStatus</c> instead of one enum per property. An enum whose values share no
/// prefix stays inline.</para>
/// </remarks>
internal static class ProtoEnums
{
    public static void Rewrite(JsonObject doc)
    {
        var schemas = ProtobufRestRules.Schemas(doc);
        var hoisted = new Dictionary<string, string>(StringComparer.Ordinal); // value list -> schema name

        // Named enums first (rewritten in place), then every inline one.
        foreach (var (name, node) in schemas.ToList())
        {
            if (node is JsonObject schema && IsProtoEnum(schema))
            {
                ToInteger(schema);
            }
        }

        Visit(doc, schemas, hoisted, parentIsSchemas: false);
    }

    internal static bool IsProtoEnum(JsonObject schema) =>
        schema["format"]?.ToString() == "enum" && schema["enum"] is JsonArray { Count: > 0 } values &&
        values.All(v => v is JsonValue value && value.TryGetValue<string>(out _));

    private static void Visit(JsonNode? node, JsonObject schemas, Dictionary<string, string> hoisted, bool parentIsSchemas)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonObject schema && !(parentIsSchemas && ReferenceEquals(obj, schemas)) && IsProtoEnum(schema) &&
                        Hoist(schema, schemas, hoisted) is { } name)
                    {
                        obj[key] = Reference(schema, name, key);
                        continue;
                    }

                    Visit(child, schemas, hoisted, parentIsSchemas: ReferenceEquals(child, schemas));
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject schema && IsProtoEnum(schema) && Hoist(schema, schemas, hoisted) is { } name)
                    {
                        array[i] = Reference(schema, name, "items");
                        continue;
                    }

                    Visit(array[i], schemas, hoisted, parentIsSchemas: false);
                }

                break;
        }
    }

    /// <summary>The component name an inline enum moves to, or null when it stays inline (then rewritten there).</summary>
    private static string? Hoist(JsonObject schema, JsonObject schemas, Dictionary<string, string> hoisted)
    {
        var values = Values(schema);
        var key = string.Join("\n", values);
        if (hoisted.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var prefix = CommonPrefix(values);
        if (prefix.Length == 0)
        {
            ToInteger(schema);
            return null;
        }

        var typeName = NameRewriter.PascalCase(prefix.TrimEnd('_').ToLowerInvariant());
        var name = schemas[typeName] is JsonObject same && IsProtoEnum(same) && Values(same).SequenceEqual(values)
            ? typeName
            : ProtobufRestRules.FreeName(schemas, typeName);
        var component = new JsonObject
        {
            ["type"] = "string",
            ["format"] = "enum",
            ["enum"] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray()),
            ["description"] = $"The protobuf enumeration {prefix.TrimEnd('_')}, sent as its integer value.",
        };
        ToInteger(component);
        schemas[name] = component;
        hoisted[key] = name;
        return name;
    }

    private static JsonObject Reference(JsonObject inline, string name, string key)
    {
        // A parameter's schema carries no text of its own; a property keeps its description beside the reference.
        if (inline["description"] is JsonNode description && key != "schema")
        {
            return new JsonObject { ["allOf"] = new JsonArray(ProtobufRestRules.Ref(name)), ["description"] = description.DeepClone() };
        }

        return ProtobufRestRules.Ref(name);
    }

    /// <summary>Rewrites a proto enum schema in place into the integer form.</summary>
    internal static void ToInteger(JsonObject schema)
    {
        var values = Values(schema);
        var prefix = CommonPrefix(values);
        var names = values.Select(v => SchemaWalker.EnumMemberName(v[prefix.Length..])).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count || names.Any(n => n.Length == 0))
        {
            names = values.Select(SchemaWalker.EnumMemberName).ToList();
        }

        var description = schema["description"]?.DeepClone();
        schema.Clear();
        schema["type"] = "integer";
        schema["format"] = "int32";
        if (description is not null)
        {
            schema["description"] = description;
        }

        schema["enum"] = new JsonArray(values.Select((_, i) => (JsonNode?)i).ToArray());
        schema["x-enumNames"] = new JsonArray(names.Select(n => (JsonNode?)n).ToArray());
        schema["x-enumDescriptions"] = new JsonArray(values.Select((v, i) => (JsonNode?)$"{v} in the protobuf definition, sent as {i}.").ToArray());
    }

    private static List<string> Values(JsonObject schema) => ((JsonArray)schema["enum"]!).Select(v => v!.ToString()).ToList();

    /// <summary>The longest prefix ending in '_' that every value has and none is equal to.</summary>
    internal static string CommonPrefix(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return string.Empty;
        }

        var prefix = values[0];
        foreach (var value in values.Skip(1))
        {
            var length = 0;
            while (length < prefix.Length && length < value.Length && prefix[length] == value[length])
            {
                length++;
            }

            prefix = prefix[..length];
        }

        var cut = prefix.LastIndexOf('_');
        prefix = cut < 0 ? string.Empty : prefix[..(cut + 1)];
        return values.Any(v => v.Length == prefix.Length) ? string.Empty : prefix;
    }
}
