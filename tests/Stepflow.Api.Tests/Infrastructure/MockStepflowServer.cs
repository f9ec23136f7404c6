using System.Text.Json.Nodes;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Stepflow.Api.Tests.Infrastructure;

/// <summary>
/// A WireMock server standing in for a Stepflow server: binds loopback on a free port, answers
/// canned responses shaped like docs/server-api.md, and records what the client sent. One per test class
/// instance (xUnit creates a new instance per test), disposed with it.
/// </summary>
public sealed class MockStepflowServer : IDisposable
{
    /// <summary>Upper bound for every client call; WireMock answers immediately, so this only guards against hangs.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _timeout = new(CallTimeout);

    public MockStepflowServer()
    {
        Server = WireMockServer.Start();
        Http = new HttpClient { Timeout = CallTimeout };
    }

    public WireMockServer Server { get; }

    public HttpClient Http { get; }

    /// <summary>The base URL the generated clients are configured with (server root + <c>/api/v1</c>).</summary>
    public string BaseUrl => Server.Url + "/api/v1";

    /// <summary>Cancelled after 30 s; pass it to every client call.</summary>
    public CancellationToken Timeout => _timeout.Token;

    public HealthClient HealthClient() => new(Http) { BaseUrl = BaseUrl };

    public BlobClient BlobClient() => new(Http) { BaseUrl = BaseUrl };

    public ComponentClient ComponentClient() => new(Http) { BaseUrl = BaseUrl };

    public RunClient RunClient() => new(Http) { BaseUrl = BaseUrl };

    public FlowClient FlowClient() => new(Http) { BaseUrl = BaseUrl };

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> (any query string) with a JSON body.</summary>
    public void RespondJson(string method, string path, string json, int status = 200) =>
        Respond(method, path, status, json, "application/json");

    /// <summary>Answers with an <c>ErrorResponse</c> (or any) body the way the server sends it: <c>text/plain; charset=utf-8</c>.</summary>
    public void RespondText(string method, string path, int status, string body) =>
        Respond(method, path, status, body, "text/plain; charset=utf-8");

    /// <summary>Answers with the given status, optional body and content type, and extra headers.</summary>
    public void Respond(string method, string path, int status, string? body, string? contentType, params (string Name, string Value)[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
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

        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(response);
    }

    /// <summary>The one request the server received.</summary>
    public IRequestMessage SingleRequest()
    {
        ILogEntry entry = Assert.Single(Server.LogEntries);
        return entry.RequestMessage;
    }

    /// <summary>The query parameters of a request (every value of a repeated key joined with ',').</summary>
    public static IReadOnlyDictionary<string, string> QueryOf(IRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (request.Query is { } query)
        {
            foreach (var (key, values) in query)
            {
                result[key] = string.Join(',', values);
            }
        }

        return result;
    }

    /// <summary>The header values of a request, or an empty list.</summary>
    public static IReadOnlyList<string> HeaderOf(IRequestMessage request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers is null)
        {
            return [];
        }

        foreach (var (key, values) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return [.. values];
            }
        }

        return [];
    }

    /// <summary>The request body parsed as JSON.</summary>
    public static JsonNode? JsonBodyOf(IRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Body;
        Assert.False(string.IsNullOrEmpty(text), "The request had no body.");
        return JsonNode.Parse(text);
    }

    public void Dispose()
    {
        Http.Dispose();
        Server.Stop();
        Server.Dispose();
        _timeout.Dispose();
    }
}
