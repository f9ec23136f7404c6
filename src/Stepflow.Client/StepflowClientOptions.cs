using Microsoft.Extensions.Logging;

namespace Stepflow.Client;

/// <summary>Settings for a <see cref="StepflowClient"/>. Read once, when the client is created.</summary>
public sealed class StepflowClientOptions
{
    /// <summary>
    /// The server's root URL (for example <c>http://localhost:7840</c>). Used when the client is created
    /// through dependency injection or configuration; the constructors take the URL directly.
    /// </summary>
    public Uri? ServerUrl { get; set; }

    /// <summary>
    /// The server's API generation: <see cref="StepflowApiGeneration.Automatic"/> (the default) detects it with one
    /// request the first time a call needs it; pin it when you know the server, to save that request.
    /// </summary>
    public StepflowApiGeneration ApiGeneration { get; set; }

    /// <summary>
    /// A token sent as <c>Authorization: Bearer …</c> with every request (for a gateway in front of the
    /// server). Never logged and never part of an exception message or <see cref="ToString"/>.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>An API key sent in <see cref="ApiKeyHeaderName"/> with every request. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The header that carries <see cref="ApiKey"/>. Default <c>X-API-Key</c>.</summary>
    public string ApiKeyHeaderName { get; set; } = "X-API-Key";

    /// <summary>
    /// Allows sending <see cref="BearerToken"/> or <see cref="ApiKey"/> over plain http to a host other than
    /// this machine, where anyone on the network path can read them. Default false: such a client is refused.
    /// </summary>
    public bool AllowCredentialsOverHttp { get; set; }

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

    /// <summary>A description for logs and debuggers; credentials are shown only as present or absent.</summary>
    public override string ToString() =>
        $"StepflowClientOptions {{ ServerUrl = {ServerUrl?.ToString() ?? "(none)"}, BearerToken = {(BearerToken is null ? "(none)" : "***")}, " +
        $"ApiKey = {(ApiKey is null ? "(none)" : "***")}, RequestTimeout = {RequestTimeout}, OperationTimeout = {OperationTimeout}, " +
        $"Retry = {(Retry.Enabled ? $"{Retry.MaxRetries} retries" : "off")} }}";

    /// <summary>Refuses credentials that would travel in clear text to another machine.</summary>
    internal void ValidateTransport(Uri serverRoot)
    {
        var hasCredentials = !string.IsNullOrEmpty(BearerToken) || !string.IsNullOrEmpty(ApiKey);
        if (hasCredentials && serverRoot.Scheme == Uri.UriSchemeHttp && !serverRoot.IsLoopback && !AllowCredentialsOverHttp)
        {
            throw new InvalidOperationException(
                $"Refusing to send credentials over plain http to {serverRoot.Host}: use https, or set " +
                $"{nameof(AllowCredentialsOverHttp)} if the network path is trusted.");
        }

        if (!string.IsNullOrEmpty(ApiKey) && string.IsNullOrWhiteSpace(ApiKeyHeaderName))
        {
            throw new InvalidOperationException($"An API key needs a header name ({nameof(ApiKeyHeaderName)}).");
        }
    }

    internal void Validate()
    {
        if (ApiGeneration is not (StepflowApiGeneration.Automatic or StepflowApiGeneration.V011 or StepflowApiGeneration.V012))
        {
            throw new ArgumentOutOfRangeException(nameof(ApiGeneration), ApiGeneration, "Not a server API generation this SDK knows.");
        }

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
