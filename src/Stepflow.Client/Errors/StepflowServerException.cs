using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>The server failed while handling the request (5xx).</summary>
public class StepflowServerException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    public StepflowServerException(string message, int? statusCode, ErrorResponse? error, string? responseBody, Exception? innerException)
        : base(message, statusCode, error, responseBody, innerException) { }
}
