using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>
/// Where a flow comes from: a YAML or JSON file, YAML or JSON text, a JSON object, or the id of a flow
/// already stored on the server.
/// </summary>
/// <remarks>
/// Documents are sent to the server as the JSON the user wrote: nothing is reordered, renamed or dropped,
/// numbers stay numbers and quoted strings stay strings. Files are read when the flow is used, not when
/// the source is created.
/// </remarks>
public sealed class FlowSource
{
    private readonly Func<CancellationToken, Task<JsonObject>>? _load;

    private FlowSource(string description, Func<CancellationToken, Task<JsonObject>>? load, string? storedFlowId)
    {
        Description = description;
        _load = load;
        StoredFlowId = storedFlowId;
    }

    /// <summary>A short description for messages: the file path, "inline YAML", the flow id.</summary>
    public string Description { get; }

    /// <summary>The id of a flow already stored on the server, when this source names one.</summary>
    public string? StoredFlowId { get; }

    /// <summary>A YAML (<c>.yaml</c>, <c>.yml</c>) or JSON (<c>.json</c>, or any other extension: the content decides) flow file.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or blank.</exception>
    public static FlowSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new FlowSource(path, ct => FlowDocumentReader.ReadFileAsync(path, ct), null);
    }

    /// <summary>Flow text in YAML (JSON is valid YAML, so JSON text works too).</summary>
    public static FlowSource FromYaml(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return new FlowSource("inline YAML", _ => Task.FromResult(FlowDocumentReader.ParseYaml(yaml, null)), null);
    }

    /// <summary>Flow text in JSON.</summary>
    public static FlowSource FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new FlowSource("inline JSON", _ => Task.FromResult(FlowDocumentReader.ParseJson(json, null)), null);
    }

    /// <summary>A flow as a JSON object. The object is copied; later changes to it are not seen.</summary>
    public static FlowSource FromJson(JsonObject flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var copy = (JsonObject)flow.DeepClone();
        return new FlowSource("JSON object", _ => Task.FromResult((JsonObject)copy.DeepClone()), null);
    }

    /// <summary>A flow already stored on the server, by the id <c>StoreFlowAsync</c> returned.</summary>
    public static FlowSource Stored(string flowId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        return new FlowSource($"stored flow {flowId}", null, flowId);
    }

    /// <summary>
    /// A flow written with a <see cref="FlowBuilder"/>. The flow is checked and built now, so later changes to the
    /// builder are not seen.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="StepflowFlowBuildException">The flow has problems; nothing was sent.</exception>
    public static FlowSource FromBuilder(FlowBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var flow = builder.Build();
        return new FlowSource(builder.Name is { } name ? $"flow {name} (built)" : "built flow", _ => Task.FromResult((JsonObject)flow.DeepClone()), null);
    }

    /// <summary>Converts a JSON object.</summary>
    public static implicit operator FlowSource(JsonObject flow) => FromJson(flow);

    /// <summary>Converts a builder (see <see cref="FromBuilder"/>): the flow is checked and built now.</summary>
    /// <exception cref="StepflowFlowBuildException">The flow has problems; nothing was sent.</exception>
    public static implicit operator FlowSource(FlowBuilder builder) => FromBuilder(builder);

    /// <summary>Reads the flow document (not available for <see cref="Stored"/> sources).</summary>
    /// <exception cref="StepflowFlowLoadException">The file is missing or is not a valid YAML/JSON object.</exception>
    public Task<JsonObject> LoadAsync(CancellationToken cancellationToken = default) =>
        _load is null
            ? throw new InvalidOperationException($"{Description} is stored on the server; there is no document to load.")
            : _load(cancellationToken);

    /// <summary>
    /// Reads the flow document and analyzes it without a server (see <see cref="FlowAnalysis"/>): the steps each step
    /// reads, the input paths and variables the flow reads, and its problems.
    /// </summary>
    /// <exception cref="StepflowFlowLoadException">The file is missing or is not a valid YAML/JSON object.</exception>
    /// <exception cref="InvalidOperationException">This is a flow stored on the server (<see cref="Stored"/>).</exception>
    public async Task<FlowAnalysis> AnalyzeAsync(CancellationToken cancellationToken = default) =>
        FlowAnalysis.Analyze(await LoadAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override string ToString() => Description;
}
