namespace Stepflow.Client;

/// <summary>
/// The server does not have this endpoint: an older server (the 0.11.0 and 0.11.1 releases have no step detail or events endpoints), or a
/// server whose gRPC router answers unknown routes with an empty <c>application/grpc</c> 200. A subclass of
/// <see cref="StepflowNotFoundException"/>, so code that treats "not found" generally keeps working.
/// </summary>
public class StepflowEndpointUnavailableException : StepflowNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="serverError">What the server answered, when it answered.</param>
    /// <param name="innerException">The cause.</param>
    public StepflowEndpointUnavailableException(string message, ServerError? serverError = null, Exception? innerException = null)
        : base(message, serverError, innerException) { }
}
