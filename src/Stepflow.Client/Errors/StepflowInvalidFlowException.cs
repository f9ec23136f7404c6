using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>
/// The flow has fatal problems, so the server will not store or run it. <see cref="Diagnostics"/> lists
/// them with their level, message and location in the flow.
/// </summary>
public class StepflowInvalidFlowException : StepflowInvalidRequestException
{
    /// <summary>Creates the exception from the server's analysis of the flow.</summary>
    public StepflowInvalidFlowException(string message, Diagnostics? diagnostics, int? statusCode = null, ErrorResponse? error = null,
        string? responseBody = null, Exception? innerException = null)
        : base(message, statusCode, error, responseBody, innerException)
    {
        Diagnostics = diagnostics?.Items?.ToList() ?? [];
    }

    /// <summary>The problems the server found; may be empty when it reported only a summary.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
