using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>
/// A WireMock.Net stand-in for a Stepflow server on a free loopback port, answering canned responses shaped
/// like the real server's (docs/server-api.md) and recording what the client sent. One per test; disposed with it.
/// </summary>
public sealed class FakeServer : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Method, string Path)> _arrivalLog = new();
    private int _arrivals;
    private (int Number, TimeSpan Delay)? _slowArrival;

    /// <summary>A fake whose clients speak the 0.11 API.</summary>
    public FakeServer()
        : this(StepflowApiGeneration.V011)
    {
    }

    /// <summary>A fake whose clients are pinned to <paramref name="generation"/>; the test supplies answers in that generation's shapes.</summary>
    public FakeServer(StepflowApiGeneration generation)
    {
        Generation = generation;
        // WireMock logs a request only once it has answered it; counting arrivals in a middleware tells
        // the tests how many requests are in, even while an answer is still delayed or was cut off.
        Server = WireMockServer.Start(new WireMockServerSettings
        {
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(async (context, next) =>
            {
                var arrival = Interlocked.Increment(ref _arrivals);
                _arrivalLog.Enqueue((context.Request.Method, context.Request.Path.Value ?? string.Empty));
                if (_slowArrival is { } slow && slow.Number == arrival)
                {
                    await Task.Delay(slow.Delay).ConfigureAwait(false);
                }

                await next(context).ConfigureAwait(false);
            }),
        });
    }

    /// <summary>The generation the clients of <see cref="Client"/> are pinned to.</summary>
    public StepflowApiGeneration Generation { get; }

    /// <summary>Holds the next request to arrive for <paramref name="delay"/> before WireMock sees it.</summary>
    public void DelayNextArrival(TimeSpan delay) => _slowArrival = (Arrivals + 1, delay);

    /// <summary>How many requests have reached the server so far (answered, still delayed, or abandoned by the client).</summary>
    public int Arrivals => Volatile.Read(ref _arrivals);

    /// <summary>How many requests to one path (without the <c>/api/v1</c> prefix) have reached the server.</summary>
    public int ArrivalsTo(string method, string path) =>
        _arrivalLog.Count(a => a.Method == method && a.Path == "/api/v1" + path);

    public WireMockServer Server { get; }

    /// <summary>The server root, as a user would pass it to <see cref="StepflowClient"/>.</summary>
    public Uri Url => new(Server.Url!);

    /// <summary>Cancelled after 30 s; pass it to every client call so no test can hang.</summary>
    public CancellationToken Timeout => _timeout.Token;

    /// <summary>A client for this server with fast defaults for tests.</summary>
    public StepflowClient Client(Action<StepflowClientOptions>? configure = null)
    {
        // Pinned: the canned answers are in one generation's shapes, and detection would add a request to every count.
        var options = new StepflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(10), ApiGeneration = Generation };
        // Real retry behaviour, with delays short enough for a test suite.
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        configure?.Invoke(options);
        return new StepflowClient(Url, options);
    }

    /// <summary>Answers <paramref name="method"/> <c>/api/v1{path}</c> (any query) with JSON.</summary>
    public void Json(string method, string path, string json, int status = 200) =>
        Respond(method, path, status, json, "application/json");

    /// <summary>Answers with a body sent as <c>text/plain; charset=utf-8</c>, as the server sends its errors.</summary>
    public void Text(string method, string path, int status, string body) =>
        Respond(method, path, status, body, "text/plain; charset=utf-8");

    /// <summary>Answers with a status, an optional body and content type, and extra headers.</summary>
    public void Respond(string method, string path, int status, string? body, string? contentType, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status);
        if (contentType is not null)
        {
            response = response.WithHeader("Content-Type", contentType);
        }

        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        if (body is not null)
        {
            response = response.WithBody(body);
        }

        Server.Given(Request.Create().WithPath("/api/v1" + path).UsingMethod(method)).RespondWith(response);
    }

    /// <summary>Every request the server received, in order, once each has been answered and logged.</summary>
    public IReadOnlyList<IRequestMessage> Requests
    {
        get
        {
            // A request the client abandoned mid-answer may never be logged, hence the bound.
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (Server.LogEntries.Count < Arrivals && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            return Server.LogEntries.Select(e => e.RequestMessage).OrderBy(r => r.DateTime).ToList();
        }
    }

    /// <summary>The requests to one path (without the <c>/api/v1</c> prefix).</summary>
    public IReadOnlyList<IRequestMessage> RequestsTo(string method, string path) =>
        Requests.Where(r => r.Method == method && r.Path == "/api/v1" + path).ToList();

    /// <summary>The JSON body of a request.</summary>
    public static JsonNode? BodyOf(IRequestMessage request) => JsonNode.Parse(request.Body ?? "null");

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
        _timeout.Dispose();
    }
}
