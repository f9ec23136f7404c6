using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>
/// Gives generated C# methods, parameters, clients and properties .NET names without changing anything
/// on the wire: snake_case path parameters (<c>{run_id}</c>) are renamed to camelCase in both the path
/// template and the parameter list (their names never reach the wire); query and header parameters keep
/// their wire name and get a camelCase <c>x-originalName</c>, which NSwag uses for the C# parameter;
/// snake_case operation ids (<c>store_blob</c>, from 0.9 servers) become camelCase method names; tags
/// (which name the clients) become PascalCase (<c>health</c> of 0.9 servers is <c>Health</c>); and
/// schema properties whose NSwag name would not be .NET-like get an <c>x-dotnetName</c> (see
/// <see cref="DotnetPropertyName"/>), which our <c>Class.liquid</c> template uses for the C# property.
/// </summary>
/// <remarks>
/// Property names are decided here, by rules on the shape of a schema, rather than by hand-written
/// aliases in partial classes: a partial class naming a generated type or property breaks the build of
/// every spec that lacks it, and these rules apply to whatever schemas a server's document has.
/// </remarks>
internal static partial class NameRewriter
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>The extension that carries a schema property's C# name, read by our <c>Class.liquid</c>.</summary>
    public const string DotnetNameKey = "x-dotnetName";

    public static void Rename(JsonObject doc)
    {
        RenameTags(doc);
        foreach (var (name, schema) in (doc["components"]?["schemas"] as JsonObject ?? []).ToList())
        {
            if (schema is JsonObject schemaObject)
            {
                NameProperties(name, schemaObject);
            }
        }

        if (doc["paths"] is not JsonObject paths)
        {
            return;
        }

        var renamed = new JsonObject();
        foreach (var (template, node) in paths.ToList())
        {
            paths.Remove(template);
            var newTemplate = Placeholder().Replace(template, m => "{" + CamelCase(m.Groups[1].Value) + "}");
            if (node is JsonObject pathItem)
            {
                RenameParameters(pathItem["parameters"] as JsonArray);
                foreach (var method in HttpMethods)
                {
                    if (pathItem[method] is not JsonObject operation)
                    {
                        continue;
                    }

                    RenameParameters(operation["parameters"] as JsonArray);
                    if (operation["operationId"]?.ToString() is { } operationId && operationId.Contains('_', StringComparison.Ordinal))
                    {
                        operation["operationId"] = CamelCase(operationId);
                    }
                }
            }

            renamed[newTemplate] = node;
        }

        doc["paths"] = renamed;
    }

    private static void RenameParameters(JsonArray? parameters)
    {
        foreach (var parameter in parameters?.OfType<JsonObject>() ?? [])
        {
            if (parameter["name"]?.ToString() is not { } name)
            {
                continue;
            }

            if (parameter["in"]?.ToString() == "path")
            {
                parameter["name"] = CamelCase(name);
            }
            else if (CamelCase(name) is var dotnetName && dotnetName != name && !parameter.ContainsKey("x-originalName"))
            {
                parameter["x-originalName"] = dotnetName;
            }
        }
    }

    /// <summary>
    /// The C# name for property <paramref name="property"/> of schema <paramref name="schemaName"/>
    /// when NSwag's own would not do, otherwise <see langword="null"/>:
    /// <list type="bullet">
    /// <item>a snake_case wire name is PascalCased (<c>input_schema</c> is <c>InputSchema</c>, where
    /// NSwag writes <c>Input_schema</c>);</item>
    /// <item>a list named like the object that holds it (<c>Diagnostics.diagnostics</c>), which C# cannot
    /// name after its class (NSwag writes <c>Diagnostics1</c>), is the object's <c>Items</c>, unless the
    /// object has an <c>items</c> field of its own.</item>
    /// </list>
    /// </summary>
    internal static string? DotnetPropertyName(string schemaName, string property, JsonObject propertySchema, ICollection<string> siblings)
    {
        var pascal = PascalCase(property);
        if (string.Equals(pascal, schemaName, StringComparison.Ordinal))
        {
            var isList = propertySchema["type"]?.ToString() == "array";
            return isList && !siblings.Any(s => string.Equals(PascalCase(s), "Items", StringComparison.Ordinal)) ? "Items" : null;
        }

        var collides = siblings.Any(s => s != property && string.Equals(PascalCase(s), pascal, StringComparison.Ordinal));
        return property.Contains('_', StringComparison.Ordinal) && pascal.Length > 0 && char.IsLetter(pascal[0]) && !collides
            ? pascal
            : null;
    }

    private static void NameProperties(string schemaName, JsonObject schema)
    {
        // A derived schema keeps its own properties in an inline allOf member (see UnionRewriter).
        var propertyMaps = new[] { schema["properties"] }
            .Concat((schema["allOf"] as JsonArray ?? []).OfType<JsonObject>().Select(member => member["properties"]))
            .OfType<JsonObject>()
            .ToList();
        var siblings = propertyMaps.SelectMany(map => map.Select(pair => pair.Key)).ToList();
        foreach (var (property, node) in propertyMaps.SelectMany(map => map.ToList()))
        {
            if (node is JsonObject propertySchema && !propertySchema.ContainsKey(DotnetNameKey) &&
                DotnetPropertyName(schemaName, property, propertySchema, siblings) is { } dotnetName)
            {
                if (propertySchema["$ref"] is JsonNode reference)
                {
                    // OpenAPI 3.0 ignores siblings of $ref: wrap the reference so the extension is read.
                    propertySchema.Remove("$ref");
                    propertySchema["allOf"] = new JsonArray(new JsonObject { ["$ref"] = reference.DeepClone() });
                }

                propertySchema[DotnetNameKey] = dotnetName;
            }
        }
    }

    // NSwag names each client after the first tag of its operations; tags never reach the wire.
    private static void RenameTags(JsonObject doc)
    {
        foreach (var tag in (doc["tags"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (tag["name"]?.ToString() is { } name)
            {
                tag["name"] = PascalCase(name);
            }
        }

        foreach (var pathItem in (doc["paths"] as JsonObject ?? []).Select(p => p.Value).OfType<JsonObject>())
        {
            foreach (var method in HttpMethods)
            {
                if (pathItem[method]?["tags"] is JsonArray tags)
                {
                    for (var i = 0; i < tags.Count; i++)
                    {
                        if (tags[i]?.ToString() is { } name && PascalCase(name) != name)
                        {
                            tags[i] = PascalCase(name);
                        }
                    }
                }
            }
        }
    }

    internal static string PascalCase(string name) =>
        CamelCase(name) is { Length: > 0 } camel ? char.ToUpperInvariant(camel[0]) + camel[1..] : name;

    internal static string CamelCase(string name)
    {
        var parts = name.Split(['_', '-'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return name;
        }

        var builder = new StringBuilder(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            builder.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Placeholder();
}
