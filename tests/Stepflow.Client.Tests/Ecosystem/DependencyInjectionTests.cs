using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Ecosystem;

public sealed class DependencyInjectionTests : IDisposable
{
    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task The_client_and_executor_resolve_from_a_configuration_section_and_reach_the_server()
    {
        _server.Json("GET", "/health", """{"status":"healthy","timestamp":"t","version":"0.11.1"}""");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stepflow:ServerUrl"] = _server.Url.ToString(),
            ["Stepflow:RequestTimeout"] = "00:00:07",
            ["Stepflow:Retry:MaxRetries"] = "5",
            ["Stepflow:DefaultHeaders:X-Tenant"] = "acme",
        }).Build();
        var services = new ServiceCollection();
        services.AddStepflowClient(configuration.GetSection("Stepflow"));
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var client = provider.GetRequiredService<StepflowClient>();
        var executor = provider.GetRequiredService<IStepflowExecutor>();
        var health = await client.HealthCheckAsync(_server.Timeout);

        Assert.Equal("0.11.1", health.Version);
        Assert.Equal(_server.Url.AbsoluteUri, executor.BaseAddress.AbsoluteUri);
        var options = provider.GetRequiredService<IOptions<StepflowClientOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(7), options.RequestTimeout);
        Assert.Equal(5, options.Retry.MaxRetries);
        Assert.Equal("acme", _server.Requests.Single().Headers!["X-Tenant"].Single());
    }

    [Fact]
    public async Task Handlers_chained_on_the_returned_builder_see_every_request()
    {
        _server.Json("GET", "/health", """{"status":"healthy","timestamp":"t","version":"v"}""");
        var seen = new List<string>();
        var services = new ServiceCollection();
        var builder = services.AddStepflowClient(o => o.ServerUrl = _server.Url);
        builder.AddHttpMessageHandler(() => new RecordingHandler(seen));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<StepflowClient>().HealthCheckAsync(_server.Timeout);

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
    public async Task The_factory_http_client_does_not_cut_long_polls()
    {
        _server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("completed"));
        var services = new ServiceCollection();
        services.AddStepflowClient(o =>
        {
            o.ServerUrl = _server.Url;
            o.ApiGeneration = StepflowApiGeneration.V011;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<StepflowClient>();

        await client.LongPollRunAsync(Samples.RunId, TimeSpan.FromSeconds(290), _server.Timeout);

        // Not clamped below the 100 s HttpClient default: the factory client has no timeout of its own.
        Assert.Equal("290", _server.Requests.Single().Query!["timeoutSecs"].Single());
    }
    [Fact]
    public async Task Keyed_clients_reach_their_own_servers_with_their_own_options()
    {
        using var staging = new FakeServer();
        _server.Json("GET", "/health", """{"status":"healthy","timestamp":"t","version":"prod"}""");
        staging.Json("GET", "/health", """{"status":"healthy","timestamp":"t","version":"staging"}""");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stepflow:Staging:ServerUrl"] = staging.Url.ToString(),
            ["Stepflow:Staging:Retry:MaxRetries"] = "1",
        }).Build();
        var services = new ServiceCollection();
        services.AddKeyedStepflowClient("prod", o => o.ServerUrl = _server.Url);
        services.AddKeyedStepflowClient("staging", configuration.GetSection("Stepflow:Staging"));
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var prod = await provider.GetRequiredKeyedService<StepflowClient>("prod").HealthCheckAsync(_server.Timeout);
        var stagingExecutor = provider.GetRequiredKeyedService<IStepflowExecutor>("staging");
        var stagingHealth = await provider.GetRequiredKeyedService<StepflowClient>("staging").HealthCheckAsync(_server.Timeout);

        Assert.Equal("prod", prod.Version);
        Assert.Equal("staging", stagingHealth.Version);
        Assert.Equal(staging.Url.AbsoluteUri, stagingExecutor.BaseAddress.AbsoluteUri);
        Assert.Single(_server.Requests);
        Assert.Single(staging.Requests);
        var monitor = provider.GetRequiredService<IOptionsMonitor<StepflowClientOptions>>();
        Assert.Equal(1, monitor.Get("staging").Retry.MaxRetries);
        Assert.Null(provider.GetService<StepflowClient>());
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
}
