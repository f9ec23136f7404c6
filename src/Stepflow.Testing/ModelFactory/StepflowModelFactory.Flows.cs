using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing;

public static partial class StepflowModelFactory
{
    /// <summary>
    /// One problem found in a flow. The level defaults to a warning, the code to one in the level's range
    /// (fatal 3xxx, error 2xxx, warning 1xxx) and the message to the kind.
    /// </summary>
    public static Diagnostic Diagnostic(DiagnosticLevel? level = null, string kind = "missingFlowDescription",
        int? code = null, string? message = null, string? path = null, JsonNode? data = null, bool experimental = false)
    {
        var diagnosticLevel = level ?? DiagnosticLevel.Warning;
        return new()
        {
            Kind = kind,
            Code = code ?? (diagnosticLevel == DiagnosticLevel.Fatal ? 3000 : diagnosticLevel == DiagnosticLevel.Error ? 2000 : 1000),
            Level = diagnosticLevel,
            Message = message ?? kind,
            Path = path,
            Data = data?.DeepClone(),
            Experimental = experimental,
        };
    }

    /// <summary>What storing a flow returns (<c>StoreFlowAsync</c>). <paramref name="stored"/> defaults to "no fatal diagnostic".</summary>
    public static StoreFlowResult StoreFlowResult(string flowId = DefaultFlowId, bool? stored = null, IEnumerable<Diagnostic>? diagnostics = null)
    {
        var found = diagnostics?.ToList() ?? [];
        return new StoreFlowResult(flowId, stored ?? !found.Any(d => d.Level == DiagnosticLevel.Fatal), found);
    }

    /// <summary>What validating a flow returns (<c>IStepflowExecutor.ValidateAsync</c>).</summary>
    public static ValidationResult ValidationResult(string flowId = DefaultFlowId, IEnumerable<Diagnostic>? diagnostics = null) =>
        new(flowId, diagnostics?.ToList() ?? []);

    /// <summary>A stored flow (<c>GetFlowAsync</c>, <c>GetRunFlowAsync</c>): by default a document named <see cref="DefaultFlowName"/> with no steps.</summary>
    public static FlowDefinition FlowDefinition(JsonObject? document = null, string flowId = DefaultFlowId, IEnumerable<FlowExample>? examples = null) =>
        new()
        {
            FlowId = flowId,
            Document = (JsonObject?)document?.DeepClone() ?? new JsonObject { ["name"] = DefaultFlowName, ["steps"] = new JsonArray() },
            Examples = examples?.ToList() ?? [],
        };

    /// <summary>A named example input of a flow.</summary>
    public static FlowExample FlowExample(string name = "example", object? input = null, string? description = null) =>
        new() { Name = name, Input = ItemOutcome.ToJson(input), Description = description };

    /// <summary>A variable a flow declares (<c>GetFlowVariablesAsync</c>).</summary>
    public static FlowVariable FlowVariable(string name = "api_key", string? environmentVariable = null, bool isRequired = false,
        object? defaultValue = null, string? description = null, bool isSecret = false, JsonNode? schema = null) => new()
    {
        Name = name,
        EnvironmentVariable = environmentVariable,
        IsRequired = isRequired,
        DefaultValue = ItemOutcome.ToJson(defaultValue),
        Description = description,
        IsSecret = isSecret,
        Schema = schema?.DeepClone(),
    };
}
