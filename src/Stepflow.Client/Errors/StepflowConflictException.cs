using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>
/// The server answered 409: the request conflicts with the resource's state (cancelling a run that has
/// finished, deleting one that is still running, asking for step state newer than the server has).
/// </summary>
public class StepflowConflictException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    public StepflowConflictException(string message, int? statusCode, ErrorResponse? error, string? responseBody, Exception? innerException)
        : base(message, statusCode, error, responseBody, innerException) { }
}
