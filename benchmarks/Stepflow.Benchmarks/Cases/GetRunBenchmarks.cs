using BenchmarkDotNet.Attributes;
using Stepflow.Api;
using Stepflow.Benchmarks.Clients;
using Stepflow.Benchmarks.Server;

namespace Stepflow.Benchmarks.Cases;

/// <summary>
/// <c>GET /runs/{id}</c> (E9, a small RunDetails) through each client, and the floor: a bare socket
/// that sends prepared bytes and reads the answer without parsing it.
/// </summary>
[MemoryDiagnoser]
public class GetRunBenchmarks : ServerBenchmark
{
    private RawSocketHttp _floor = null!;

    /// <summary>Starts the server and the floor connection; warms every variant up before the first case.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        await StartAsync(new ServerPayloads()).ConfigureAwait(false);
        _floor = await RawSocketHttp.ConnectAsync(Server.BaseAddress, "GET", $"/api/v1/runs/{Payloads.RunId:D}").ConfigureAwait(false);
        await WarmUpAsync(TimeSpan.FromSeconds(3), Raw_HttpClient, StepflowClient, Generated_RunClient, Refit_Interface, () => ServerFloor().AsTask())
            .ConfigureAwait(false);
    }

    /// <summary>Stops everything.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _floor.Dispose();
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Raw HttpClient + source-generated System.Text.Json.</summary>
    [Benchmark(Baseline = true)]
    public Task<Raw011RunDetails> Raw_HttpClient() => Raw.GetRunAsync(Payloads.RunId);

    /// <summary>StepflowClient.GetRunAsync.</summary>
    [Benchmark]
    public Task<Stepflow.Client.RunDetails> StepflowClient() => Client.GetRunAsync(Payloads.RunId);

    /// <summary>The generated RunClient alone.</summary>
    [Benchmark]
    public Task<Api.RunDetails> Generated_RunClient() => Generated.GetRunAsync(Payloads.RunId);

    /// <summary>Refit.</summary>
    [Benchmark]
    public Task<Api.RunDetails> Refit_Interface() => Refit.GetRunAsync(Payloads.RunId);

    /// <summary>Server + loopback + harness cost: prepared request bytes on a socket, answer not parsed.</summary>
    [Benchmark]
    public ValueTask<int> ServerFloor() => _floor.SendAsync();
}
