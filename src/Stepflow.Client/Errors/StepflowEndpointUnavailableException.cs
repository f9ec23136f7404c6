using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>
/// The server does not have this endpoint: an older server (0.11.1 has no step detail or events
/// endpoints) or one whose gRPC router answers unknown routes with an empty <c>application/grpc</c> 200.
/// A subclass of <see cref="StepflowNotFoundException"/>, so code that treats "not found" generally keeps working.
/// </summary>
public class StepflowEndpointUnavailableException : StepflowNotFoundException
{
    /// <summary>Creates the exception.</summary>
    public StepflowEndpointUnavailableException(string message, int? statusCode, ErrorResponse? error, string? responseBody, Exception? innerException)
        : base(message, statusCode, error, responseBody, innerException) { }
}
