using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>
/// Gives generated C# methods and parameters .NET names without changing anything on the wire:
/// snake_case path parameters (<c>{run_id}</c>) are renamed to camelCase in both the path template and
/// the parameter list (their names never reach the wire); query and header parameters keep their wire
/// name and get a camelCase <c>x-originalName</c>, which NSwag uses for the C# parameter; snake_case
/// operation ids (<c>store_blob</c>, from 0.9 servers) become camelCase method names.
/// </summary>
internal static partial class NameRewriter
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public static void Rename(JsonObject doc)
    {
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
