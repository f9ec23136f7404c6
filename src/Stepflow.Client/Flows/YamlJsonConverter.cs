using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stepflow.Client;

/// <summary>
/// Converts a YAML node tree into JSON following the YAML 1.2 core schema: only plain (unquoted)
/// scalars are typed; quoted scalars are always strings, so <c>"123"</c> stays a string and
/// <c>123</c> becomes a number. Numbers keep their digits; no value is reshaped.
/// </summary>
internal static partial class YamlJsonConverter
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    public static JsonNode? ToJson(YamlNode node, string? path) => node switch
    {
        YamlMappingNode mapping => ToObject(mapping, path),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(child => ToJson(child, path)).ToArray()),
        YamlScalarNode scalar => ToValue(scalar, path),
        _ => throw Unsupported(node, path, "this kind of YAML node"),
    };

    private static JsonObject ToObject(YamlMappingNode mapping, string? path)
    {
        var result = new JsonObject();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw Unsupported(keyNode, path, "a key that is not a plain value");
            }

            if (result.ContainsKey(key))
            {
                throw new StepflowFlowLoadException(
                    $"{Name(path)}: the key '{key}' appears twice in one mapping (line {keyNode.Start.Line}).", path, keyNode.Start.Line);
            }

            result[key] = ToJson(valueNode, path);
        }

        return result;
    }

    private static JsonNode? ToValue(YamlScalarNode scalar, string? path)
    {
        var text = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is not null && tag.StartsWith(TagPrefix, StringComparison.Ordinal))
        {
            return tag[TagPrefix.Length..] switch
            {
                "str" => JsonValue.Create(text),
                "null" => null,
                "bool" => Bool(text) ?? throw Unsupported(scalar, path, $"'{text}' tagged as a boolean"),
                "int" or "float" => Number(text) ?? throw Unsupported(scalar, path, $"'{text}' tagged as a number"),
                _ => JsonValue.Create(text),
            };
        }

        // Quoted, block and explicitly tagged scalars are strings; '!' is the non-specific tag of quoted ones.
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || tag is not null)
        {
            return JsonValue.Create(text);
        }

        if (NullPattern().IsMatch(text))
        {
            return null;
        }

        if (Bool(text) is { } boolean)
        {
            return boolean;
        }

        if (NonFinitePattern().IsMatch(text))
        {
            throw Unsupported(scalar, path, $"the number '{text}' (JSON has no infinity or NaN)");
        }

        return Number(text) ?? JsonValue.Create(text);
    }

    private static JsonValue? Bool(string text) => text switch
    {
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ => null,
    };

    /// <summary>The JSON number for a YAML 1.2 core int or float, written with the same digits.</summary>
    private static JsonNode? Number(string text)
    {
        if (DecimalIntPattern().IsMatch(text))
        {
            // Leading '+' and leading zeros are YAML, not JSON; BigInteger keeps every digit.
            return JsonNode.Parse(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length > 2 && text[2..].All(Uri.IsHexDigit))
        {
            return JsonNode.Parse(BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && text[2..].All(c => c is >= '0' and <= '7'))
        {
            var value = text[2..].Aggregate(BigInteger.Zero, (acc, digit) => (acc * 8) + (digit - '0'));
            return JsonNode.Parse(value.ToString(CultureInfo.InvariantCulture));
        }

        var match = FloatPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        // Make the YAML float a valid JSON number without changing its digits: "+.5" -> "0.5", "1." -> "1.0".
        var sign = match.Groups["sign"].Value == "-" ? "-" : string.Empty;
        var integer = match.Groups["int"].Value.TrimStart('0');
        var fraction = match.Groups["frac"].Value;
        var exponent = match.Groups["exp"].Value;
        var json = $"{sign}{(integer.Length == 0 ? "0" : integer)}{(fraction.Length > 1 ? fraction : fraction.Length == 1 ? ".0" : string.Empty)}{exponent}";
        return JsonNode.Parse(json);
    }

    private static StepflowFlowLoadException Unsupported(YamlNode node, string? path, string what) =>
        new($"{Name(path)}: {what} at line {node.Start.Line} cannot be represented in JSON.", path, node.Start.Line);

    private static string Name(string? path) => path is null ? "The flow document" : $"Flow file {path}";

    [GeneratedRegex("^(null|Null|NULL|~|)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex(@"^[-+]?(\.inf|\.Inf|\.INF)$|^(\.nan|\.NaN|\.NAN)$")]
    private static partial Regex NonFinitePattern();

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalIntPattern();

    [GeneratedRegex(@"^(?<sign>[-+]?)(?=\.?[0-9])(?<int>[0-9]*)(?<frac>\.[0-9]*)?(?<exp>[eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
