using System.Globalization;
using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Operations;

/// <summary>HealthCheckAsync and ListComponentsAsync(ListComponentsOptions), on every server generation.</summary>
public abstract class ComponentAndHealthTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    // 0.11 entries carry `component` and snake_case schemas; 0.13 entries `componentId`, `path`, `plugin`, without the route prefix.
    private string Components => OnWire(
        """
        {"components":[{"component":"/builtin/eval","description":"Evaluates a flow"},{"component":"/python/udf"}],
        "complete":false,"failedPlugins":[{"plugin":"langflow","error":"worker unreachable"}]}
        """,
        """
        {"components":[{"componentId":"/builtin/eval","description":"Evaluates a flow","path":"/builtin/eval","plugin":"builtin"},
        {"componentId":"/python/udf","path":"/python/udf","plugin":"python"}],
        "complete":false,"failedPlugins":[{"plugin":"langflow","error":"worker unreachable"}]}
        """);

    private string ComponentsWithSchemas => OnWire(
        """
        {"components":[{"component":"/builtin/eval","description":"Evaluates a flow",
        "input_schema":{"type":"object","properties":{"flow":{"type":"object"}}},"output_schema":{"type":"string"}}],"complete":true}
        """,
        """
        {"components":[{"componentId":"/builtin/eval","description":"Evaluates a flow",
        "inputSchema":{"properties":{"flow":{"type":"object"}},"type":"object"},"outputSchema":{"type":"string"},
        "path":"/builtin/eval","plugin":"builtin"}],"complete":true,"failedPlugins":[]}
        """);

    [Fact]
    public async Task HealthCheckAsync_returns_status_timestamp_and_the_generation_with_its_version_or_build()
    {
        Server.Json("GET", "/health", Samples.Health);
        using var client = Server.Client();

        var health = await client.HealthCheckAsync(Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1/health"), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        Assert.Equal("healthy", health.Status);
        Assert.True(health.IsHealthy);
        Assert.Equal(Generation, health.ApiGeneration);
        if (Is011)
        {
            Assert.Equal("0.11.1", health.Version);
            Assert.Null(health.Build);
            Assert.Equal("0.11 (version 0.11.1)", health.Description);
        }
        else
        {
            Assert.Null(health.Version);
            var build = Assert.IsType<ServerBuild>(health.Build);
            Assert.Equal("stepflow-0.13.0", build.GitVersion);
            Assert.Equal("release", build.Profile);
            Assert.False(build.Dirty);
            Assert.Equal("0.12/0.13 (build stepflow-0.13.0)", health.Description);
        }

        // The server's time in UTC (0.11 writes +00:00, 0.13 Z), to the precision a DateTimeOffset holds.
        var timestamp = Assert.NotNull(health.Timestamp);
        Assert.Equal(TimeSpan.Zero, timestamp.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 0, 123, TimeSpan.Zero), timestamp.AddTicks(-(timestamp.Ticks % TimeSpan.TicksPerMillisecond)));
        Assert.Equal(DateTimeOffset.Parse("2026-03-20T20:15:00.123456Z", CultureInfo.InvariantCulture),
            timestamp.AddTicks(-(timestamp.Ticks % 10)));
    }

    [Fact]
    public async Task ListComponentsAsync_without_schemas_asks_without_them_and_reports_failed_plugins()
    {
        Server.Json("GET", "/components", Components);
        using var client = Server.Client();

        var response = await client.ListComponentsAsync(new ListComponentsOptions { IncludeSchemas = false }, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1/components"), (request.Method, request.Path));
        // 0.12/0.13 take the inverse flag (docs/server-api.md §6).
        AssertQuery(request, OnWire(("includeSchemas", "false"), ("excludeSchemas", "true")));
        Assert.False(response.IsComplete);
        Assert.Equal(["/builtin/eval", "/python/udf"], response.Select(c => c.Path));
        Assert.Equal("Evaluates a flow", response[0].Description);
        Assert.Null(response[1].Description);
        Assert.Equal(OnWire<string?>(null, "python"), response[1].Plugin);
        Assert.All(response, c => Assert.Null(c.InputSchema));
        Assert.All(response, c => Assert.Null(c.OutputSchema));
        var failed = Assert.Single(response.FailedPlugins);
        Assert.Equal("langflow", failed.Plugin);
        Assert.Equal("worker unreachable", failed.Error);
    }

    [Fact]
    public async Task ListComponentsAsync_with_schemas_exposes_them_with_dotnet_names()
    {
        Server.Json("GET", "/components", ComponentsWithSchemas);
        using var client = Server.Client();

        var response = await client.ListComponentsAsync(new ListComponentsOptions { IncludeSchemas = true }, Server.Timeout);

        AssertQuery(Assert.Single(Server.Requests), OnWire(("includeSchemas", "true"), ("excludeSchemas", "false")));
        Assert.True(response.IsComplete);
        Assert.Empty(response.FailedPlugins);
        var component = Assert.Single(response);
        Assert.Equal("/builtin/eval", component.Path);
        Assert.Equal("Evaluates a flow", component.Description);
        // 0.11's snake_case input_schema/output_schema and 0.13's camelCase members arrive as InputSchema/OutputSchema.
        AssertJsonEqual("""{"type":"object","properties":{"flow":{"type":"object"}}}""", component.InputSchema);
        AssertJsonEqual("""{"type":"string"}""", component.OutputSchema);
    }

    [Fact]
    public async Task ListComponentsAsync_reads_the_012_entry_shape_on_a_012_server()
    {
        if (Is011)
        {
            // The 0.11 shape is the test above; this one is about 0.12's `component` key on the 0.12/0.13 API.
            Server.Json("GET", "/components", Components);
        }
        else
        {
            Server.Json("GET", "/components", """
                {"components":[{"component":"/builtin/eval","description":"Evaluates a flow","inputSchema":{"minimum":0.0,"type":"integer"}}],
                "complete":true,"failedPlugins":[]}
                """);
        }

        using var client = Server.Client();

        var response = await client.ListComponentsAsync(new ListComponentsOptions { IncludeSchemas = true }, Server.Timeout);

        Assert.Equal("/builtin/eval", response[0].Path);
        Assert.Equal("Evaluates a flow", response[0].Description);
        if (!Is011)
        {
            // Struct numbers come back as floats; whole ones read as integers again (docs/server-api.md §4.3).
            AssertJsonEqual("""{"minimum":0,"type":"integer"}""", response[0].InputSchema);
            Assert.Equal("0", response[0].InputSchema!["minimum"]!.ToJsonString());
        }
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class ComponentAndHealthTestsOn011() : ComponentAndHealthTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API.</summary>
public sealed class ComponentAndHealthTestsOn013() : ComponentAndHealthTests(StepflowApiGeneration.V012);
