using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Stepflow.Client.Protocol;
using Stepflow.Client.Protocol.V011;
using Stepflow.Client.Protocol.V012;

namespace Stepflow.Client;

/// <summary>
/// The client for a Stepflow server: store flows, run them, wait for and read their results, and
/// read runs, steps, components and blobs. Thread-safe: create one per server and share it.
/// </summary>
/// <remarks>
/// Every method validates its arguments before sending anything, honours its
/// <see cref="CancellationToken"/>, and reports failures as subclasses of <see cref="StepflowClientException"/>.
/// A run that fails is not an exception: its result says so. Results use the SDK's own model, the same
/// whichever server generation answers.
/// </remarks>
public partial class StepflowClient : IStepflowExecutor, IDisposable
{
    private readonly HttpClient _http = null!;
    private readonly bool _ownsHttpClient;
    private readonly StepflowClientOptions _options = null!;
    private readonly HttpTransport _transport = null!;
    // Set at construction when the generation is pinned, else by the first call's detection; never changes after.
    private IStepflowProtocol? _protocol;
    private readonly SemaphoreSlim _detection = new(1, 1);
    private readonly ResiliencePipeline _retry = ResiliencePipeline.Empty;
    private readonly ILogger _logger = NullLogger.Instance;
    private int _disposed;

    /// <summary>The failure of the attempt made before the retry pipeline was entered.</summary>
    private static readonly ResiliencePropertyKey<Exception?> FirstFailure = new("stepflow.first-failure");

    /// <summary>Creates a client for the server at <paramref name="serverUrl"/> (for example <c>http://localhost:7840</c>).</summary>
    /// <param name="serverUrl">The server's root URL; the client adds <c>/api/v1</c> itself.</param>
    /// <exception cref="ArgumentException"><paramref name="serverUrl"/> is not an absolute http or https URL.</exception>
    public StepflowClient(string serverUrl)
        : this(ParseUrl(serverUrl), new StepflowClientOptions())
    {
    }

    /// <summary>Creates a client for the server at <paramref name="serverUrl"/> with the given options.</summary>
    /// <param name="serverUrl">The server's root URL; the client adds <c>/api/v1</c> itself.</param>
    /// <param name="options">Timeouts, retries, waiting defaults, headers and credentials.</param>
    /// <exception cref="ArgumentException"><paramref name="serverUrl"/> is not an absolute http or https URL.</exception>
    public StepflowClient(string serverUrl, StepflowClientOptions options)
        : this(ParseUrl(serverUrl), options)
    {
    }

    /// <summary>Creates a client for the server at <paramref name="serverUrl"/> (for example <c>http://localhost:7840</c>).</summary>
    /// <param name="serverUrl">The server's root URL; the client adds <c>/api/v1</c> itself.</param>
    public StepflowClient(Uri serverUrl)
        : this(serverUrl, new StepflowClientOptions())
    {
    }

    /// <summary>Creates a client for the server at <paramref name="serverUrl"/> with the given options.</summary>
    /// <param name="serverUrl">The server's root URL; the client adds <c>/api/v1</c> itself.</param>
    /// <param name="options">Timeouts, retries, waiting defaults, headers and credentials.</param>
    public StepflowClient(Uri serverUrl, StepflowClientOptions options)
        : this(CreateOwnedHttpClient(), serverUrl, options, ownsHttpClient: true)
    {
    }

    /// <summary>
    /// Creates a client over a caller's <see cref="HttpClient"/> (for example one from
    /// <c>IHttpClientFactory</c>), which the client never disposes. The server URL is its
    /// <see cref="HttpClient.BaseAddress"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="httpClient"/> has no <see cref="HttpClient.BaseAddress"/>.</exception>
    public StepflowClient(HttpClient httpClient, StepflowClientOptions? options = null)
        : this(httpClient, BaseAddressOf(httpClient), options ?? new StepflowClientOptions(), ownsHttpClient: false)
    {
    }

    /// <summary>Creates a client over a caller's <see cref="HttpClient"/>, which it never disposes, for the server at <paramref name="serverUrl"/>.</summary>
    public StepflowClient(HttpClient httpClient, Uri serverUrl, StepflowClientOptions? options = null)
        : this(httpClient, serverUrl, options ?? new StepflowClientOptions(), ownsHttpClient: false)
    {
    }

    /// <summary>For mocking frameworks only: a client that is not connected to any server.</summary>
    protected StepflowClient()
    {
        BaseAddress = new Uri("http://localhost/");
    }

