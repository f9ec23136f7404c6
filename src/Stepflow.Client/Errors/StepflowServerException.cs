namespace Stepflow.Client;

/// <summary>
/// The server failed (5xx) or a gateway gave up waiting for it (408, 502, 504). Safe requests were retried first.
/// </summary>
public class StepflowServerException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="serverError">What the server answered, when it answered.</param>
    /// <param name="innerException">The cause.</param>
    public StepflowServerException(string message, ServerError? serverError = null, Exception? innerException = null)
        : base(message, serverError, innerException) { }
}
