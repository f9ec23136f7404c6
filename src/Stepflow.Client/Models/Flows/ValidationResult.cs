namespace Stepflow.Client;

/// <summary>What the server found when it analysed a flow.</summary>
public class ValidationResult
{
    /// <summary>Creates a result from the server's diagnostics (for tests and fakes too).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="diagnostics"/> is null.</exception>
    public ValidationResult(string flowId, IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        FlowId = flowId ?? string.Empty;
        Diagnostics = diagnostics;
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Level == DiagnosticLevel.Fatal)
            {
                FatalCount++;
            }
            else if (diagnostic.Level == DiagnosticLevel.Error)
            {
                ErrorCount++;
            }
            else if (diagnostic.Level == DiagnosticLevel.Warning)
            {
                WarningCount++;
            }
        }
    }

    /// <summary>The id the flow is (or would be) stored under.</summary>
    public string FlowId { get; }

    /// <summary>True when there are neither fatal problems nor errors (warnings are allowed).</summary>
    public bool IsValid => FatalCount == 0 && ErrorCount == 0;

    /// <summary>Every problem found, each with its level, message and location.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Problems that prevent the flow from being stored or run.</summary>
    public int FatalCount { get; }

    /// <summary>Problems that will likely make runs fail.</summary>
    public int ErrorCount { get; }

    /// <summary>Advice that does not affect running.</summary>
    public int WarningCount { get; }
}
