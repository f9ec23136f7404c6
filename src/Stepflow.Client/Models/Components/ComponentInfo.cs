using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>A component flows can use, with its description and, when requested, its schemas.</summary>
public sealed class ComponentInfo
{
    /// <summary>
    /// The component's path as the server reports it. 0.11 servers report the full callable path
    /// (<c>/builtin/eval</c>); 0.13 servers report the path inside its plugin, without the route prefix
    /// (<c>/eval</c>), so the callable path depends on the server's routes.
    /// </summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>What the component does, when described.</summary>
    public string? Description { get; init; }

    /// <summary>The JSON Schema of the component's input, when schemas were requested and the component has one.</summary>
    public JsonNode? InputSchema { get; init; }

    /// <summary>The JSON Schema of the component's output, when schemas were requested and the component has one.</summary>
    public JsonNode? OutputSchema { get; init; }

    /// <summary>The name of the plugin that provides it (0.13 servers only).</summary>
    public string? Plugin { get; init; }

    /// <inheritdoc />
    public override string ToString() => Path;
}
