using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>
/// What a flow document reads and what is wrong with it, found without a server: which steps each step reads,
/// which input paths and variables the flow reads, and its problems (duplicate or unknown step ids, cycles, missing
/// components or output, undeclared variables, malformed expressions). <see cref="FlowBuilder.Build"/> runs the same
/// checks; use <see cref="Analyze"/> or <see cref="FlowSource.AnalyzeAsync"/> on flows from files.
/// </summary>
public sealed class FlowAnalysis
{
    internal FlowAnalysis(string? flowName, IReadOnlyList<FlowProblem> problems, IReadOnlyDictionary<string, IReadOnlyList<string>> stepReferences,
        IReadOnlyList<string> outputReferences, IReadOnlyList<string> inputPaths, IReadOnlyList<string> variables, IReadOnlyList<string>? declaredVariables)
    {
        FlowName = flowName;
        Problems = problems;
        StepReferences = stepReferences;
        OutputReferences = outputReferences;
        InputPaths = inputPaths;
        Variables = variables;
        DeclaredVariables = declaredVariables;
    }

    /// <summary>The flow's <c>name</c>, when it has one.</summary>
    public string? FlowName { get; }

    /// <summary>Every problem found, in document order; empty when the flow is fine.</summary>
    public IReadOnlyList<FlowProblem> Problems { get; }

    /// <summary>True when there are no problems.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>For each step id, the ids of the steps whose output its input reads, in order of first use.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> StepReferences { get; }

    /// <summary>The ids of the steps the flow's output reads.</summary>
    public IReadOnlyList<string> OutputReferences { get; }

    /// <summary>The input paths the flow reads (<c>$input</c>), as written, each once.</summary>
    public IReadOnlyList<string> InputPaths { get; }

    /// <summary>The names of the variables the flow reads (<c>$variable</c>), each once.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>The variables the variables schema declares (its <c>properties</c>); null when the flow has no variables schema.</summary>
    public IReadOnlyList<string>? DeclaredVariables { get; }

    /// <summary>Analyzes a flow document.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="flow"/> is null.</exception>
    public static FlowAnalysis Analyze(JsonObject flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return FlowAnalyzer.Analyze(flow);
    }

    /// <summary>Throws when there are problems.</summary>
    /// <exception cref="StepflowFlowBuildException">The flow has problems; the exception lists them all.</exception>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new StepflowFlowBuildException(FlowName, Problems);
        }
    }
}
