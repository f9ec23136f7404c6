using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>
/// Writes a flow in C#: its steps, the expressions that wire them together, its output, schemas and metadata.
/// <see cref="Build"/> checks the flow (duplicate or unknown step ids, cycles, missing components or output,
/// undeclared variables) before anything is sent, and returns the flow document; a builder also converts to a
/// <see cref="FlowSource"/>, so <c>client.RunAsync(builder, input)</c> works.
/// </summary>
/// <example>
/// <code>
/// var flow = new FlowBuilder("greet");
/// var hello = flow.AddStep("hello", "/builtin/eval", Expr.Object(("name", Expr.Input("name"))));
/// flow.OutputField("greeting", hello["message"]);
/// JsonObject document = flow.Build();
/// </code>
/// </example>
public partial class FlowBuilder
{
    private readonly List<StepHandle> _steps = [];
    private readonly JsonObject _extras = [];
    private List<string>? _keyOrder;
    private string? _name;
    private string? _description;
    private string? _version;
    private JsonObject? _schemas;
    private JsonObject? _metadata;
    private JsonNode? _output;

    /// <summary>Starts a flow named <paramref name="name"/> (the name runs report as their flow name).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or blank.</exception>
    public FlowBuilder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
    }

    // For flows loaded without a name.
    private protected FlowBuilder()
    {
    }

    /// <summary>The flow's name; null only for a loaded flow that had none.</summary>
    public string? Name => _name;

    /// <summary>The steps, in the order they were added.</summary>
    public IReadOnlyList<StepHandle> Steps => _steps;

    /// <summary>Starts a flow named <paramref name="name"/>; the same as the constructor.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or blank.</exception>
    public static FlowBuilder Create(string name) => new(name);

    /// <summary>Sets the flow's description.</summary>
    public FlowBuilder WithDescription(string? description)
    {
        _description = description;
        return this;
    }

    /// <summary>Sets the flow's version.</summary>
    public FlowBuilder WithVersion(string? version)
    {
        _version = version;
        return this;
    }

    /// <summary>Sets one entry of the flow's free-form metadata (null <paramref name="value"/> writes a JSON null).</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or blank.</exception>
    public FlowBuilder WithMetadata(string key, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _metadata ??= [];
        _metadata[key] = value?.DeepClone();
        return this;
    }

    /// <summary>Adds a step that runs <paramref name="component"/> on <paramref name="input"/>.</summary>
    /// <param name="id">The step's id, unique in the flow (checked by <see cref="Build"/>).</param>
    /// <param name="component">The component, such as <c>/builtin/eval</c> or <c>/python/udf</c> (a blank one is reported by <see cref="Build"/>).</param>
    /// <param name="input">The step's input: values and expressions, often an <see cref="Expr.Object"/>.</param>
    /// <param name="onError">What happens when the step fails; null for the server's default (fail the flow).</param>
    /// <param name="mustExecute">True to run the step even when nothing reads its output.</param>
    /// <returns>The step, for references to its output.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null or blank.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="component"/> is null.</exception>
    public StepHandle AddStep(string id, string component, ValueExpr? input = null, ErrorAction? onError = null, bool mustExecute = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(component);
        var step = new StepHandle(id, component, input?.ToJson(), onError?.ToJson(), mustExecute ? true : null, null, null);
        _steps.Add(step);
        return step;
    }

    /// <summary>The step with id <paramref name="id"/> (the first, when several share it), or null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public StepHandle? FindStep(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _steps.Find(step => step.Id == id);
    }

    /// <summary>Removes the steps with id <paramref name="id"/>; false when there were none.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public bool RemoveStep(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _steps.RemoveAll(step => step.Id == id) > 0;
    }

    /// <summary>Sets the flow's whole output, replacing any set before.</summary>
    /// <remarks>A JSON null output (<see cref="ValueExpr.Null"/>) counts as no output, as it does on the server, and <see cref="Build"/> reports it.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    public FlowBuilder Output(ValueExpr output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output.ToJson();
        return this;
    }

    /// <summary>Sets one field of the flow's output, which is then an object of fields.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, blank or starts with <c>$</c>.</exception>
    /// <exception cref="InvalidOperationException">The output was set whole to something other than an object of fields.</exception>
    public FlowBuilder OutputField(string name, ValueExpr? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.StartsWith('$'))
        {
            throw new ArgumentException($"An output field's name must not start with '$' (got {name}): the server would read the output as an expression.", nameof(name));
        }

        _output ??= new JsonObject();
        if (_output is not JsonObject fields || fields.Any(member => member.Key.StartsWith('$')))
        {
            throw new InvalidOperationException($"The output was set whole to {_output.ToJsonString()}; it has no fields to set.");
        }

        fields[name] = value?.ToJson();
        return this;
    }

    /// <summary>Checks the flow as it is now, without throwing.</summary>
    public FlowAnalysis Analyze() => FlowAnalysis.Analyze(ToDocument());

    /// <summary>Checks the flow and returns its document: the JSON the server stores. Each call returns a new object.</summary>
    /// <exception cref="StepflowFlowBuildException">The flow has problems; the exception lists every one with its path.</exception>
    public JsonObject Build()
    {
        var document = ToDocument();
        FlowAnalysis.Analyze(document).ThrowIfInvalid();
        return document;
    }

    private JsonObject ToDocument() => DocumentOrder.Write(_keyOrder, _extras,
        ("name", _name is null ? null : JsonValue.Create(_name)),
        ("description", _description is null ? null : JsonValue.Create(_description)),
        ("version", _version is null ? null : JsonValue.Create(_version)),
        ("schemas", _schemas?.DeepClone()),
        ("steps", _steps.Count == 0 && _keyOrder?.Contains("steps") != true ? null : new JsonArray([.. _steps.Select(s => s.ToJson())])),
        ("output", _output?.DeepClone()),
        ("metadata", _metadata?.DeepClone()));
}
