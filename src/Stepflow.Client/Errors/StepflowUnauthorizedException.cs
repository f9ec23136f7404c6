using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>The server (or a gateway in front of it) refused the credentials: 401 or 403.</summary>
public class StepflowUnauthorizedException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    public StepflowUnauthorizedException(string message, int? statusCode, ErrorResponse? error, string? responseBody, Exception? innerException)
        : base(message, statusCode, error, responseBody, innerException) { }
}
