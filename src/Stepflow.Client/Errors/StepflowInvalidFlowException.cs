namespace Stepflow.Client;

/// <summary>
/// The flow has fatal problems, so the server will not store or run it. <see cref="Diagnostics"/> lists
/// them with their level, message and location in the flow when the server reported them.
/// </summary>
public class StepflowInvalidFlowException : StepflowInvalidRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="diagnostics">The problems the server found; empty when it reported only a summary.</param>
    /// <param name="serverError">What the server answered, when the problem came back as an error answer.</param>
    /// <param name="innerException">The cause.</param>
    public StepflowInvalidFlowException(string message, IReadOnlyList<Diagnostic>? diagnostics = null, ServerError? serverError = null,
        Exception? innerException = null)
        : base(message, serverError, innerException)
    {
        Diagnostics = diagnostics ?? [];
    }

    /// <summary>The problems the server found; may be empty when it reported only a summary.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
