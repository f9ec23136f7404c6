using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Operations;

/// <summary>Automatic detection of the server's API generation (docs/server-api.md §1.2).</summary>
public sealed class DetectionTests : IDisposable
{
    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    private StepflowClient AutomaticClient() => _server.Client(o => o.ApiGeneration = StepflowApiGeneration.Automatic);

    public static TheoryData<StepflowApiGeneration> Generations => [StepflowApiGeneration.V011, StepflowApiGeneration.V012];

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task The_first_call_asks_health_once_and_then_speaks_the_detected_generation(StepflowApiGeneration generation)
    {
        var samples = WireSamples.For(generation);
        _server.Json("GET", "/health", samples.Health);
        _server.Json("GET", $"/runs/{Samples.RunIdText}", samples.RunDetails("completed"));
        using var client = AutomaticClient();

        var first = await client.GetRunAsync(Samples.RunId, _server.Timeout);
        var second = await client.GetRunAsync(Samples.RunId, _server.Timeout);

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(["/api/v1/health", $"/api/v1/runs/{Samples.RunIdText}", $"/api/v1/runs/{Samples.RunIdText}"],
            _server.Requests.Select(r => r.Path));
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task A_health_check_as_the_first_call_is_the_detection_itself(StepflowApiGeneration generation)
    {
        _server.Json("GET", "/health", WireSamples.For(generation).Health);
        using var client = AutomaticClient();

        var health = await client.HealthCheckAsync(_server.Timeout);
        var again = await client.HealthCheckAsync(_server.Timeout);

        Assert.Equal(generation, health.ApiGeneration);
        Assert.Equal(generation, again.ApiGeneration);
        Assert.Equal(2, _server.RequestsTo("GET", "/health").Count);
    }

    [Fact]
    public async Task Concurrent_first_calls_detect_once()
    {
        _server.Json("GET", "/health", V013Samples.Instance.Health);
        _server.Json("GET", $"/runs/{Samples.RunIdText}", V013Samples.Instance.RunDetails("completed"));
        using var client = AutomaticClient();

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetRunAsync(Samples.RunId, _server.Timeout)));

        Assert.All(runs, r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.Single(_server.RequestsTo("GET", "/health"));
        Assert.Equal(8, _server.RequestsTo("GET", $"/runs/{Samples.RunIdText}").Count);
    }

    [Fact]
    public async Task A_pinned_generation_sends_no_detection_request()
    {
        _server.Json("GET", $"/runs/{Samples.RunIdText}", V013Samples.Instance.RunDetails("running"));
        using var client = _server.Client(o => o.ApiGeneration = StepflowApiGeneration.V012);

        var run = await client.GetRunAsync(Samples.RunId, _server.Timeout);

        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Empty(_server.RequestsTo("GET", "/health"));
    }

    [Fact]
    public async Task A_failing_health_answer_is_retried_like_a_read()
    {
        _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/v1/health").UsingGet())
            .InScenario("flaky").WillSetStateTo("up")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503));
        _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/v1/health").UsingGet())
            .InScenario("flaky").WhenStateIs("up")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(V011Samples.Instance.Health));
        using var client = AutomaticClient();

        var health = await client.HealthCheckAsync(_server.Timeout);

        Assert.Equal(StepflowApiGeneration.V011, health.ApiGeneration);
        Assert.Equal(2, _server.RequestsTo("GET", "/health").Count);
    }

    [Fact]
    public async Task A_failed_detection_is_not_cached()
    {
        _server.Respond("GET", "/health", 404, "", null);
        using var client = AutomaticClient();
        await Assert.ThrowsAsync<StepflowUnsupportedServerException>(() => client.HealthCheckAsync(_server.Timeout));

        _server.Json("GET", "/health", V013Samples.Instance.Health);
        var health = await client.HealthCheckAsync(_server.Timeout);

        Assert.Equal(StepflowApiGeneration.V012, health.ApiGeneration);
    }

    public static TheoryData<int, string?, string, string> NotStepflow => new()
    {
        { 200, "text/html", "<html><body>Welcome to nginx</body></html>", "Welcome to nginx" },
        { 200, "application/grpc", "", "gRPC" },
        { 200, "application/json", """{"status":"ok"}""", "neither a 'version'" },
        { 200, "application/json", """{"status":"healthy","timestamp":"t","ver""", "neither a 'version'" },
        { 404, "text/plain", "Not Found", "HTTP 404" },
    };

    [Theory]
    [MemberData(nameof(NotStepflow))]
    public async Task A_server_that_answers_neither_way_gets_a_typed_error_naming_what_it_sent(int status, string? contentType, string body,
        string named)
    {
        _server.Respond("GET", "/health", status, body, contentType);
        using var client = AutomaticClient();

        var error = await Assert.ThrowsAsync<StepflowUnsupportedServerException>(() => client.GetRunAsync(Samples.RunId, _server.Timeout));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("GET /api/v1/health", error.Message, StringComparison.Ordinal);
        Assert.Equal(status, error.ServerError?.StatusCode);
        // Nothing but the probe was sent, and it was not retried.
        Assert.Equal(["/api/v1/health"], _server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task The_caller_token_cancels_a_detection_in_progress()
    {
        _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/v1/health").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(20))
                .WithHeader("Content-Type", "application/json").WithBody(V011Samples.Instance.Health));
        using var client = AutomaticClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetRunAsync(Samples.RunId, cancel.Token));
    }

    [Fact]
    public void An_undefined_generation_is_refused_at_construction() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepflowClient(_server.Url, new StepflowClientOptions { ApiGeneration = (StepflowApiGeneration)7 }));
}
