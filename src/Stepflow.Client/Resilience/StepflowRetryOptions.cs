namespace Stepflow.Client;

/// <summary>
/// When and how the client repeats a failed request. Only requests that are safe to repeat are retried:
/// reads, deletes, storing flows and blobs (stored by content, so a repeat changes nothing) and
/// cancelling. Starting a run is retried only when the request provably never reached the server.
/// </summary>
public sealed class StepflowRetryOptions
{
    /// <summary>Retries at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Retries after the first attempt. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; it doubles with each retry (with jitter). Default 500 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest backoff delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest server-requested wait (<c>Retry-After</c>) the client honours. A longer one is not waited
    /// out: the error is raised with its <c>RetryAfter</c> so the caller can decide. Default 60 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Randomizes delays so many clients do not retry in step. Default true.</summary>
    public bool UseJitter { get; set; } = true;

    internal void Validate()
    {
        if (MaxRetries is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "Must be between 0 and 100.");
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay || MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), "Delays must be non-negative and MaxDelay at least BaseDelay.");
        }
    }
}
