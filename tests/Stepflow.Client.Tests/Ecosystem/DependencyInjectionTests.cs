using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Ecosystem;

/// <summary>Clients from dependency injection reach a server of either generation, detected or pinned from configuration.</summary>
public abstract class DependencyInjectionTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    /// <summary>A health answer whose version (0.11) or build (0.13) names the server, so keyed clients can tell theirs.</summary>
    private string HealthNamed(string name) => OnWire(
        $$"""{"status":"healthy","timestamp":"t","version":"{{name}}"}""",
        $$$"""
        {"status":"healthy","timestamp":"2026-03-20T20:15:00Z","build":{"gitVersion":"{{{name}}}","dirty":false,"rustcVersion":"rustc 1.94.0",
        "profile":"release","features":[],"target":"x86_64-unknown-linux-gnu"}}
        """);

    /// <summary>What identifies the server in a health answer: its version (0.11) or its build's git version (0.13).</summary>
    private string? NameOf(ServerHealth health) => OnWire(health.Version, health.Build?.GitVersion);

    [Fact]
    public async Task The_client_and_executor_resolve_from_a_configuration_section_and_reach_the_server()
    {
        Server.Json("GET", "/health", OnWire("""{"status":"healthy","timestamp":"t","version":"0.11.1"}""", Samples.Health));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stepflow:ServerUrl"] = Server.Url.ToString(),
            ["Stepflow:RequestTimeout"] = "00:00:07",
            ["Stepflow:Retry:MaxRetries"] = "5",
            ["Stepflow:DefaultHeaders:X-Tenant"] = "acme",
        }).Build();
        var services = new ServiceCollection();
        services.AddStepflowClient(configuration.GetSection("Stepflow"));
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var client = provider.GetRequiredService<StepflowClient>();
        var executor = provider.GetRequiredService<IStepflowExecutor>();
        var health = await client.HealthCheckAsync(Server.Timeout);

        // No ApiGeneration in the section: the health check was the detection (§1.2).
        Assert.Equal(Generation, health.ApiGeneration);
        Assert.Equal(OnWire("0.11.1", "stepflow-0.13.0"), NameOf(health));
        Assert.Equal(Server.Url.AbsoluteUri, executor.BaseAddress.AbsoluteUri);
        var options = provider.GetRequiredService<IOptions<StepflowClientOptions>>().Value;
        Assert.Equal(StepflowApiGeneration.Automatic, options.ApiGeneration);
        Assert.Equal(TimeSpan.FromSeconds(7), options.RequestTimeout);
        Assert.Equal(5, options.Retry.MaxRetries);
        Assert.Equal("acme", Server.Requests.Single().Headers!["X-Tenant"].Single());
    }

    [Fact]
    public async Task The_api_generation_binds_from_configuration_and_spares_the_detection_request()
    {
        // Nothing answers GET /health here: a client that tried to detect would fail as an unsupported server.
        Server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("completed"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stepflow:ServerUrl"] = Server.Url.ToString(),
            ["Stepflow:ApiGeneration"] = OnWire("V011", "V012"),
            ["Stepflow:Staging:ServerUrl"] = Server.Url.ToString(),
            ["Stepflow:Staging:ApiGeneration"] = OnWire("V011", "V012"),
        }).Build();
        var services = new ServiceCollection();
        services.AddStepflowClient(configuration.GetSection("Stepflow"));
        services.AddKeyedStepflowClient("staging", configuration.GetSection("Stepflow:Staging"));
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var run = await provider.GetRequiredService<StepflowClient>().GetRunAsync(Samples.RunId, Server.Timeout);
        var keyed = await provider.GetRequiredKeyedService<StepflowClient>("staging").GetRunAsync(Samples.RunId, Server.Timeout);

        Assert.Equal(Generation, provider.GetRequiredService<IOptions<StepflowClientOptions>>().Value.ApiGeneration);
        Assert.Equal(Generation, provider.GetRequiredService<IOptionsMonitor<StepflowClientOptions>>().Get("staging").ApiGeneration);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(RunStatus.Completed, keyed.Status);
        Assert.Equal([$"/api/v1/runs/{Samples.RunIdText}", $"/api/v1/runs/{Samples.RunIdText}"], Server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Handlers_chained_on_the_returned_builder_see_every_request()
    {
        Server.Json("GET", "/health", OnWire("""{"status":"healthy","timestamp":"t","version":"v"}""", Samples.Health));
        var seen = new List<string>();
        var services = new ServiceCollection();
        var builder = services.AddStepflowClient(o => o.ServerUrl = Server.Url);
        builder.AddHttpMessageHandler(() => new RecordingHandler(seen));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<StepflowClient>().HealthCheckAsync(Server.Timeout);

        Assert.Equal(StepflowServiceCollectionExtensions.HttpClientName, builder.Name);
        Assert.Equal(["/api/v1/health"], seen);
    }

    private sealed class RecordingHandler(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task The_factory_http_client_does_not_cut_long_polls()
    {
        Server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("completed"));
        var services = new ServiceCollection();
        services.AddStepflowClient(o =>
        {
            o.ServerUrl = Server.Url;
            o.ApiGeneration = Generation;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<StepflowClient>();

        await client.LongPollRunAsync(Samples.RunId, TimeSpan.FromSeconds(290), Server.Timeout);

        // Not clamped below the 100 s HttpClient default: the factory client has no timeout of its own.
        var query = Server.Requests.Single().Query!;
        Assert.Equal("290", query["timeoutSecs"].Single());
        Assert.Equal("true", query["wait"].Single());
    }

    [Fact]
    public async Task Keyed_clients_reach_their_own_servers_with_their_own_options()
    {
        using var staging = new FakeServer(Generation);
        Server.Json("GET", "/health", HealthNamed("prod"));
        staging.Json("GET", "/health", HealthNamed("staging"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stepflow:Staging:ServerUrl"] = staging.Url.ToString(),
            ["Stepflow:Staging:Retry:MaxRetries"] = "1",
        }).Build();
        var services = new ServiceCollection();
        services.AddKeyedStepflowClient("prod", o => o.ServerUrl = Server.Url);
        services.AddKeyedStepflowClient("staging", configuration.GetSection("Stepflow:Staging"));
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var prod = await provider.GetRequiredKeyedService<StepflowClient>("prod").HealthCheckAsync(Server.Timeout);
        var stagingExecutor = provider.GetRequiredKeyedService<IStepflowExecutor>("staging");
        var stagingHealth = await provider.GetRequiredKeyedService<StepflowClient>("staging").HealthCheckAsync(Server.Timeout);

        Assert.Equal("prod", NameOf(prod));
        Assert.Equal("staging", NameOf(stagingHealth));
        Assert.Equal(Generation, prod.ApiGeneration);
        Assert.Equal(Generation, stagingHealth.ApiGeneration);
        Assert.Equal(staging.Url.AbsoluteUri, stagingExecutor.BaseAddress.AbsoluteUri);
        Assert.Single(Server.Requests);
        Assert.Single(staging.Requests);
        var monitor = provider.GetRequiredService<IOptionsMonitor<StepflowClientOptions>>();
        Assert.Equal(1, monitor.Get("staging").Retry.MaxRetries);
        Assert.Null(provider.GetService<StepflowClient>());
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class DependencyInjectionTestsOn011() : DependencyInjectionTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API.</summary>
public sealed class DependencyInjectionTestsOn013() : DependencyInjectionTests(StepflowApiGeneration.V012);

/// <summary>Registration checks that fail before any client is made: the same for every generation, so run once.</summary>
public sealed class DependencyInjectionWithoutServerTests
{
    [Fact]
    public void Missing_or_unsafe_settings_fail_validation_with_a_clear_message()
    {
        var services = new ServiceCollection();
        services.AddStepflowClient(o => o.BearerToken = "secret-value");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StepflowClientOptions>>().Value);
        Assert.Contains("ServerUrl", error.Message, StringComparison.Ordinal);

        var insecure = new ServiceCollection();
        insecure.AddStepflowClient(o =>
        {
            o.ServerUrl = new Uri("http://stepflow.example.com");
            o.BearerToken = "secret-value";
        });
        using var insecureProvider = insecure.BuildServiceProvider();
        var transport = Assert.Throws<OptionsValidationException>(() => insecureProvider.GetRequiredService<IOptions<StepflowClientOptions>>().Value);
        Assert.Contains("plain http", transport.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", transport.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keyed_client_with_bad_settings_fails_validation_naming_the_setting()
    {
        var services = new ServiceCollection();
        services.AddKeyedStepflowClient("broken", o => o.RequestTimeout = TimeSpan.FromSeconds(5));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptionsMonitor<StepflowClientOptions>>().Get("broken"));
        Assert.Contains("ServerUrl", error.Message, StringComparison.Ordinal);
        Assert.Equal("broken", error.OptionsName);
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddKeyedStepflowClient(" ", o => { }));
    }

    [Fact]
    public void An_api_generation_that_is_not_one_fails_validation_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stepflow:ServerUrl"] = "http://localhost:7840",
            ["Stepflow:ApiGeneration"] = "7",
        }).Build();
        var services = new ServiceCollection();
        services.AddStepflowClient(configuration.GetSection("Stepflow"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StepflowClientOptions>>().Value);
        Assert.Contains("ApiGeneration", error.Message, StringComparison.Ordinal);
    }
}
