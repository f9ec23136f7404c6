using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>A named example input of a flow (from its <c>examples</c> or test cases).</summary>
public sealed class FlowExample
{
    /// <summary>The example's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>What the example shows, when described.</summary>
    public string? Description { get; init; }

    /// <summary>The input to run the flow with.</summary>
    public JsonNode? Input { get; init; }
}
