using System.Text.Json.Nodes;

namespace Stepflow.Client;

public partial class FlowBuilder
{
    /// <summary>
    /// A builder holding an existing flow document, to change it and build it again. What the builder does not model
    /// (metadata of steps, <c>test</c>, <c>examples</c>, unknown keys) is kept, and keys keep their order. The flow is
    /// not checked here: <see cref="Build"/> or <see cref="Analyze"/> does that.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="flow"/> is null.</exception>
    /// <exception cref="StepflowFlowLoadException">The document's steps cannot be read: <c>steps</c> is not a list, or a step is not an object with a string id and component.</exception>
    public static FlowBuilder FromFlow(JsonObject flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var builder = new FlowBuilder { _keyOrder = [.. flow.Select(member => member.Key)] };
        builder.Load((JsonObject)flow.DeepClone());
        return builder;
    }

    /// <summary>Reads a flow from a file, text or JSON object into a builder (see <see cref="FromFlow"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="StepflowFlowLoadException">The flow could not be read.</exception>
    /// <exception cref="InvalidOperationException">The source is a flow stored on the server (<see cref="FlowSource.Stored"/>).</exception>
    public static async Task<FlowBuilder> LoadAsync(FlowSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return FromFlow(await source.LoadAsync(cancellationToken).ConfigureAwait(false));
    }

    private void Load(JsonObject flow)
    {
        _name = TakeString(flow, "name");
        _description = TakeString(flow, "description");
        _version = TakeString(flow, "version");
        _schemas = Take(flow, "schemas") as JsonObject;
        _metadata = Take(flow, "metadata") as JsonObject;
        _output = Take(flow, "output");
        if (Take(flow, "steps") is { } steps)
        {
            if (steps is not JsonArray list)
            {
                throw new StepflowFlowLoadException("The flow's 'steps' is not a list, so it cannot be loaded into a builder.", null, null);
            }

            for (var i = 0; i < list.Count; i++)
            {
                _steps.Add(LoadStep(list[i] as JsonObject
                    ?? throw new StepflowFlowLoadException($"steps[{i}] is not an object, so the flow cannot be loaded into a builder.", null, null), i));
            }
        }

        // Whatever is left, and keys the builder models but that held something else (a null, a number for a name), stays as it was.
        foreach (var (key, value) in flow.ToList())
        {
            flow.Remove(key);
            _extras[key] = value;
        }
    }

    private static StepHandle LoadStep(JsonObject step, int index)
    {
        var order = step.Select(member => member.Key).ToList();
        var id = TakeString(step, "id");
        var component = TakeString(step, "component");
        if (string.IsNullOrWhiteSpace(id) || component is null)
        {
            throw new StepflowFlowLoadException(
                $"steps[{index}] has no {(string.IsNullOrWhiteSpace(id) ? "id" : "component")} string, so the flow cannot be loaded into a builder.", null, null);
        }

        var input = Take(step, "input");
        var onError = Take(step, "onError");
        bool? mustExecute = step["mustExecute"] is JsonValue must && must.TryGetValue<bool>(out var value) ? value : null;
        if (mustExecute is not null)
        {
            step.Remove("mustExecute");
        }

        var extras = new JsonObject();
        foreach (var (key, rest) in step.ToList())
        {
            step.Remove(key);
            extras[key] = rest;
        }

        return new StepHandle(id, component, input, onError, mustExecute, extras, order);
    }

    // Takes a member out of the object, unless it is null (kept as an extra, so it is written back as it was).
    private static JsonNode? Take(JsonObject obj, string key)
    {
        if (obj[key] is not { } value)
        {
            return null;
        }

        obj.Remove(key);
        return value;
    }

    private static string? TakeString(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.TryGetValue<string>(out var text) && obj.Remove(key) ? text : null;
}
