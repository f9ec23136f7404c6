namespace Stepflow.Client;

/// <summary>
/// No usable answer came back: the connection was refused, reset or dropped, the host was not found, or
/// the body could not be read (truncated JSON, an HTML page where JSON was expected).
/// </summary>
public class StepflowTransportException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    public StepflowTransportException(string message, int? statusCode, string? responseBody, Exception? innerException)
        : base(message, statusCode, null, responseBody, innerException) { }
}
