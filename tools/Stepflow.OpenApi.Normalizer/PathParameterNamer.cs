using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>
/// Renames snake_case path parameters (<c>{run_id}</c>) to camelCase (<c>{runId}</c>) in both the path
/// template and the parameter list, so generated C# parameters follow .NET naming. A path parameter's
/// name never reaches the wire, so the request URLs are unchanged.
/// </summary>
internal static partial class PathParameterNamer
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
                    RenameParameters(pathItem[method]?["parameters"] as JsonArray);
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
            if (parameter["in"]?.ToString() == "path" && parameter["name"]?.ToString() is { } name)
            {
                parameter["name"] = CamelCase(name);
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
