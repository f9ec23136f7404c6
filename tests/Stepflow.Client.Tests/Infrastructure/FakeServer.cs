using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>
/// A WireMock.Net stand-in for a Stepflow server on a free loopback port, answering canned responses shaped
/// like the real server's (contract §10) and recording what the client sent. One per test; disposed with it.
/// </summary>
public sealed class FakeServer : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public FakeServer()
    {
        Server = WireMockServer.Start();
    }

    public WireMockServer Server { get; }

    /// <summary>The server root, as a user would pass it to <see cref="StepflowClient"/>.</summary>
    public Uri Url => new(Server.Url!);

    /// <summary>Cancelled after 30 s; pass it to every client call so no test can hang.</summary>
    public CancellationToken Timeout => _timeout.Token;

    /// <summary>A client for this server with fast defaults for tests.</summary>
    public StepflowClient Client(Action<StepflowClientOptions>? configure = null)
    {
        var options = new StepflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(10) };
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

    /// <summary>Every request the server received, in order.</summary>
    public IReadOnlyList<IRequestMessage> Requests => Server.LogEntries.Select(e => e.RequestMessage).ToList();

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
