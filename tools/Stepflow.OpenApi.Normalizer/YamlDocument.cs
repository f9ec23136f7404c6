using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>
/// Reads a YAML OpenAPI document (the form 0.12/0.13 servers publish, see docs/server-api.md §11.2) into
/// the same <see cref="JsonObject"/> tree a JSON document gives, so every rule works on either.
/// </summary>
/// <remarks>
/// Plain scalars are typed by the YAML 1.2 core schema (<c>true</c>, <c>null</c>, <c>12</c>, <c>1.5</c>);
/// quoted and block scalars are always strings, so <c>"200"</c> stays a response key and
/// <c>version: 0.0.1</c> a string. Anchors, aliases and tags are not used by the documents we read and
/// are refused.
/// </remarks>
public static partial class YamlDocument
{
    /// <summary>True when <paramref name="path"/> names a YAML file (<c>.yaml</c> or <c>.yml</c>).</summary>
    public static bool IsYamlPath(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a YAML document whose top level is a mapping.</summary>
    /// <exception cref="NormalizationException">The text is not YAML, or not a mapping at the top level.</exception>
    public static JsonObject Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new NormalizationException($"{source}: invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new NormalizationException($"{source}: expected one YAML document with a mapping at the top level.");
        }

        return (JsonObject)Convert(root, source)!;
    }

    private static JsonNode? Convert(YamlNode node, string source)
    {
        if (!node.Anchor.IsEmpty)
        {
            throw new NormalizationException($"{source}: line {node.Start.Line}: YAML anchors and aliases are not supported.");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = keyNode is YamlScalarNode scalarKey ? scalarKey.Value ?? string.Empty
                        : throw new NormalizationException($"{source}: line {keyNode.Start.Line}: only scalar keys are supported.");
                    if (obj.ContainsKey(key))
                    {
                        throw new NormalizationException($"{source}: line {keyNode.Start.Line}: duplicate key '{key}'.");
                    }

                    obj[key] = Convert(valueNode, source);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, source));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new NormalizationException($"{source}: line {node.Start.Line}: unsupported YAML node.");
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "null" or "Null" or "NULL" or "~" or "":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
