using System.Text.Json.Nodes;

namespace Stepflow.Testing.Internal;

/// <summary>What the fake needs to know about a flow document: its name and its steps.</summary>
internal sealed class FlowInfo
{
    public FlowInfo(string flowId, JsonObject document)
    {
        FlowId = flowId;
        Document = document;
        Name = StringOf(document["name"]);
        var steps = document["steps"] as JsonArray ?? [];
        StepIds = [.. steps.Select((step, i) => StringOf(step?["id"]) ?? $"step{i}")];
        Components = [.. steps.Select(step => StringOf(step?["component"]))];
    }

    public string FlowId { get; }

    public JsonObject Document { get; }

    public string? Name { get; }

    public IReadOnlyList<string> StepIds { get; }

    public IReadOnlyList<string?> Components { get; }

    public static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public int IndexOfStep(string stepId)
    {
        for (var i = 0; i < StepIds.Count; i++)
        {
            if (StepIds[i] == stepId)
            {
                return i;
            }
        }

        return -1;
    }
}
