using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>The server rejected the request as malformed or invalid (400, 413, 415 or 422).</summary>
public class StepflowInvalidRequestException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    public StepflowInvalidRequestException(string message, int? statusCode, ErrorResponse? error, string? responseBody, Exception? innerException)
        : base(message, statusCode, error, responseBody, innerException) { }
}
