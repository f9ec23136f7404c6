using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>
/// The client for a Stepflow server: store flows, run them, wait for and read their results, and
/// read runs, steps, components and blobs. Thread-safe: create one per server and share it.
/// </summary>
/// <remarks>
/// Every method validates its arguments before sending anything, honours its
/// <see cref="CancellationToken"/>, and reports failures as subclasses of <see cref="StepflowClientException"/>.
/// A run that fails is not an exception: its result says so.
/// </remarks>
public partial class StepflowClient : IStepflowExecutor, IDisposable
{
    private const string ApiPrefix = "api/v1/";
    // Added as text (TryAddWithoutValidation): typed header values cost a parsed object and a collection per request.
    private static readonly string UserAgent = new ProductInfoHeaderValue("Stepflow.Client",
        typeof(StepflowClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0").ToString();

    private readonly HttpClient _http = null!;
    private readonly bool _ownsHttpClient;
    private readonly StepflowClientOptions _options = null!;
    private readonly Uri _apiBase = null!;
    private readonly KeyValuePair<string, string>[] _defaultHeaders = [];
    private readonly ResiliencePipeline _retry = ResiliencePipeline.Empty;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly KeyValuePair<string, string>? _apiKey;
    private readonly ILogger _logger = NullLogger.Instance;
    private int _disposed;

    /// <summary>Creates a client for the server at <paramref name="serverUrl"/> (for example <c>http://localhost:7840</c>).</summary>
    /// <param name="serverUrl">The server's root URL; the client adds <c>/api/v1</c> itself.</param>
    public StepflowClient(Uri serverUrl)
        : this(serverUrl, new StepflowClientOptions())
    {
    }

    /// <summary>Creates a client for the server at <paramref name="serverUrl"/> with the given options.</summary>
    /// <param name="serverUrl">The server's root URL; the client adds <c>/api/v1</c> itself.</param>
    /// <param name="options">Timeouts, waiting defaults and headers.</param>
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
        Api = null!;
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
        _defaultHeaders = [.. options.DefaultHeaders];
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger<StepflowClient>() ?? NullLogger.Instance;
        _retry = RetryPipelineFactory.Create(options.Retry, _logger);
        BaseAddress = ServerRoot(serverUrl);
        options.ValidateTransport(BaseAddress);
        _authorization = string.IsNullOrEmpty(options.BearerToken) ? null : new AuthenticationHeaderValue("Bearer", options.BearerToken);
        _apiKey = string.IsNullOrEmpty(options.ApiKey) ? null : new KeyValuePair<string, string>(options.ApiKeyHeaderName, options.ApiKey);
        _apiBase = new Uri(BaseAddress, ApiPrefix);
        Api = new StepflowApiClients(_http, _apiBase.AbsoluteUri, PrepareRequest);
    }

    /// <summary>The server's root URL (without <c>/api/v1</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The generated endpoint clients, for advanced use; they share this client's connection.</summary>
    public StepflowApiClients Api { get; }

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
    /// <param name="call">The call; it must build a fresh request each time it is invoked.</param>
    /// <param name="extraTime">Time the server is expected to hold the request (long poll), added to both timeouts.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    private protected async Task<T> CallAsync<T>(Operation operation, RetrySafety safety, Func<CancellationToken, Task<T>> call,
        TimeSpan extraTime, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = operation.StartActivity();
        var started = Stopwatch.GetTimestamp();
        var outcome = "success";
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.OperationTimeout != Timeout.InfiniteTimeSpan)
        {
            overall.CancelAfter(_options.OperationTimeout + extraTime);
        }

        var context = ResilienceContextPool.Shared.Get(overall.Token);
        context.Properties.Set(RetryPipelineFactory.Operation, operation.Name);
        context.Properties.Set(RetryPipelineFactory.Safety, safety);
        try
        {
            // Outcome-based and typed as object, the pipeline's own result type: Polly then neither wraps the
            // callback in an exception-catching layer nor bridges object and T, each an async state machine more per call.
            var final = await _retry.ExecuteOutcomeAsync(static async (ctx, state) =>
            {
                var (call, requestTimeout) = state;
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ctx.CancellationToken);
                if (requestTimeout != Timeout.InfiniteTimeSpan)
                {
                    attempt.CancelAfter(requestTimeout);
                }

                try
                {
                    return Outcome.FromResult<object?>(await call(attempt.Token).ConfigureAwait(false));
                }
                catch (OperationCanceledException ex) when (attempt.IsCancellationRequested && !ctx.CancellationToken.IsCancellationRequested)
                {
                    return Outcome.FromException<object?>(new AttemptTimeoutException($"The attempt took longer than {requestTimeout:g}.", ex));
                }
                catch (Exception ex)
                {
                    return Outcome.FromException<object?>(ex);
                }
            }, context, (call, _options.RequestTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : _options.RequestTimeout + extraTime))
                .ConfigureAwait(false);
            final.ThrowIfException();
            var result = (T)final.Result!;
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
            ResilienceContextPool.Shared.Return(context);
            StepflowTelemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("stepflow.operation", operation.Name),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private protected Task<T> CallAsync<T>(Operation operation, Func<CancellationToken, Task<T>> call, TimeSpan extraTime,
        CancellationToken cancellationToken) =>
        CallAsync(operation, RetrySafety.Safe, call, extraTime, cancellationToken);

    private protected Task<T> CallAsync<T>(Operation operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        CallAsync(operation, RetrySafety.Safe, call, TimeSpan.Zero, cancellationToken);

    private protected async Task CallAsync(Operation operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        await CallAsync<bool>(operation, RetrySafety.Safe, async ct =>
        {
            await call(ct).ConfigureAwait(false);
            return true;
        }, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);

    /// <summary>Adds the client's headers to a request the generated clients or the raw helpers build.</summary>
    private void PrepareRequest(HttpRequestMessage request)
    {
        if (!request.Headers.Contains("User-Agent"))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        foreach (var (name, value) in _defaultHeaders)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (_authorization is not null)
        {
            request.Headers.Authorization = _authorization;
        }

        if (_apiKey is { } apiKey)
        {
            request.Headers.Remove(apiKey.Key);
            request.Headers.TryAddWithoutValidation(apiKey.Key, apiKey.Value);
        }
    }

    /// <summary>Sends a request the generated clients cannot express; non-success answers throw like theirs.</summary>
    private protected async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        PrepareRequest(request);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            GrpcFallback.ThrowIfFallback(response);
            if (!response.IsSuccessStatusCode)
            {
                var body = response.Content is null
                    ? null
                    : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new StepflowApiException($"HTTP {(int)response.StatusCode}", (int)response.StatusCode, body, HeaderSnapshot.Of(response), null);
            }

            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private Uri ApiUri(string relative) => new(_apiBase, relative);

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
