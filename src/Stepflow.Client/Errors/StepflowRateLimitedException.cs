namespace Stepflow.Client;

/// <summary>The server or a gateway is throttling requests (429). Wait <see cref="RetryAfter"/> before trying again.</summary>
public class StepflowRateLimitedException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="serverError">What the server answered.</param>
    /// <param name="innerException">The cause.</param>
    public StepflowRateLimitedException(string message, ServerError? serverError = null, Exception? innerException = null)
        : base(message, serverError, innerException) { }

    /// <summary>How long the server asked the client to wait (from <c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter => ServerError?.RetryAfter;
}
