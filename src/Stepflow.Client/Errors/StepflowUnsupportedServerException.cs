namespace Stepflow.Client;

/// <summary>
/// The address does not answer like any Stepflow server generation this SDK speaks: its health check
/// (<c>GET /api/v1/health</c>) returned neither a 0.11 <c>version</c> nor a 0.12+ <c>build</c>. The message and
/// <see cref="StepflowClientException.ServerError"/> say what it sent. Check the URL (it is the server's root, without
/// <c>/api/v1</c>), or pin <see cref="StepflowClientOptions.ApiGeneration"/> if the server is known.
/// </summary>
public class StepflowUnsupportedServerException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the server answered and why it does not fit.</param>
    /// <param name="serverError">What the server answered.</param>
    /// <param name="innerException">The cause.</param>
    public StepflowUnsupportedServerException(string message, ServerError? serverError = null, Exception? innerException = null)
        : base(message, serverError, innerException) { }
}
