using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Stepflow.Client;
using Stepflow.Testing.Internal;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Stepflow.Testing;

/// <summary>
/// A fake Stepflow server for tests: an in-process WireMock.Net server on a free loopback port that answers the
/// v1 REST API the way a chosen server generation does (<see cref="StepflowServerEmulation"/>: the 0.11 line, or
/// the protobuf-based API of 0.12 and 0.13), keeping flows, runs and blobs in memory. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// This is a test double, not a Stepflow server: it runs no components and evaluates no expressions. Each item of
/// a run waits <see cref="ItemDelay"/> and then takes the result the test configured
/// (<see cref="SetResult"/>, <see cref="WhenFlow"/>); by default it echoes its input. The behaviour is the same for
/// every generation; only the wire differs (JSON shapes, enums, errors, event framing).
/// </para>
/// <para>
/// Differences from the real server: flow documents are stored as sent (not normalized), so flow ids are the
/// SHA-256 of the compact JSON the client sent, an approximation of the server's id; there are no sub-runs;
/// per-step results are the item's result; on 0.11, cancelling stops the simulated items. See the package README.
/// </para>
/// </remarks>
public sealed partial class StepflowTestServer : IDisposable, IAsyncDisposable
{
    /// <summary>
    /// The generation the parameterless constructor emulates. The one place to change when the SDK's default
    /// server moves on: nothing else in this package depends on it.
    /// </summary>
    internal const StepflowServerEmulation DefaultEmulation = StepflowServerEmulation.V0_13;

    // Not disposed on purpose: background waits may still link to its token while the server shuts down.
    private readonly CancellationTokenSource _disposal = new();
    private readonly WireMockServer _server;
    private readonly FakeStore _store;
    private readonly FakeSettings _settings = new();
    private readonly FaultInjector _faults = new();
    private readonly RequestLog _log = new();
    private readonly FakeCore _core;
    private readonly ConcurrentQueue<StepflowClient> _clients = new();
    private int _disposed;

    /// <summary>
    /// Starts a server on <c>127.0.0.1</c> and a free port that answers like the server generation the SDK's client
    /// targets by default (<see cref="Emulation"/> tells which); see <see cref="Url"/>. Tests that depend on one
    /// generation's wire should name it with <see cref="StepflowTestServer(StepflowServerEmulation)"/>.
    /// </summary>
    public StepflowTestServer()
        : this(DefaultEmulation)
    {
    }

    /// <summary>Starts a server on <c>127.0.0.1</c> and a free port that answers like <paramref name="emulation"/>; see <see cref="Url"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="emulation"/> is not a defined value.</exception>
    public StepflowTestServer(StepflowServerEmulation emulation)
        : this(emulation, HostingOptions.Default)
    {
    }

    /// <summary>
    /// Starts a server that answers like <paramref name="emulation"/> on <c>127.0.0.1</c> and the port of
    /// <paramref name="hosting"/> (0 for a free one; <see cref="Url"/> tells which), with its middleware in front.
    /// For the repository's fake <c>stepflow-server</c> program; not public API.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="emulation"/> is not a defined value, or the port is not 0–65535.
    /// </exception>
    internal StepflowTestServer(StepflowServerEmulation emulation, HostingOptions hosting)
    {
        if (!Enum.IsDefined(emulation))
        {
            throw new ArgumentOutOfRangeException(nameof(emulation), emulation, "Not a known server generation.");
        }

        ArgumentNullException.ThrowIfNull(hosting);
        if (hosting.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(hosting), hosting.Port, "The port must be 0-65535.");
        }

        Emulation = emulation;
        _store = new FakeStore(_disposal.Token);
        _core = new FakeCore(_store, _settings, PlanFor, ExecutorProfile.Of(emulation));
        var api = new FakeApi(WireDialects.Create(emulation, _core), _core, _faults, _log);
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{hosting.Port}")],
            StartAdminInterface = false,
            // Bodies are read as sent; WireMock's own JSON parsing is not needed and would reformat nothing we use.
            DisableJsonBodyParsing = true,
            // WireMock's log keeps bodies (blobs can be large); the fake records requests itself.
            MaxRequestLogCount = 100,
            // Event streams are written by a middleware in front of WireMock: see FakeApi.StreamEventsAsync.
            // A host's middleware (HostingOptions) goes in front of the fake's own, so it sees event streams too.
            PreWireMockMiddlewareInit = app =>
            {
                var pipeline = (IApplicationBuilder)app;
                if (hosting.Middleware is { } middleware)
                {
                    pipeline.Use(middleware);
                }

                pipeline.Use(api.StreamEventsAsync);
            },
        });

        // Every other request, errors included, goes through one async callback, so a long poll holds no thread.
        _server.Given(Request.Create().UsingAnyMethod())
            .AtPriority(10)
            .RespondWith(Response.Create().WithCallback(api.HandleAsync));

        Url = new Uri(_server.Url ?? throw new InvalidOperationException("WireMock.Net started without a URL."));
    }

    /// <summary>The server generation this server answers like.</summary>
    public StepflowServerEmulation Emulation { get; }

    /// <summary>The server's root URL (for example <c>http://127.0.0.1:41234</c>); the API is under <c>/api/v1</c>.</summary>
    public Uri Url { get; }

    /// <summary>
    /// A <see cref="StepflowClient"/> for this server, disposed with the server. Without <paramref name="options"/>
    /// the client uses its defaults except for retry delays of 10–200 ms, so injected faults do not slow tests down.
    /// The client's generation is pinned to this server's: when <see cref="StepflowClientOptions.ApiGeneration"/> is
    /// <see cref="StepflowApiGeneration.Automatic"/> (also on options you pass, which are changed), it is set to
    /// <see cref="StepflowApiGeneration.V011"/> for <see cref="StepflowServerEmulation.V0_11"/> and
    /// <see cref="StepflowApiGeneration.V012"/> for 0.12 and 0.13, so the client makes no detection request.
    /// </summary>
    /// <remarks>
    /// To test generation detection itself, build the client yourself with automatic detection:
    /// <c>new StepflowClient(server.Url, new StepflowClientOptions())</c> (and dispose it).
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The server has been disposed.</exception>
    public StepflowClient CreateClient(StepflowClientOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (options is null)
        {
            options = new StepflowClientOptions();
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        }

        if (options.ApiGeneration == StepflowApiGeneration.Automatic)
        {
            options.ApiGeneration = Emulation == StepflowServerEmulation.V0_11 ? StepflowApiGeneration.V011 : StepflowApiGeneration.V012;
        }

        var client = new StepflowClient(Url, options);
        _clients.Enqueue(client);
        return client;
    }

    /// <summary>
    /// Stops the server: open long polls return, open event streams end, simulated runs stop, and the clients
    /// from <see cref="CreateClient"/> are disposed.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _disposal.Cancel();
        while (_clients.TryDequeue(out var client))
        {
            client.Dispose();
        }

        _server.Stop();
        _server.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
