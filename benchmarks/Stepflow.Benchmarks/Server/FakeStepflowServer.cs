using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stepflow.Benchmarks.Server;

/// <summary>What the fake server answers with; every body is built once, before the server starts.</summary>
public sealed class ServerPayloads
{
    /// <summary>Body of <c>GET /runs/{id}</c> for any run that is not a timed run.</summary>
    public byte[] RunDetails { get; init; } = Payloads.RunDetails(Payloads.RunId, completed: true);

    /// <summary>Body of the 202 answer to <c>POST /runs</c>.</summary>
    public byte[] CreateRunAccepted { get; init; } = Payloads.CreateRunAccepted();

    /// <summary>Body of <c>GET /runs/{id}/items</c>; empty unless a benchmark needs it.</summary>
    public byte[] RunItems { get; init; } = [];

    /// <summary>Body of <c>GET /runs/{id}/events</c>; empty unless a benchmark needs it.</summary>
    public byte[] EventStream { get; init; } = [];

    /// <summary>The <c>GET /runs/{id}</c> body of a timed run, running or completed (0.11 shapes unless replaced).</summary>
    public Func<Guid, bool, byte[]> TimedRunDetails { get; init; } = static (runId, completed) => Payloads.RunDetails(runId, completed);
}

/// <summary>
/// A Stepflow server stand-in: ASP.NET Core Kestrel on 127.0.0.1 with an ephemeral port, minimal API
/// handlers that write pre-serialized bodies, and a registry of "timed runs" that finish at a set time
/// (plain <c>GET /runs/{id}</c> says running until then; <c>?wait=true</c> holds the request until the run
/// finishes or <c>timeoutSecs</c> runs out, like docs/server-api.md §8.3). Counts the requests for each timed run.
/// </summary>
public sealed class FakeStepflowServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerPayloads _payloads;
    private readonly ConcurrentDictionary<Guid, TimedRun> _timedRuns = new();

    private FakeStepflowServer(WebApplication app, ServerPayloads payloads, Uri baseAddress)
    {
        _app = app;
        _payloads = payloads;
        BaseAddress = baseAddress;
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:40123/</c>; the API is under <c>api/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts a server on 127.0.0.1 with a port the OS picks.</summary>
    public static async Task<FakeStepflowServer> StartAsync(ServerPayloads payloads)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxResponseBufferSize = null;
        });
        var app = builder.Build();
        FakeStepflowServer? server = null;
        app.MapGet("/api/v1/runs/{runId:guid}", (HttpContext context) => server!.GetRunAsync(context));
        app.MapPost("/api/v1/runs", (HttpContext context) => WriteAsync(context, StatusCodes.Status202Accepted, "application/json", payloads.CreateRunAccepted, chunked: false));
        app.MapGet("/api/v1/runs/{runId:guid}/items", (HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, "application/json", payloads.RunItems, chunked: false));
        app.MapGet("/api/v1/runs/{runId:guid}/events", (HttpContext context) =>
        {
            // Like the server: text/event-stream, no-cache, chunked (no Content-Length).
            context.Response.Headers.CacheControl = "no-cache";
            return WriteAsync(context, StatusCodes.Status200OK, "text/event-stream", payloads.EventStream, chunked: true);
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new FakeStepflowServer(app, payloads, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>Registers a run that finishes <paramref name="after"/> from now; requests for it are counted.</summary>
    public Guid StartTimedRun(TimeSpan after)
    {
        var runId = Guid.CreateVersion7();
        _timedRuns[runId] = new TimedRun(Stopwatch.GetTimestamp() + (long)(after.TotalSeconds * Stopwatch.Frequency),
            _payloads.TimedRunDetails(runId, false), _payloads.TimedRunDetails(runId, true));
        return runId;
    }

    /// <summary>How many requests the server received for a timed run (and forgets the run).</summary>
    public int TakeRequestCount(Guid runId) => _timedRuns.TryRemove(runId, out var run) ? run.Requests : 0;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task GetRunAsync(HttpContext context)
    {
        var runId = Guid.Parse((string)context.Request.RouteValues["runId"]!, CultureInfo.InvariantCulture);
        if (!_timedRuns.TryGetValue(runId, out var run))
        {
            await WriteAsync(context, StatusCodes.Status200OK, "application/json", _payloads.RunDetails, chunked: false).ConfigureAwait(false);
            return;
        }

        run.CountRequest();
        var query = context.Request.Query;
        if (string.Equals(query["wait"], "true", StringComparison.Ordinal))
        {
            // Long poll: hold until the run finishes or timeoutSecs (default 300) runs out. Timers may fire a
            // little early, so wait again for what is left: the real server answers only once the run is terminal.
            var timeout = TimeSpan.FromSeconds(long.TryParse(query["timeoutSecs"], NumberStyles.None, CultureInfo.InvariantCulture, out var secs) ? secs : 300);
            var deadline = Math.Min(run.CompletesAt, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
            while (Stopwatch.GetTimestamp() < deadline)
            {
                try
                {
                    await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline) + TimeSpan.FromMilliseconds(1), context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        var done = Stopwatch.GetTimestamp() >= run.CompletesAt;
        await WriteAsync(context, StatusCodes.Status200OK, "application/json", done ? run.Completed : run.Running, chunked: false).ConfigureAwait(false);
    }

    private static Task WriteAsync(HttpContext context, int status, string contentType, byte[] body, bool chunked)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        if (!chunked)
        {
            response.ContentLength = body.Length;
        }

        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private sealed class TimedRun(long completesAt, byte[] running, byte[] completed)
    {
        private int _requests;

        public long CompletesAt { get; } = completesAt;

        public byte[] Running { get; } = running;

        public byte[] Completed { get; } = completed;

        public int Requests => Volatile.Read(ref _requests);

        public void CountRequest() => Interlocked.Increment(ref _requests);
    }
}
