using System.Globalization;
using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Operations;

/// <summary>HealthCheckAsync and ListComponentsAsync(ListComponentsOptions).</summary>
public sealed class ComponentAndHealthTests : IDisposable
{
    private const string Components = """
        {"components":[{"component":"/builtin/eval","description":"Evaluates a flow"},{"component":"/python/udf"}],
        "complete":false,"failedPlugins":[{"plugin":"langflow","error":"worker unreachable"}]}
        """;

    private const string ComponentsWithSchemas = """
        {"components":[{"component":"/builtin/eval","description":"Evaluates a flow",
        "input_schema":{"type":"object","properties":{"flow":{"type":"object"}}},"output_schema":{"type":"string"}}],"complete":true}
        """;

    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task HealthCheckAsync_returns_status_timestamp_and_version()
    {
        _server.Json("GET", "/health", """{"status":"healthy","timestamp":"2026-03-20T20:15:00.123456789+00:00","version":"0.11.1"}""");
        using var client = _server.Client();

        var health = await client.HealthCheckAsync(_server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/api/v1/health"), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        Assert.Equal("healthy", health.Status);
        Assert.Equal("0.11.1", health.Version);
        // The server's text, to the precision a DateTimeOffset holds.
        var timestamp = Assert.NotNull(health.Timestamp);
        Assert.Equal(DateTimeOffset.Parse("2026-03-20T20:15:00.123456789+00:00", CultureInfo.InvariantCulture), timestamp);
        Assert.Equal(TimeSpan.Zero, timestamp.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 0, 123, TimeSpan.Zero), timestamp.AddTicks(-(timestamp.Ticks % TimeSpan.TicksPerMillisecond)));
    }

    [Fact]
    public async Task ListComponentsAsync_without_schemas_sends_includeSchemas_false_and_reports_failed_plugins()
    {
        _server.Json("GET", "/components", Components);
        using var client = _server.Client();

        var response = await client.ListComponentsAsync(new ListComponentsOptions { IncludeSchemas = false }, _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/api/v1/components"), (request.Method, request.Path));
        AssertQuery(request, ("includeSchemas", "false"));
        Assert.False(response.IsComplete);
        Assert.Equal(["/builtin/eval", "/python/udf"], response.Select(c => c.Path));
        Assert.Equal("Evaluates a flow", response[0].Description);
        Assert.Null(response[1].Description);
        Assert.All(response, c => Assert.Null(c.InputSchema));
        Assert.All(response, c => Assert.Null(c.OutputSchema));
        var failed = Assert.Single(response.FailedPlugins);
        Assert.Equal("langflow", failed.Plugin);
        Assert.Equal("worker unreachable", failed.Error);
    }

    [Fact]
    public async Task ListComponentsAsync_with_schemas_exposes_them_with_dotnet_names()
    {
        _server.Json("GET", "/components", ComponentsWithSchemas);
        using var client = _server.Client();

        var response = await client.ListComponentsAsync(new ListComponentsOptions { IncludeSchemas = true }, _server.Timeout);

        AssertQuery(Assert.Single(_server.Requests), ("includeSchemas", "true"));
        Assert.True(response.IsComplete);
        Assert.Empty(response.FailedPlugins);
        var component = Assert.Single(response);
        Assert.Equal("/builtin/eval", component.Path);
        Assert.Equal("Evaluates a flow", component.Description);
        // The wire's snake_case input_schema/output_schema members arrive as InputSchema/OutputSchema.
        AssertJsonEqual("""{"type":"object","properties":{"flow":{"type":"object"}}}""", component.InputSchema);
        AssertJsonEqual("""{"type":"string"}""", component.OutputSchema);
    }
}
