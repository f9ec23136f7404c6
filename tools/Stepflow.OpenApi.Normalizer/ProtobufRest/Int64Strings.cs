using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.ProtobufRest;

/// <summary>
/// The canonical protobuf JSON mapping writes 64-bit integers as strings, and the document declares
/// them so; the REST layer sends and expects plain JSON numbers and refuses a string
/// (docs/server-api.md §4.2, §11.2 item 2). A schema declared <c>type: string</c> with a 64-bit
/// integer format becomes <c>type: integer, format: int64</c>. protoc-gen-openapi writes most of them
/// without a format at all, so the names listed in <see cref="WireFacts.Int64Names"/> (properties and
/// parameters alike) get the same treatment when they are a format-less string.
/// </summary>
internal static class Int64Strings
{
    private static readonly HashSet<string> Int64Formats = new(["int64", "uint64", "fixed64", "sfixed64", "sint64"], StringComparer.Ordinal);

    public static void Rewrite(JsonObject doc, WireFacts facts, List<string> notes)
    {
        var names = facts.Int64Names.ToHashSet(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        Visit(doc, names, used);
        notes.AddRange(names.Except(used).Select(n => $"64-bit integer '{n}' is not a string property or parameter of the document"));
    }

    private static void Visit(JsonNode? node, HashSet<string> names, HashSet<string> used)
    {
        switch (node)
        {
            case JsonObject obj:
                Retype(obj, named: false);
                if (obj["properties"] is JsonObject properties)
                {
                    foreach (var (name, property) in properties)
                    {
                        if (property is JsonObject schema && names.Contains(name) && Retype(schema, named: true))
                        {
                            used.Add(name);
                        }
                    }
                }

                if (obj["in"] is JsonValue && obj["name"]?.ToString() is { } parameter && names.Contains(parameter) &&
                    obj["schema"] is JsonObject parameterSchema && Retype(parameterSchema, named: true))
                {
                    used.Add(parameter);
                }

                foreach (var (_, child) in obj)
                {
                    Visit(child, names, used);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Visit(child, names, used);
                }

                break;
        }
    }

    /// <returns>True when the schema is (now) a 64-bit integer.</returns>
    private static bool Retype(JsonObject schema, bool named)
    {
        if (schema["type"]?.ToString() is "integer" && schema["format"]?.ToString() == "int64")
        {
            return true;
        }

        if (schema["type"]?.ToString() != "string" || schema.ContainsKey("enum"))
        {
            return false;
        }

        var format = schema["format"]?.ToString();
        if (format is null ? !named : !Int64Formats.Contains(format))
        {
            return false;
        }

        schema["type"] = "integer";
        schema["format"] = "int64";
        return true;
    }
}
