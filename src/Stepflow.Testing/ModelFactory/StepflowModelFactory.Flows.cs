using System.Text.Json.Nodes;
using Stepflow.Api;
using Stepflow.Client;

namespace Stepflow.Testing;

public static partial class StepflowModelFactory
{
    /// <summary>
    /// One problem found in a flow. The code defaults to one in the level's range (fatal 3xxx, error 2xxx,
    /// warning 1xxx) and the message to the kind.
    /// </summary>
    public static Diagnostic Diagnostic(DiagnosticLevel level = DiagnosticLevel.Warning, string kind = "missingFlowDescription",
        int? code = null, string? formatted = null, string? path = null, JsonNode? data = null, bool? experimental = null) => new()
    {
        Kind = kind,
        Code = code ?? level switch { DiagnosticLevel.Fatal => 3000, DiagnosticLevel.Error => 2000, _ => 1000 },
        Level = level,
        Formatted = formatted ?? kind,
        Path = path,
        Data = data?.DeepClone(),
        Experimental = experimental,
    };

    /// <summary>A set of diagnostics with its counts per level.</summary>
    public static Diagnostics Diagnostics(IEnumerable<Diagnostic>? diagnostics = null)
    {
        var list = diagnostics?.ToList() ?? [];
        return new Diagnostics
        {
            Items = list,
            NumFatal = list.Count(d => d.Level == DiagnosticLevel.Fatal),
            NumError = list.Count(d => d.Level == DiagnosticLevel.Error),
            NumWarning = list.Count(d => d.Level == DiagnosticLevel.Warning),
        };
    }

    /// <summary>What storing a flow returns (<c>StoreFlowAsync</c>). <paramref name="stored"/> defaults to "no fatal diagnostic".</summary>
    public static StoreFlowResponse StoreFlowResponse(string flowId = DefaultFlowId, bool? stored = null, Diagnostics? diagnostics = null)
    {
        var found = diagnostics ?? Diagnostics();
        return new StoreFlowResponse { FlowId = flowId, Stored = stored ?? found.NumFatal == 0, Diagnostics = found };
    }

    /// <summary>What validating a flow returns (<c>IStepflowExecutor.ValidateAsync</c>).</summary>
    public static ValidationResult ValidationResult(string flowId = DefaultFlowId, IEnumerable<Diagnostic>? diagnostics = null) =>
        new(flowId, Diagnostics(diagnostics));

    /// <summary>A flow document model: by default one named <see cref="DefaultFlowName"/> with no steps.</summary>
    public static Flow Flow(string? name = DefaultFlowName, IEnumerable<Step>? steps = null, string? description = null) =>
        new() { Name = name, Description = description, Steps = steps?.ToList() ?? [] };

    /// <summary>A stored flow (<c>GetFlowAsync</c>).</summary>
    public static FlowResponse FlowResponse(Flow? flow = null, string flowId = DefaultFlowId, IEnumerable<ExampleInput>? allExamples = null) =>
        new() { Flow = flow ?? Flow(), FlowId = flowId, AllExamples = allExamples?.ToList() ?? [] };

    /// <summary>The flow a run executes (<c>GetRunFlowAsync</c>).</summary>
    public static RunFlowResponse RunFlowResponse(Flow? flow = null, string flowId = DefaultFlowId) =>
        new() { Flow = flow ?? Flow(), FlowId = flowId };

    /// <summary>A flow's variables (<c>GetFlowVariablesAsync</c>): the schema and each variable's environment variable.</summary>
    public static FlowVariablesResponse FlowVariablesResponse(string flowId = DefaultFlowId, JsonNode? schema = null,
        IDictionary<string, string>? envVars = null) =>
        new() { FlowId = flowId, Schema = schema?.DeepClone(), EnvVars = new Dictionary<string, string>(envVars ?? new Dictionary<string, string>(), StringComparer.Ordinal) };
}
