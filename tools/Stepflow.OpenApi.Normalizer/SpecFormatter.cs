using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>Reads and writes OpenAPI documents in one stable, diff-friendly form.</summary>
public static class SpecFormatter
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        // Keep descriptions readable in diffs: no \u-escaping of quotes, '<', '>' or non-ASCII text.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Parses a document, reporting the file and position of any syntax error.</summary>
    /// <exception cref="NormalizationException">The text is not a JSON object.</exception>
    public static JsonObject Parse(string json, string source)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new NormalizationException($"{source}: expected a JSON object at the top level.");
        }
        catch (JsonException ex)
        {
            throw new NormalizationException(
                $"{source}: invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }
    }

    /// <summary>Parses a document file's text: YAML when <paramref name="source"/> ends in .yaml or .yml, otherwise JSON.</summary>
    /// <exception cref="NormalizationException">The text is not a JSON object or a YAML mapping.</exception>
    public static JsonObject ParseFile(string text, string source) =>
        YamlDocument.IsYamlPath(source) ? YamlDocument.Parse(text, source) : Parse(text, source);

    /// <summary>Serializes with two-space indentation, original key order and a final newline.</summary>
    public static string Format(JsonNode document) => document.ToJsonString(WriteOptions).Replace("\r\n", "\n") + "\n";

    /// <summary>Writes the text only when it differs, so unchanged outputs keep their timestamps.</summary>
    public static bool WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return true;
    }
}
