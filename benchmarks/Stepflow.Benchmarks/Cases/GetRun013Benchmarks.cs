using BenchmarkDotNet.Attributes;
using Stepflow.Benchmarks.Clients;
using Stepflow.Benchmarks.Server;
using Stepflow.Client;

namespace Stepflow.Benchmarks.Cases;

/// <summary>
/// <c>GET /runs/{id}</c> against a server answering as 0.13 does: the SDK pinned to the 0.12/0.13 API next to a
/// hand-written client reading records of the same shape with source-generated JSON.
/// </summary>
[MemoryDiagnoser]
public class GetRun013Benchmarks : ServerBenchmark
{
    private Raw013Stepflow _raw = null!;

    /// <summary>Starts the server; warms both variants up before the first case.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        await StartAsync(new ServerPayloads { RunDetails = Payloads013.RunDetails(Payloads.RunId) },
            new StepflowClientOptions { ApiGeneration = StepflowApiGeneration.V012 }).ConfigureAwait(false);
        _raw = new Raw013Stepflow(Http, Server.BaseAddress);
        await WarmUpAsync(TimeSpan.FromSeconds(3), Raw_HttpClient, StepflowClient).ConfigureAwait(false);
    }

    /// <summary>Stops everything.</summary>
    [GlobalCleanup]
    public Task CleanupAsync() => StopAsync();

    /// <summary>Raw HttpClient + source-generated System.Text.Json into 0.13-shaped records.</summary>
    [Benchmark(Baseline = true)]
    public Task<Raw013RunDetails> Raw_HttpClient() => _raw.GetRunAsync(Payloads.RunId);

    /// <summary>StepflowClient.GetRunAsync on the 0.12/0.13 API (integer enums, float repair, the SDK's model).</summary>
    [Benchmark]
    public Task<RunDetails> StepflowClient() => Client.GetRunAsync(Payloads.RunId);
}
