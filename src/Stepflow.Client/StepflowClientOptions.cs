using Microsoft.Extensions.Logging;

namespace Stepflow.Client;

/// <summary>Settings for a <see cref="StepflowClient"/>. Read once, when the client is created.</summary>
public sealed class StepflowClientOptions
{
    /// <summary>
    /// Time allowed for one attempt of a request (a long poll gets its wait window on top). An attempt
    /// that runs out is retried when the request is safe to repeat. Default 100 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Time allowed for one operation across all its attempts and the delays between them (a long poll
    /// gets its wait window on top). Default 5 minutes; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When and how failed requests are repeated.</summary>
    public StepflowRetryOptions Retry { get; } = new();

    /// <summary>Where retries and reconnects are logged; nothing is logged when null. Logs never contain headers or bodies.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// How long <see cref="StepflowClient.WaitForCompletionAsync(Guid, TimeSpan?, CancellationToken)"/> and
    /// <see cref="IStepflowExecutor.RunAsync"/> wait for a run before giving up when the caller sets no
    /// timeout. Default 30 minutes; <see cref="Timeout.InfiniteTimeSpan"/> waits until the token is cancelled.
    /// </summary>
    public TimeSpan DefaultWaitTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The longest single long-poll the client asks the server for (<c>timeoutSecs</c>). Shorter windows
    /// survive idle-connection limits of proxies; longer ones mean fewer requests. Default 60 seconds.
    /// </summary>
    public TimeSpan LongPollWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Headers sent with every request (for example a tenant or tracing header).</summary>
    public IDictionary<string, string> DefaultHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Page size used when <see cref="StepflowClient.GetAllRunsAsync"/> pages through runs. Default 100.</summary>
    public int RunsPageSize { get; set; } = 100;

    internal void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero && RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "Must be positive or infinite.");
        }

        if (OperationTimeout <= TimeSpan.Zero && OperationTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(OperationTimeout), OperationTimeout, "Must be positive or infinite.");
        }

        Retry.Validate();

        if (DefaultWaitTimeout <= TimeSpan.Zero && DefaultWaitTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultWaitTimeout), DefaultWaitTimeout, "Must be positive or infinite.");
        }

        if (LongPollWindow < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(LongPollWindow), LongPollWindow, "Must be at least one second.");
        }

        if (RunsPageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RunsPageSize), RunsPageSize, "Must be at least 1.");
        }
    }
}
