using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>Visits every schema in an OpenAPI document and rewrites 3.1 constructs into 3.0 ones.</summary>
internal static class SchemaWalker
{
    private static readonly string[] SchemaMapKeys = ["properties", "$defs", "definitions"];
    private static readonly string[] SchemaListKeys = ["allOf", "oneOf", "anyOf"];
    private static readonly string[] SingleSchemaKeys = ["items", "not"];
    // Members of System.Object and of the generated enumeration structs, which an enum member cannot be named.
    private static readonly HashSet<string> ReservedMemberNames =
        new(["Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize"], StringComparer.Ordinal);

    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    // JSON Schema 2020-12 keywords that OpenAPI 3.0 does not have. They only constrain or
    // annotate; dropping them loosens validation but never changes the shape of the data.
    private static readonly string[] Unsupported31Keywords =
    [
        "$schema", "$id", "$anchor", "$dynamicAnchor", "$dynamicRef", "$comment", "$defs",
        "contentMediaType", "contentEncoding", "contentSchema", "unevaluatedProperties",
        "unevaluatedItems", "dependentRequired", "dependentSchemas", "if", "then", "else",
        "propertyNames", "contains", "minContains", "maxContains", "patternProperties", "prefixItems",
    ];

    /// <summary>Normalizes every schema reachable from the document's components and paths.</summary>
    public static void NormalizeDocument(JsonObject doc)
    {
        if (doc["components"] is JsonObject components)
        {
            NormalizeMap(components["schemas"] as JsonObject);
            KeepEnumMembersApartFromTheirType(components["schemas"] as JsonObject);
            foreach (var section in new[] { "parameters", "headers" })
            {
                foreach (var holder in Values(components[section] as JsonObject))
                {
                    NormalizeSchemaProperty(holder, "schema");
                }
            }

            foreach (var section in new[] { "responses", "requestBodies" })
            {
                foreach (var holder in Values(components[section] as JsonObject))
                {
                    NormalizeContent(holder);
                }
            }
        }

        foreach (var pathItem in Values(doc["paths"] as JsonObject))
        {
            NormalizeParameters(pathItem["parameters"] as JsonArray);
            foreach (var method in HttpMethods)
            {
                if (pathItem[method] is not JsonObject operation)
                {
                    continue;
                }

                NormalizeParameters(operation["parameters"] as JsonArray);
                if (operation["requestBody"] is JsonObject body)
                {
                    NormalizeContent(body);
                }

                foreach (var response in Values(operation["responses"] as JsonObject))
                {
                    NormalizeContent(response);
                    foreach (var header in Values(response["headers"] as JsonObject))
                    {
                        NormalizeSchemaProperty(header, "schema");
                    }
                }
            }
        }
    }

    /// <summary>Returns the normalized form of one schema (a new node when the schema is a boolean).</summary>
    public static JsonNode Normalize(JsonNode? schema)
    {
        switch (schema)
        {
            case null:
                return new JsonObject();
            case JsonValue value when value.TryGetValue(out bool allow):
                // Boolean schemas: true accepts anything (null included), false accepts nothing.
                return allow ? new JsonObject { ["nullable"] = true } : new JsonObject { ["not"] = new JsonObject() };
            case JsonObject obj:
                NormalizeObject(obj);
                return obj;
            default:
                return schema;
        }
    }

    private static void NormalizeObject(JsonObject schema)
    {
        // 0.9 servers wrote "any value" as allOf: []; an empty combinator constrains nothing.
        foreach (var key in SchemaListKeys)
        {
            if (schema[key] is JsonArray { Count: 0 })
            {
                schema.Remove(key);
            }
        }

        FoldNullBranches(schema);
        FoldTypeArray(schema);
        ConstToEnum(schema);
        ExamplesToExample(schema);
        ExclusiveBoundsTo30(schema, "exclusiveMinimum", "minimum");
        ExclusiveBoundsTo30(schema, "exclusiveMaximum", "maximum");
        MapIntegerFormat(schema);
        NameEnumMembers(schema);
        foreach (var keyword in Unsupported31Keywords)
        {
            schema.Remove(keyword);
        }

        MarkAnyValueNullable(schema);

        foreach (var key in SchemaMapKeys)
        {
            NormalizeMap(schema[key] as JsonObject);
        }

        foreach (var key in SchemaListKeys)
        {
            if (schema[key] is JsonArray list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    list[i] = Normalize(Detach(list, i));
                }
            }
        }

        foreach (var key in SingleSchemaKeys)
        {
            if (schema.ContainsKey(key))
            {
                schema[key] = Normalize(Detach(schema, key));
            }
        }

