namespace Stepflow.Client;

/// <summary>
/// The server refused the request as malformed (400, 413, 415, 422): a bad id, body, query or content type.
/// </summary>
public class StepflowInvalidRequestException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="serverError">What the server answered, when it answered.</param>
    /// <param name="innerException">The cause.</param>
    public StepflowInvalidRequestException(string message, ServerError? serverError = null, Exception? innerException = null)
        : base(message, serverError, innerException) { }
}
