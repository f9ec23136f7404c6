using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Operations;

/// <summary>
/// SendRequestAsync: the escape hatch goes through the same pipeline as every other call, and its failures are classified by
/// the rules of the server's generation (docs/server-api.md §3.6).
/// </summary>
public abstract class RawRequestTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    [Fact]
    public async Task A_get_returns_status_headers_and_body_with_the_clients_headers_sent()
    {
        Server.Respond("GET", "/runs", 200, """{"runs":[]}""", "application/json", ("X-Request-Id", "req-7"));
        using var client = Server.Client(o => o.DefaultHeaders["X-Tenant"] = "acme");

        var response = await client.SendRequestAsync(HttpMethod.Get, "runs?limit=5&offset=0", cancellationToken: Server.Timeout);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal("req-7", Assert.Single(response.Headers["x-request-id"]));
        Assert.Equal("""{"runs":[]}""", response.ReadAsString());
        Assert.Empty(response.ReadAsJson()!["runs"]!.AsArray());
        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1/runs"), (request.Method, request.Path));
        Assert.Equal("5", request.Query!["limit"].Single());
        Assert.Equal("acme", request.Headers!["X-Tenant"].Single());
        Assert.StartsWith("Stepflow.Client/", request.Headers!["User-Agent"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_body_is_sent_as_application_json()
    {
        // The same answer on both generations: no diagnostics, so no level to write as a name or a number.
        Server.Json("POST", "/flows", """{"flowId":"f","stored":true,"diagnostics":{"diagnostics":[],"numFatal":0,"numError":0,"numWarning":0}}""");
        using var client = Server.Client();

        await client.SendRequestAsync(HttpMethod.Post, "/flows", new JsonObject { ["flow"] = new JsonObject { ["name"] = "x" } }, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.StartsWith("application/json", request.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.Equal("x", (string?)FakeServer.BodyOf(request)!["flow"]!["name"]);
    }

    [Fact]
    public async Task An_error_answer_is_the_same_typed_exception_as_from_any_other_method()
    {
        // 0.11: ErrorResponse as text/plain; 0.13: the NOT_FOUND envelope as JSON (docs/server-api.md §3.1, §3.2).
        if (Is011)
        {
            Server.Text("GET", $"/runs/{Samples.RunIdText}", 404, Samples.ErrorNotFound);
        }
        else
        {
            Server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.ErrorNotFound, 404);
        }

        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(
            () => client.SendRequestAsync(HttpMethod.Get, $"runs/{Samples.RunIdText}", cancellationToken: Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Contains("not found", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(OnWire($"Execution '{Samples.RunIdText}' not found", $"run '{Samples.RunIdText}' not found"), error.ServerMessage);
        Assert.Contains("Send", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_get_is_retried_after_a_503_but_a_post_is_never_repeated()
    {
        Server.Respond("GET", "/runs", 503, null, null);
        Server.Respond("POST", "/runs", 503, null, null);
        using var client = Server.Client();

        await Assert.ThrowsAsync<StepflowServerException>(() => client.SendRequestAsync(HttpMethod.Get, "runs", cancellationToken: Server.Timeout));
        await Assert.ThrowsAsync<StepflowServerException>(
            () => client.SendRequestAsync(HttpMethod.Post, "runs", new JsonObject(), Server.Timeout));

        Assert.Equal(4, Server.ArrivalsTo("GET", "/runs"));   // 1 + 3 retries
        Assert.Equal(1, Server.ArrivalsTo("POST", "/runs"));
    }

    [Fact]
    public async Task The_grpc_fallback_is_an_unavailable_endpoint()
    {
        Server.Respond("GET", "/runs/x/newer", 200, null, "application/grpc", ("grpc-status", "12"));
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => client.SendRequestAsync(HttpMethod.Get, "runs/x/newer", cancellationToken: Server.Timeout));

        Assert.Equal("UNIMPLEMENTED", error.ErrorCode);
        Assert.Equal(1, Server.Arrivals);
    }

    [Theory]
    [InlineData("http://elsewhere.example/api/v1/runs")]
    [InlineData("//elsewhere.example/runs")]
    [InlineData(" ")]
    public async Task Absolute_or_blank_paths_are_refused_before_anything_is_sent(string path)
    {
        using var client = Server.Client();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.SendRequestAsync(HttpMethod.Get, path, cancellationToken: Server.Timeout));

        Assert.Equal(0, Server.Arrivals);
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class RawRequestTestsOn011() : RawRequestTests(StepflowApiGeneration.V011)
{
    [Fact]
    public async Task An_empty_404_is_an_unavailable_endpoint()
    {
        // The released 0.11 tags answer an unknown route with a bare 404 (docs/server-api.md §2.3).
        Server.Respond("GET", "/runs/x/newer", 404, null, null);
        using var client = Server.Client();

        await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => client.SendRequestAsync(HttpMethod.Get, "runs/x/newer", cancellationToken: Server.Timeout));
    }
}

/// <summary>Against the 0.12/0.13 API.</summary>
public sealed class RawRequestTestsOn013() : RawRequestTests(StepflowApiGeneration.V012)
{
    [Fact]
    public async Task An_empty_404_is_not_found()
    {
        // Bare 404s come from the blob routes for missing blobs; unknown routes get the gRPC fallback (docs/server-api.md §2.3, §3.4).
        Server.Respond("GET", "/blobs/abc", 404, null, null);
        using var client = Server.Client();

        await Assert.ThrowsAsync<StepflowNotFoundException>(() => client.SendRequestAsync(HttpMethod.Get, "blobs/abc", cancellationToken: Server.Timeout));
    }

    [Fact]
    public async Task A_412_envelope_is_a_conflict_with_its_status_name()
    {
        Server.Json("DELETE", $"/runs/{Samples.RunIdText}", Samples.Error(412, $"run '{Samples.RunIdText}' is still Running and cannot be deleted"), 412);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(
            () => client.SendRequestAsync(HttpMethod.Delete, $"runs/{Samples.RunIdText}", cancellationToken: Server.Timeout));

        Assert.Equal(412, error.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", error.ErrorCode);
        Assert.Single(Server.Requests);
    }
}
