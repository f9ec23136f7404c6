using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>What the server found when it analysed a flow without storing it.</summary>
public sealed class ValidationResult
{
    /// <summary>Creates a result from the server's diagnostics.</summary>
    public ValidationResult(string flowId, Diagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        FlowId = flowId;
        Diagnostics = diagnostics.Items?.ToList() ?? [];
        FatalCount = (int)diagnostics.NumFatal;
        ErrorCount = (int)diagnostics.NumError;
        WarningCount = (int)diagnostics.NumWarning;
    }

    /// <summary>The id the flow would be stored under.</summary>
    public string FlowId { get; }

    /// <summary>True when there are neither fatal problems nor errors (warnings are allowed).</summary>
    public bool IsValid => FatalCount == 0 && ErrorCount == 0;

    /// <summary>Every problem found, each with its level, message (<c>Formatted</c>) and location (<c>Path</c>).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Problems that prevent the flow from being stored or run.</summary>
    public int FatalCount { get; }

    /// <summary>Problems that will likely make runs fail.</summary>
    public int ErrorCount { get; }

    /// <summary>Advice that does not affect running.</summary>
    public int WarningCount { get; }
}
