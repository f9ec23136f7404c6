using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>A component flows can use, with its description and, when requested, its schemas.</summary>
public sealed class ComponentInfo
{
    /// <summary>
    /// The component's path as the server reports it: the path its plugin registered, which need not carry the
    /// route prefix flows call it by (a builtin may be listed as <c>/eval</c> and called as <c>/builtin/eval</c>;
    /// the routes are in the server's configuration, <c>docs/server-api.md §6</c>).
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
