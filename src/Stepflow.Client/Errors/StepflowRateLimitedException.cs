using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>The server or a gateway is throttling requests (429). Wait <see cref="RetryAfter"/> before trying again.</summary>
public class StepflowRateLimitedException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    public StepflowRateLimitedException(string message, TimeSpan? retryAfter, int? statusCode, ErrorResponse? error, string? responseBody, Exception? innerException)
        : base(message, statusCode, error, responseBody, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked the client to wait (from <c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
