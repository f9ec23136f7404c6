using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Stepflow.Client;

/// <summary>Reads flow documents from files or text into the JSON object the API takes.</summary>
internal static class FlowDocumentReader
{
    private static readonly JsonDocumentOptions JsonReadOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static async Task<JsonObject> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StepflowFlowLoadException($"Flow file not found: {path} (looked for {Path.GetFullPath(path)}).", path, null, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StepflowFlowLoadException($"Flow file could not be read: {path}: {ex.Message}", path, null, ex);
        }

        return Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase)
            ? ParseJson(text, path)
            : ParseYaml(text, path);
    }

    public static JsonObject ParseJson(string text, string? path)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: JsonReadOptions);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber + 1;
            throw new StepflowFlowLoadException($"{Name(path)} is not valid JSON (line {line}): {ex.Message}", path, line, ex);
        }

        return node as JsonObject ?? throw NotAnObject(path, node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant());
    }

    public static JsonObject ParseYaml(string text, string? path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(new MergingParser(new Parser(reader)));
        }
        catch (YamlException ex)
        {
            var line = ex.Start.Line;
            var reason = ex.InnerException?.Message ?? ex.Message;
            throw new StepflowFlowLoadException($"{Name(path)} is not valid YAML (line {line}): {reason}", path, line, ex);
        }
        catch (ArgumentException ex)
        {
            // YamlDotNet reports a key that appears twice in one mapping this way.
            throw new StepflowFlowLoadException($"{Name(path)} is not valid YAML: {ex.Message}", path, null, ex);
        }

        if (stream.Documents.Count == 0)
        {
            throw NotAnObject(path, "empty");
        }

        if (stream.Documents.Count > 1)
        {
            var line = stream.Documents[1].RootNode.Start.Line;
            throw new StepflowFlowLoadException(
                $"{Name(path)} holds {stream.Documents.Count} YAML documents; a flow file must hold exactly one.", path, line);
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode)
        {
            throw NotAnObject(path, root is YamlSequenceNode ? "a list" : "a single value");
        }

        return (JsonObject)YamlJsonConverter.ToJson(root, path)!;
    }

    private static StepflowFlowLoadException NotAnObject(string? path, string found) =>
        new($"{Name(path)} must hold one flow: a mapping of keys such as 'name' and 'steps', but it is {found}.", path, null);

    private static string Name(string? path) => path is null ? "The flow document" : $"Flow file {path}";
}