        // additionalProperties may stay boolean in 3.0; only schema objects need a visit.
        if (schema["additionalProperties"] is JsonObject additional)
        {
            NormalizeObject(additional);
        }
    }

    /// <summary>
    /// <c>oneOf</c>/<c>anyOf</c> with a <c>{"type":"null"}</c> branch is 3.1's way of saying nullable.
    /// The null branch becomes <c>nullable: true</c>; a single remaining <c>$ref</c> is wrapped in
    /// <c>allOf</c> (3.0 ignores siblings of <c>$ref</c>); a single inline branch is merged in; several
    /// untagged branches become a free-form schema, carried losslessly as raw JSON.
    /// </summary>
    private static void FoldNullBranches(JsonObject schema)
    {
        foreach (var key in new[] { "oneOf", "anyOf" })
        {
            if (schema[key] is not JsonArray branches)
            {
                continue;
            }

            var kept = branches.Where(b => !IsNullSchema(b)).ToList();
            if (kept.Count != branches.Count)
            {
                schema["nullable"] = true;
            }

            schema.Remove(key);
            if (kept.Count == 0)
            {
                continue;
            }

            if (kept.Count == 1)
            {
                var only = kept[0]!.DeepClone();
                if (only is JsonObject inline && !inline.ContainsKey("$ref"))
                {
                    foreach (var (name, value) in inline.ToList())
                    {
                        if (!schema.ContainsKey(name))
                        {
                            inline.Remove(name);
                            schema[name] = value;
                        }
                    }
                }
                else
                {
                    var allOf = schema["allOf"] as JsonArray ?? [];
                    allOf.Add(only);
                    schema["allOf"] = allOf;
                }

                continue;
            }

            // An untagged union of several shapes has no faithful C# class: keep it as raw JSON.
            schema.Remove("type");
            schema.Remove("discriminator");
        }
    }

    private static bool IsNullSchema(JsonNode? branch)
    {
        if (branch is not JsonObject obj)
        {
            return false;
        }

        return obj["type"] switch
        {
            JsonValue type => type.ToString() == "null",
            JsonArray types => types.Count == 1 && types[0]?.ToString() == "null",
            _ => obj.ContainsKey("const") && obj["const"] is null,
        };
    }

    /// <summary><c>type: [X, "null"]</c> becomes <c>type: X, nullable: true</c>.</summary>
    private static void FoldTypeArray(JsonObject schema)
    {
        if (schema["type"] is JsonValue single && single.ToString() == "null")
        {
            schema.Remove("type");
            schema["nullable"] = true;
            return;
        }

        if (schema["type"] is not JsonArray types)
        {
            return;
        }

        var names = types.Select(t => t?.ToString()).Where(t => t is not null).ToList();
        var nonNull = names.Where(t => t != "null").ToList();
        schema.Remove("type");
        if (nonNull.Count != names.Count)
        {
            schema["nullable"] = true;
        }

        // Several non-null types have no single 3.0 type: leave the schema untyped (free-form).
        if (nonNull.Count == 1)
        {
            schema["type"] = nonNull[0];
        }
    }

    /// <summary><c>const: v</c> becomes the one-value enumeration <c>enum: [v]</c>.</summary>
    private static void ConstToEnum(JsonObject schema)
    {
        if (!schema.ContainsKey("const"))
        {
            return;
        }

        var value = Detach(schema, "const");
        schema.Remove("const");
        schema["enum"] = new JsonArray(value);
    }

    private static void ExamplesToExample(JsonObject schema)
    {
        if (schema["examples"] is JsonArray examples)
        {
            schema.Remove("examples");
            if (examples.Count > 0 && !schema.ContainsKey("example"))
            {
                schema["example"] = examples[0]?.DeepClone();
            }
        }
    }

    /// <summary>3.1 writes exclusive bounds as numbers; 3.0 uses a bound plus a boolean flag.</summary>
    private static void ExclusiveBoundsTo30(JsonObject schema, string exclusiveKey, string boundKey)
    {
        if (schema[exclusiveKey] is JsonValue bound && !bound.TryGetValue(out bool _))
        {
            schema.Remove(exclusiveKey);
            schema[boundKey] = bound.DeepClone();
            schema[exclusiveKey] = true;
        }
    }

    /// <summary>
    /// Rust servers describe unsigned integers as <c>uint</c>, <c>uint32</c>, <c>uint64</c>…, which
    /// NJsonSchema does not know. Each maps to the smallest signed 3.0 format that holds it in
    /// practice (sequence numbers and counters never approach 2^63).
    /// </summary>
    private static void MapIntegerFormat(JsonObject schema)
    {
        if (schema["format"] is not JsonValue formatValue)
        {
            return;
        }

        var mapped = formatValue.ToString() switch
        {
            "uint8" or "uint16" or "int8" or "int16" => "int32",
            "uint" or "uint32" or "uint64" or "usize" or "isize" or "uint128" or "int128" => "int64",
            _ => null,
        };
        if (mapped is not null)
        {
            schema["format"] = mapped;
        }
    }

    /// <summary>
    /// Gives string enumerations .NET member names (<c>x-enumNames</c>, read by NJsonSchema):
    /// <c>merge_patch</c>, <c>COMPONENT_FAILED</c> and <c>recoveryFailed</c> become <c>MergePatch</c>,
    /// <c>ComponentFailed</c> and <c>RecoveryFailed</c> instead of <c>Merge_patch</c> or <c>COMPONENT_FAILED</c>.
    /// A name that would clash with a member every generated string enumeration has (it is a struct, see
    /// src/Stepflow.Api/CodeGeneration/Templates/Enum.liquid: <c>equals</c> would be <c>Equals</c>) gets a
    /// <c>Value</c> suffix, here rather than in the template, so NJsonSchema's default values use it too.
    /// </summary>
    private static void NameEnumMembers(JsonObject schema)
    {
        if (schema.ContainsKey("x-enumNames") || schema["enum"] is not JsonArray values ||
            values.Count == 0 || !values.All(v => v is JsonValue value && value.TryGetValue(out string? _)))
        {
            return;
        }

        var names = values.Select(v => EnumMemberName(v!.ToString())).Select(n => ReservedMemberNames.Contains(n) ? n + "Value" : n).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() == names.Count && names.All(n => n.Length > 0))
        {
            schema["x-enumNames"] = new JsonArray(names.Select(n => (JsonNode?)n).ToArray());
        }
    }

    /// <summary>
    /// A member cannot be named like the type it is in (CS0542: the string enumerations are structs), so a
    /// component enumeration <c>Mode</c> with the value <c>mode</c> names that member <c>ModeValue</c>. Done
    /// here, like the reserved names, so NJsonSchema's default values use the same name; an inline enumeration
    /// (whose type name only NJsonSchema knows) gets the same suffix from Enum.liquid.
    /// </summary>
    private static void KeepEnumMembersApartFromTheirType(JsonObject? schemas)
    {
        foreach (var (key, node) in schemas?.ToList() ?? [])
        {
            if (node is not JsonObject schema || schema["x-enumNames"] is not JsonArray names)
            {
                continue;
            }

            // NJsonSchema names a component after its key with the first letter upper-cased (run_mode is Run_mode).
            var typeName = key.Length > 0 ? char.ToUpperInvariant(key[0]) + key[1..] : key;
            var renamed = names.Select(n => n?.ToString() is { } name && name == typeName ? name + "Value" : n?.ToString()).ToList();
            if (renamed.Distinct(StringComparer.Ordinal).Count() == renamed.Count)
            {
                schema["x-enumNames"] = new JsonArray(renamed.Select(n => (JsonNode?)n).ToArray());
            }
        }
    }

    internal static string EnumMemberName(string value)
    {
        var words = new List<string>();
        foreach (var part in value.Split(['_', '-', ' ', '.', '/'], StringSplitOptions.RemoveEmptyEntries))
        {
            // SCREAMING_SNAKE words are lower-cased first; camelCase words keep their inner capitals.
            var word = part.All(c => !char.IsLetter(c) || char.IsUpper(c)) ? part.ToLowerInvariant() : part;
            words.Add(char.ToUpperInvariant(word[0]) + word[1..]);
        }

        var name = string.Concat(words);
        return name.Length > 0 && char.IsDigit(name[0]) ? "_" + name : name;
    }

    /// <summary>A schema that accepts any JSON value accepts null too; say so, for nullable C# types.</summary>
    private static void MarkAnyValueNullable(JsonObject schema)
    {
        string[] constraining = ["type", "$ref", "allOf", "oneOf", "anyOf", "enum", "properties", "items", "not"];
        if (!constraining.Any(schema.ContainsKey))
        {
            schema["nullable"] = true;
        }
    }

    private static void NormalizeMap(JsonObject? map)
    {
        if (map is null)
        {
            return;
        }

        foreach (var key in map.Select(p => p.Key).ToList())
        {
            map[key] = Normalize(Detach(map, key));
        }
    }

    private static void NormalizeParameters(JsonArray? parameters)
    {
        foreach (var parameter in parameters?.OfType<JsonObject>() ?? [])
        {
            NormalizeSchemaProperty(parameter, "schema");
        }
    }

    private static void NormalizeContent(JsonObject holder)
    {
        foreach (var media in Values(holder["content"] as JsonObject))
        {
            NormalizeSchemaProperty(media, "schema");
        }
    }

    private static void NormalizeSchemaProperty(JsonObject holder, string key)
    {
        if (holder.ContainsKey(key))
        {
            holder[key] = Normalize(Detach(holder, key));
        }
    }

    private static List<JsonObject> Values(JsonObject? map) =>
        map?.Select(p => p.Value).OfType<JsonObject>().ToList() ?? [];

    /// <summary>Takes a node out of its parent so it can be re-attached elsewhere.</summary>
    private static JsonNode? Detach(JsonObject parent, string key)
    {
        var node = parent[key];
        parent[key] = null;
        return node;
    }

    private static JsonNode? Detach(JsonArray parent, int index)
    {
        var node = parent[index];
        parent[index] = null;
        return node;
    }
}
