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

    /// <summary>The variables schema, <c>schemas.properties.variables</c>, when the flow declares one (docs/server-api.md §7.6).</summary>
    public JsonNode? VariablesSchema => Member(Document, "schemas", "properties", "variables");

    /// <summary>The flow's <c>examples</c> and <c>test.cases</c> merged by name, without duplicates (docs/server-api.md §7.4).</summary>
    public IReadOnlyList<FlowExampleInfo> Examples()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sources = (Document["examples"] as JsonArray ?? []).Concat(Member(Document, "test", "cases") as JsonArray ?? []);
        return [.. sources.OfType<JsonObject>()
            .Where(example => StringOf(example["name"]) is { } name && names.Add(name))
            .Select(example => new FlowExampleInfo(StringOf(example["name"])!, StringOf(example["description"]), example["input"]))];
    }

    /// <summary>The variables the schema declares, in schema order, with their annotations.</summary>
    public IReadOnlyList<FlowVariableInfo> Variables()
    {
        var schema = VariablesSchema;
        var required = (Member(schema, "required") as JsonArray ?? []).Select(StringOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return Member(schema, "properties") is JsonObject variables
            ? [.. variables.Select(p => new FlowVariableInfo(p.Key, StringOf(p.Value?["env_var"]), required.Contains(p.Key),
                p.Value is JsonObject declared && declared.TryGetPropertyValue("default", out var value), p.Value?["default"]))]
            : [];
    }

    /// <summary>The member at a path of object keys; null where any level is missing or not an object.</summary>
    public static JsonNode? Member(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = (node as JsonObject)?[key];
        }

        return node;
    }

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

/// <summary>An example of a flow: its name, description and input.</summary>
internal sealed record FlowExampleInfo(string Name, string? Description, JsonNode? Input);

/// <summary>A declared variable: name, <c>env_var</c>, whether <c>required</c> lists it, and its <c>default</c> when it has one.</summary>
internal sealed record FlowVariableInfo(string Name, string? EnvironmentVariable, bool Required, bool HasDefault, JsonNode? Default);

/// <summary>
/// The shape checks serde applies when it reads a flow document: <c>schemas</c> is an object, <c>steps</c> a list
/// of objects with string <c>id</c> and <c>component</c>. The same on every generation; each renders the problem its way.
/// </summary>
internal static class FlowShape
{
    /// <summary>The first problem of <paramref name="flow"/>, or null when it reads as a flow.</summary>
    public static FlowProblem? Problem(JsonObject flow)
    {
        if (flow["schemas"] is not (null or JsonObject))
        {
            return new FlowProblem("schemas", "invalid type: expected a JSON object");
        }

        switch (flow["steps"])
        {
            case null:
                return null;
            case JsonArray steps:
                for (var i = 0; i < steps.Count; i++)
                {
                    if (steps[i] is not JsonObject step)
                    {
                        return new FlowProblem($"steps[{i}]", "invalid type: expected struct Step");
                    }

                    foreach (var field in (string[])["id", "component"])
                    {
                        if (FlowInfo.StringOf(step[field]) is null)
                        {
                            return new FlowProblem($"steps[{i}]", $"missing field `{field}`");
                        }
                    }
                }

                return null;
            default:
                return new FlowProblem("steps", "invalid type: expected a sequence");
        }
    }
}

/// <summary>Where a flow document does not read as a flow (<c>steps[1]</c>) and what serde would say.</summary>
internal sealed record FlowProblem(string Path, string Detail);