    private StepflowClient(HttpClient httpClient, Uri serverUrl, StepflowClientOptions options, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(serverUrl);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!serverUrl.IsAbsoluteUri || serverUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The server URL must be an absolute http or https URL, not '{serverUrl}'.", nameof(serverUrl));
        }

        _http = httpClient;
        _ownsHttpClient = ownsHttpClient;
        _options = options;
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger<StepflowClient>() ?? NullLogger.Instance;
        _retry = RetryPipelineFactory.Create(options.Retry, _logger);
        BaseAddress = ServerRoot(serverUrl);
        options.ValidateTransport(BaseAddress);
        _transport = new HttpTransport(_http, BaseAddress, options);
        _protocol = options.ApiGeneration == StepflowApiGeneration.Automatic ? null : CreateProtocol(options.ApiGeneration, _transport);
    }

    /// <summary>The server's root URL (without <c>/api/v1</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>After the run was found finished, how long a last event connection may stay silent before the stream ends. Tests shorten it.</summary>
    internal TimeSpan EventDrainWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Disposes the <see cref="HttpClient"/> if this client created it; a caller's is left alone.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the owned <see cref="HttpClient"/>.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    /// <summary>
    /// Runs one call: each attempt within the request timeout, safe failures retried, the whole within
    /// the operation timeout, and every failure mapped to the client's exceptions. The caller's own
    /// cancellation propagates as <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="operation">Name used in error messages and logs, e.g. "GetRun".</param>
    /// <param name="safety">Whether the call may be repeated after a failure.</param>
    /// <param name="state">What the call needs, passed through so that hot paths allocate no closure.</param>
    /// <param name="call">The call, one attempt of it; it must build a fresh request each time it is invoked.</param>
    /// <param name="extraTime">Time the server is expected to hold the request (long poll), added to both timeouts.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    private protected Task<T> CallAsync<TState, T>(Operation operation, RetrySafety safety, TState state,
        Func<IStepflowProtocol, TState, CancellationToken, Task<T>> call, TimeSpan extraTime, CancellationToken cancellationToken) =>
        Volatile.Read(ref _protocol) is { } protocol
            ? CallAsync(protocol, operation, safety, state, call, extraTime, cancellationToken)
            : DetectThenCallAsync(operation, safety, state, call, extraTime, cancellationToken);

    private async Task<T> DetectThenCallAsync<TState, T>(Operation operation, RetrySafety safety, TState state,
        Func<IStepflowProtocol, TState, CancellationToken, Task<T>> call, TimeSpan extraTime, CancellationToken cancellationToken)
    {
        var (protocol, _) = await DetectAsync(cancellationToken).ConfigureAwait(false);
        return await CallAsync(protocol, operation, safety, state, call, extraTime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The server's generation, asked once (docs/server-api.md §1.2): callers wait in turn, each with its own token,
    /// and the first answer is kept; a failed detection is not, so the next call asks again. Returns the health answer
    /// too when this call was the one that asked.
    /// </summary>
    private async Task<(IStepflowProtocol Protocol, ServerHealth? Health)> DetectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _detection.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _protocol) is { } known)
            {
                return (known, null);
            }

            // Retried like any read. The detector classifies its own answers, so the protocol passed along only has to
            // leave failures as they are, which the 0.12 one (stateless, cheap) does.
            var health = await CallAsync(new V012Protocol(_transport), new Operation("DetectServer"), RetrySafety.Safe, _transport,
                static (_, transport, ct) => ServerDetector.ProbeAsync(transport, ct), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            var protocol = CreateProtocol(health.ApiGeneration, _transport);
            ClientLog.ServerDetected(_logger, BaseAddress, health.Description);
            Volatile.Write(ref _protocol, protocol);
            return (protocol, health);
        }
        finally
        {
            _detection.Release();
        }
    }

    private async Task<T> CallAsync<TState, T>(IStepflowProtocol protocol, Operation operation, RetrySafety safety, TState state,
        Func<IStepflowProtocol, TState, CancellationToken, Task<T>> call, TimeSpan extraTime, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = operation.StartActivity();
        var started = Stopwatch.GetTimestamp();
        var outcome = "success";
        var requestTimeout = _options.RequestTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : _options.RequestTimeout + extraTime;
        var operationTimeout = _options.OperationTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : _options.OperationTimeout + extraTime;
        try
        {
            // The first attempt runs on its own, under one timer for whichever timeout comes first: most calls
            // succeed at once and never need the retry pipeline, its context or a second timer.
            var attemptIsShorter = operationTimeout == Timeout.InfiniteTimeSpan || (requestTimeout != Timeout.InfiniteTimeSpan && requestTimeout < operationTimeout);
            var limit = attemptIsShorter ? requestTimeout : operationTimeout;
            Outcome<object?> first;
            // Inline rather than through AttemptAsync: one async state machine less on every call.
            using (var attempt = NewAttemptSource(limit, cancellationToken))
            {
                try
                {
                    first = Outcome.FromResult<object?>(await call(protocol, state, attempt.Token).ConfigureAwait(false));
                }
                catch (Exception ex)
                {
                    first = Failed(ex, protocol, attempt, limit, attemptIsShorter, cancellationToken);
                }
            }

            if (first.Exception is { } failure && FailureClassifier.ShouldRetry(failure, safety, _options.Retry.MaxRetryAfter) && _retry != ResiliencePipeline.Empty)
            {
                first = await RetryAsync(protocol, operation, safety, state, call, failure, requestTimeout, operationTimeout, started, cancellationToken)
                    .ConfigureAwait(false);
            }

            first.ThrowIfException();
            var result = (T)first.Result!;
            Operation.TagResult(activity, result);
            return result;
        }
        catch (Exception ex) when (ErrorMapper.Map(ex, operation.Name, cancellationToken) is { } mapped)
        {
            outcome = mapped.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error, mapped.Message);
            activity?.SetTag("error.type", outcome);
            throw mapped;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            StepflowTelemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("stepflow.operation", operation.Name),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>
    /// The attempts after a first one that failed in a way worth repeating: through the Polly pipeline (backoff,
    /// <c>Retry-After</c>, logging, the retry budget), all within what is left of the operation timeout.
    /// </summary>
    private async ValueTask<Outcome<object?>> RetryAsync<TState, T>(IStepflowProtocol protocol, Operation operation, RetrySafety safety, TState state,
        Func<IStepflowProtocol, TState, CancellationToken, Task<T>> call, Exception firstFailure, TimeSpan requestTimeout,
        TimeSpan operationTimeout, long started, CancellationToken cancellationToken)
    {
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (operationTimeout != Timeout.InfiniteTimeSpan)
        {
            var remaining = operationTimeout - Stopwatch.GetElapsedTime(started);
            overall.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }

        var context = ResilienceContextPool.Shared.Get(overall.Token);
        context.Properties.Set(RetryPipelineFactory.Operation, operation.Name);
        context.Properties.Set(RetryPipelineFactory.Safety, safety);
        context.Properties.Set(FirstFailure, firstFailure);
        try
        {
            // Outcome-based and typed as object, the pipeline's own result type: Polly then neither wraps the
            // callback in an exception-catching layer nor bridges object and T.
            return await _retry.ExecuteOutcomeAsync(static (ctx, args) =>
            {
                // The pipeline's first "attempt" is the one already made: its failure starts the backoff.
                if (ctx.Properties.GetValue(FirstFailure, null) is { } failure)
                {
                    ctx.Properties.Set(FirstFailure, null);
                    return ValueTask.FromResult(Outcome.FromException<object?>(failure));
                }

                var (call, protocol, state, requestTimeout) = args;
                return AttemptAsync(protocol, state, call, requestTimeout, attemptTimeout: true, ctx.CancellationToken);
            }, context, (call, protocol, state, requestTimeout)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// One attempt under <paramref name="limit"/>. Running out of it is an <see cref="AttemptTimeoutException"/>
    /// (retried like a transient fault) when <paramref name="attemptTimeout"/>, else the end of the operation's time.
    /// </summary>
    private static async ValueTask<Outcome<object?>> AttemptAsync<TState, T>(IStepflowProtocol protocol, TState state,
        Func<IStepflowProtocol, TState, CancellationToken, Task<T>> call, TimeSpan limit, bool attemptTimeout, CancellationToken outer)
    {
        using var attempt = NewAttemptSource(limit, outer);
        try
        {
            return Outcome.FromResult<object?>(await call(protocol, state, attempt.Token).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            return Failed(ex, protocol, attempt, limit, attemptTimeout, outer);
        }
    }

    /// <summary>The token source of one attempt: cancelled with <paramref name="outer"/> or when <paramref name="limit"/> passes.</summary>
    private static CancellationTokenSource NewAttemptSource(TimeSpan limit, CancellationToken outer)
    {
        var attempt = outer.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(outer) : new CancellationTokenSource();
        if (limit != Timeout.InfiniteTimeSpan)
        {
            attempt.CancelAfter(limit);
        }

        return attempt;
    }

    /// <summary>
    /// What a failed attempt means: running out of its own time is an <see cref="AttemptTimeoutException"/> (retried
    /// like a transient fault) when <paramref name="attemptTimeout"/>, else the end of the operation's time; anything
    /// else is translated by the protocol, so the generation's methods need no wrapper of their own.
    /// </summary>
    private static Outcome<object?> Failed(Exception failure, IStepflowProtocol protocol, CancellationTokenSource attempt, TimeSpan limit,
        bool attemptTimeout, CancellationToken outer) => failure switch
    {
        OperationCanceledException when attempt.IsCancellationRequested && !outer.IsCancellationRequested => Outcome.FromException<object?>(
            attemptTimeout
                ? new AttemptTimeoutException($"The attempt took longer than {limit:g}.", failure)
                : new OperationCanceledException("The operation timeout passed.", failure)),
        _ => Outcome.FromException<object?>(protocol.TranslateFailure(failure)),
    };

    /// <summary>A call that needs no state beyond its closure.</summary>
    private protected Task<T> CallAsync<T>(Operation operation, RetrySafety safety, Func<IStepflowProtocol, CancellationToken, Task<T>> call,
        TimeSpan extraTime, CancellationToken cancellationToken) =>
        CallAsync(operation, safety, call, static (protocol, call, ct) => call(protocol, ct), extraTime, cancellationToken);

    private protected Task<T> CallAsync<T>(Operation operation, Func<IStepflowProtocol, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken) =>
        CallAsync(operation, RetrySafety.Safe, call, TimeSpan.Zero, cancellationToken);

    private protected async Task CallAsync(Operation operation, Func<IStepflowProtocol, CancellationToken, Task> call, CancellationToken cancellationToken) =>
        await CallAsync<bool>(operation, RetrySafety.Safe, async (protocol, ct) =>
        {
            await call(protocol, ct).ConfigureAwait(false);
            return true;
        }, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);

    private static HttpClient CreateOwnedHttpClient() => new(new SocketsHttpHandler
    {
        // Pooled connections are recycled so DNS changes are seen, as IHttpClientFactory would do.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    })
    {
        // Per-request timeouts come from StepflowClientOptions; long polls and streams must not be cut.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The implementation of the server's API generation.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The seam: every generation implements the interface.")]
    private static IStepflowProtocol CreateProtocol(StepflowApiGeneration generation, HttpTransport transport) => generation switch
    {
        StepflowApiGeneration.V011 => new V011Protocol(transport),
        StepflowApiGeneration.V012 => new V012Protocol(transport),
        _ => throw new ArgumentOutOfRangeException(nameof(generation), generation, "No protocol for this generation."),
    };

    /// <summary>The protocol of the server's generation, detected first when it is not known yet.</summary>
    private protected ValueTask<IStepflowProtocol> GetProtocolAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _protocol) is { } protocol ? ValueTask.FromResult(protocol) : DetectProtocolAsync(cancellationToken);

    private async ValueTask<IStepflowProtocol> DetectProtocolAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await DetectAsync(cancellationToken).ConfigureAwait(false)).Protocol;
        }
        catch (Exception ex) when (ErrorMapper.Map(ex, "DetectServer", cancellationToken) is { } mapped && !ReferenceEquals(mapped, ex))
        {
            throw mapped;
        }
    }

    private static Uri ParseUrl(string serverUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverUrl);
        return Uri.TryCreate(serverUrl, UriKind.Absolute, out var url)
            ? url
            : throw new ArgumentException($"The server URL must be an absolute http or https URL, not '{serverUrl}'.", nameof(serverUrl));
    }

    private static Uri BaseAddressOf(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return httpClient.BaseAddress ?? throw new ArgumentException(
            "The HttpClient has no BaseAddress; pass the server URL explicitly.", nameof(httpClient));
    }

    /// <summary>The server root, accepting URLs given with or without a trailing <c>/api/v1</c>.</summary>
    private static Uri ServerRoot(Uri serverUrl)
    {
        var text = serverUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (text.EndsWith("/api/v1", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^"/api/v1".Length];
        }

        return new Uri(text + "/");
    }
}
