using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stepflow.Client;
using Stepflow.LocalServer.Tests.Infrastructure;

namespace Stepflow.LocalServer.Tests;

/// <summary>AddStepflowLocalServer: a hosted service that starts the server with the application, stops it with it, and a client for it.</summary>
public sealed class DependencyInjectionTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private void Configure(StepflowLocalServerOptions options, string? behaviour = null)
    {
        var fake = FakeBinary.Options(_scratch, behaviour);
        options.BinaryPath = fake.BinaryPath;
        options.StartupTimeout = fake.StartupTimeout;
        foreach (var (name, value) in fake.EnvironmentVariables)
        {
            options.EnvironmentVariables[name] = value;
        }
    }

    [Fact]
    public async Task The_server_starts_with_the_application_and_stops_with_it_and_a_client_is_registered_for_it()
    {
        var logs = new CapturingLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddStepflowLocalServer(o => Configure(o));
        using var host = builder.Build();

        await host.StartAsync();
        var pid = await _scratch.RecordedPidAsync();
        var server = host.Services.GetRequiredService<StepflowLocalServer>();
        var client = host.Services.GetRequiredService<StepflowClient>();
        var executor = host.Services.GetRequiredService<IStepflowExecutor>();

        Assert.Same(server, executor);
        Assert.Equal(server.Url, client.BaseAddress);
        Assert.Equal("healthy", (await client.HealthCheckAsync()).Status);
        Assert.NotEmpty(await executor.ListComponentsAsync());
        Assert.True(Wait.IsAlive(pid));
        // The application's logger factory is the server's when the options name none.
        Assert.Contains(logs.Entries, e => e.Category == "Stepflow.LocalServer" && e.Message.StartsWith("{\"port\":", StringComparison.Ordinal));

        await host.StopAsync();

        Assert.False(Wait.IsAlive(pid));
        Assert.True(server.HasExited);
    }

    [Fact]
    public async Task Disposing_the_services_while_the_server_is_still_starting_kills_it()
    {
        var services = new ServiceCollection();
        services.AddStepflowLocalServer(o => Configure(o, "hang-before-ready"));
        var provider = services.BuildServiceProvider();
        var hosted = Assert.Single(provider.GetServices<IHostedService>());

        var start = hosted.StartAsync(CancellationToken.None);
        var pid = await _scratch.RecordedPidAsync();
        Assert.True(Wait.IsAlive(pid));
        await provider.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
        await Wait.UntilGoneAsync(pid);
    }

    [Fact]
    public async Task Stopping_the_application_while_the_server_is_still_starting_cancels_the_start_and_kills_it()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddStepflowLocalServer(o => Configure(o, "hang-before-ready"));
        using var host = builder.Build();

        var start = host.StartAsync();
        var pid = await _scratch.RecordedPidAsync();
        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
        await host.StopAsync();
        await Wait.UntilGoneAsync(pid);
    }

    [Fact]
    public async Task The_client_cannot_be_resolved_before_the_server_has_started_and_says_why()
    {
        var services = new ServiceCollection();
        services.AddStepflowLocalServer(o => Configure(o));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<StepflowClient>());

        Assert.Contains("has not started yet", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_scratch.RecordDir, "pid")));
    }

    [Fact]
    public async Task Registering_twice_starts_one_server()
    {
        var services = new ServiceCollection();
        services.AddStepflowLocalServer(o => Configure(o));
        services.AddStepflowLocalServer(o => o.RecentLogCapacity = 50);
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>());
    }
}
