namespace Stepflow.Client;

/// <summary>
/// The server (or a gateway in front of it) refused the credentials: 401 or 403.
/// </summary>
public class StepflowUnauthorizedException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="serverError">What the server answered, when it answered.</param>
    /// <param name="innerException">The cause.</param>
    public StepflowUnauthorizedException(string message, ServerError? serverError = null, Exception? innerException = null)
        : base(message, serverError, innerException) { }
}
