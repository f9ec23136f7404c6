using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>A stored flow as the server returns it: its id and document.</summary>
public sealed class FlowDefinition
{
    /// <summary>The flow's id.</summary>
    public string FlowId { get; init; } = string.Empty;

    /// <summary>
    /// The flow document as the server re-serialized it (expression paths normalized, defaults dropped).
    /// 0.12+ servers also turn every number into a float and do not keep key order.
    /// </summary>
    public JsonObject Document { get; init; } = [];

    /// <summary>The flow's <c>name</c>, when it has one.</summary>
    public string? Name => Document["name"] is JsonValue value && value.TryGetValue(out string? name) ? name : null;

    /// <summary>The flow's examples and test cases, merged by the server (empty for <c>GetRunFlowAsync</c>).</summary>
    public IReadOnlyList<FlowExample> Examples { get; init; } = [];
}
