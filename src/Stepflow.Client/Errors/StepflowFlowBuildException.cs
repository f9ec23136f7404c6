namespace Stepflow.Client;

/// <summary>
/// A flow built with <see cref="FlowBuilder"/> (or checked with <see cref="FlowAnalysis"/>) has problems, found before
/// anything was sent to a server. <see cref="Problems"/> lists every one, each with its path in the flow.
/// </summary>
public class StepflowFlowBuildException : StepflowClientException
{
    /// <summary>Creates the exception; the message lists the problems.</summary>
    /// <param name="flowName">The flow's name, when it has one.</param>
    /// <param name="problems">What is wrong; at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="problems"/> is empty.</exception>
    public StepflowFlowBuildException(string? flowName, IReadOnlyList<FlowProblem> problems)
        : base(Describe(flowName, problems))
    {
        FlowName = flowName;
        Problems = problems;
    }

    /// <summary>The flow's name, when it has one.</summary>
    public string? FlowName { get; }

    /// <summary>Every problem found, in document order.</summary>
    public IReadOnlyList<FlowProblem> Problems { get; }

    private static string Describe(string? flowName, IReadOnlyList<FlowProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("A build exception needs at least one problem.", nameof(problems));
        }

        var name = flowName is null ? "The flow" : $"The flow '{flowName}'";
        var count = problems.Count == 1 ? "a problem" : $"{problems.Count} problems";
        return $"{name} has {count}:{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(p => $"  - {p}"));
    }
}
