using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Operations;

/// <summary>SendRequestAsync: the escape hatch goes through the same pipeline as every other call.</summary>
public sealed class RawRequestTests : IDisposable
{
    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_get_returns_status_headers_and_body_with_the_clients_headers_sent()
    {
        _server.Respond("GET", "/runs", 200, """{"runs":[]}""", "application/json", ("X-Request-Id", "req-7"));
        using var client = _server.Client(o => o.DefaultHeaders["X-Tenant"] = "acme");

        var response = await client.SendRequestAsync(HttpMethod.Get, "runs?limit=5&offset=0", cancellationToken: _server.Timeout);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal("req-7", Assert.Single(response.Headers["x-request-id"]));
        Assert.Equal("""{"runs":[]}""", response.ReadAsString());
        Assert.Empty(response.ReadAsJson()!["runs"]!.AsArray());
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/api/v1/runs"), (request.Method, request.Path));
        Assert.Equal("5", request.Query!["limit"].Single());
        Assert.Equal("acme", request.Headers!["X-Tenant"].Single());
        Assert.StartsWith("Stepflow.Client/", request.Headers!["User-Agent"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_body_is_sent_as_application_json()
    {
        _server.Json("POST", "/flows", """{"flowId":"f","stored":true,"diagnostics":{"diagnostics":[],"numFatal":0,"numError":0,"numWarning":0}}""");
        using var client = _server.Client();

        await client.SendRequestAsync(HttpMethod.Post, "/flows", new JsonObject { ["flow"] = new JsonObject { ["name"] = "x" } }, _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.StartsWith("application/json", request.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.Equal("x", (string?)FakeServer.BodyOf(request)!["flow"]!["name"]);
    }

    [Fact]
    public async Task An_error_answer_is_the_same_typed_exception_as_from_any_other_method()
    {
        _server.Text("GET", $"/runs/{Samples.RunIdText}", 404, Samples.ErrorNotFound);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(
            () => client.SendRequestAsync(HttpMethod.Get, $"runs/{Samples.RunIdText}", cancellationToken: _server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Contains("not found", error.ServerMessage, StringComparison.Ordinal);
        Assert.Contains("Send", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_get_is_retried_after_a_503_but_a_post_is_never_repeated()
    {
        _server.Respond("GET", "/runs", 503, null, null);
        _server.Respond("POST", "/runs", 503, null, null);
        using var client = _server.Client();

        await Assert.ThrowsAsync<StepflowServerException>(() => client.SendRequestAsync(HttpMethod.Get, "runs", cancellationToken: _server.Timeout));
        await Assert.ThrowsAsync<StepflowServerException>(
            () => client.SendRequestAsync(HttpMethod.Post, "runs", new JsonObject(), _server.Timeout));

        Assert.Equal(4, _server.ArrivalsTo("GET", "/runs"));   // 1 + 3 retries
        Assert.Equal(1, _server.ArrivalsTo("POST", "/runs"));
    }

    [Fact]
    public async Task The_grpc_fallback_is_an_unavailable_endpoint()
    {
        _server.Respond("GET", "/runs/x/newer", 200, null, "application/grpc", ("grpc-status", "12"));
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => client.SendRequestAsync(HttpMethod.Get, "runs/x/newer", cancellationToken: _server.Timeout));

        Assert.Equal("UNIMPLEMENTED", error.ErrorCode);
        Assert.Equal(1, _server.Arrivals);
    }

    [Theory]
    [InlineData("http://elsewhere.example/api/v1/runs")]
    [InlineData("//elsewhere.example/runs")]
    [InlineData(" ")]
    public async Task Absolute_or_blank_paths_are_refused_before_anything_is_sent(string path)
    {
        using var client = _server.Client();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.SendRequestAsync(HttpMethod.Get, path, cancellationToken: _server.Timeout));

        Assert.Equal(0, _server.Arrivals);
    }
}
