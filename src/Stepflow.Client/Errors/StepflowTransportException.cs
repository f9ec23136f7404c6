namespace Stepflow.Client;

/// <summary>
/// No usable answer came back: the connection was refused, reset or dropped, the host was not found, or
/// the body could not be read (truncated JSON, an HTML page where JSON was expected).
/// </summary>
public class StepflowTransportException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="serverError">The answer whose body could not be read, when there was one.</param>
    /// <param name="innerException">The cause.</param>
    public StepflowTransportException(string message, ServerError? serverError = null, Exception? innerException = null)
        : base(message, serverError, innerException) { }
}
