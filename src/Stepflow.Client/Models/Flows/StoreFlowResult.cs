namespace Stepflow.Client;

/// <summary>What storing a flow returned: its id, whether it was stored, and the server's diagnostics.</summary>
public sealed class StoreFlowResult : ValidationResult
{
    /// <summary>Creates a result (for tests and fakes too).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="diagnostics"/> is null.</exception>
    public StoreFlowResult(string flowId, bool stored, IReadOnlyList<Diagnostic> diagnostics)
        : base(flowId, diagnostics)
    {
        Stored = stored;
    }

    /// <summary>
    /// True when the server stored the flow; false when it has fatal problems (see
    /// <see cref="ValidationResult.Diagnostics"/>). The id of a flow that was not stored cannot be run.
    /// </summary>
    public bool Stored { get; }
}
