using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stepflow.Client;

/// <summary>
/// Writes a flow document as YAML that <see cref="FlowDocumentReader"/> reads back to the same JSON: numbers keep their
/// digits, and strings that YAML would read as something else (<c>"123"</c>, <c>"true"</c>, <c>"null"</c>, <c>"~"</c>, <c>""</c>) are quoted.
/// </summary>
internal static partial class FlowYamlWriter
{
    public static string Write(JsonObject flow)
    {
        var document = new YamlDocument(ToYaml(flow));
        using var writer = new StringWriter();
        new YamlStream(document).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlStream ends every document with the "..." marker; a single flow file does not need it.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text.EndsWith("..." + Environment.NewLine, StringComparison.Ordinal) ? text[..^(3 + Environment.NewLine.Length)] : text;
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
        JsonObject obj => Mapping(obj),
        JsonArray array => new YamlSequenceNode(array.Select(ToYaml)),
        JsonValue value => Scalar(value),
        _ => throw new ArgumentException($"Unexpected JSON node {node.GetType()}.", nameof(node)),
    };

    private static YamlMappingNode Mapping(JsonObject obj)
    {
        var mapping = new YamlMappingNode();
        foreach (var (key, value) in obj)
        {
            mapping.Add(String(key), ToYaml(value));
        }

        return mapping;
    }

    private static YamlScalarNode Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => String(value.GetValue<string>()),
        JsonValueKind.True => new YamlScalarNode("true") { Style = ScalarStyle.Plain },
        JsonValueKind.False => new YamlScalarNode("false") { Style = ScalarStyle.Plain },
        // The number's JSON text is a valid YAML number with the same digits.
        JsonValueKind.Number => new YamlScalarNode(value.ToJsonString()) { Style = ScalarStyle.Plain },
        _ => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
    };

    private static YamlScalarNode String(string text) =>
        new(text) { Style = NeedsQuotes(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    // Anything a plain scalar could be typed as under YAML 1.2 or 1.1 (yes/no/on/off), and text the emitter might leave plain but ambiguous.
    private static bool NeedsQuotes(string text) =>
        text.Length == 0 || text.Trim() != text || AmbiguousPattern().IsMatch(text);

    [GeneratedRegex(@"^([-+]?(\.?[0-9][0-9_.:eE+\-]*|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|null|Null|NULL|~|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|<<|=)$")]
    private static partial Regex AmbiguousPattern();
}
