using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>The server answered 404: the run, flow, step or blob does not exist.</summary>
public class StepflowNotFoundException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    public StepflowNotFoundException(string message, int? statusCode, ErrorResponse? error, string? responseBody, Exception? innerException)
        : base(message, statusCode, error, responseBody, innerException) { }
}
