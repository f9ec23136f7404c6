namespace Stepflow.Client;

/// <summary>What kind of problem <see cref="FlowAnalysis"/> found in a flow.</summary>
public enum FlowProblemKind
{
    /// <summary>The document does not have the shape of a flow here (for example, <c>steps</c> is not a list, a step has no id, or its <c>onError</c> is not one of the actions).</summary>
    InvalidStructure,

    /// <summary>Two steps have the same id.</summary>
    DuplicateStepId,

    /// <summary>A step has no component, or a blank one.</summary>
    MissingComponent,

    /// <summary>An expression reads the output of a step the flow does not have.</summary>
    UnknownStep,

    /// <summary>Steps read each other's output in a circle, so none of them can start.</summary>
    Cycle,

    /// <summary>The flow has no output.</summary>
    MissingOutput,

    /// <summary>An expression reads a variable that the flow's variables schema does not declare.</summary>
    UndeclaredVariable,

    /// <summary>An expression is malformed: a bad path, <c>$if</c> without <c>then</c>, <c>$coalesce</c> without a list, the retired <c>$from</c>.</summary>
    InvalidExpression,
}

/// <summary>One problem in a flow, with where it is: a path into the document such as <c>steps[2].input.x</c>.</summary>
public sealed class FlowProblem
{
    /// <summary>Creates a problem.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="message"/> is null.</exception>
    public FlowProblem(FlowProblemKind kind, string path, string message, string? stepId = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(message);
        Kind = kind;
        Path = path;
        Message = message;
        StepId = stepId;
    }

    /// <summary>What kind of problem this is.</summary>
    public FlowProblemKind Kind { get; }

    /// <summary>Where it is in the flow document: <c>steps[2].input.x</c>, <c>output</c>, <c>steps[0].component</c>.</summary>
    public string Path { get; }

    /// <summary>What is wrong, naming the step when there is one.</summary>
    public string Message { get; }

    /// <summary>The id of the step the problem is in, when it is in a step.</summary>
    public string? StepId { get; }

    /// <summary>The path and the message: <c>steps[1].input.x: …</c>.</summary>
    public override string ToString() => $"{Path}: {Message}";
}
