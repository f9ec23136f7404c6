using BenchmarkDotNet.Attributes;
using Stepflow.Benchmarks.Clients;
using Stepflow.Benchmarks.Server;
using Stepflow.Client;

namespace Stepflow.Benchmarks.Cases;

/// <summary>
/// <c>POST /runs</c> with one input against a server answering as 0.13 does (<c>{summary, results}</c>): the SDK pinned
/// to the 0.12/0.13 API next to a hand-written client reading records of the same shape.
/// </summary>
[MemoryDiagnoser]
public class CreateRun013Benchmarks : ServerBenchmark
{
    private static readonly GreetInput Input = new("Ada", "https://example.org/articles/analytical-engine", 512);
    private Raw013Stepflow _raw = null!;

    /// <summary>Starts the server; warms both variants up before the first case.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        await StartAsync(new ServerPayloads { CreateRunAccepted = Payloads013.CreateRunAnswer() },
            new StepflowClientOptions { ApiGeneration = StepflowApiGeneration.V012 }).ConfigureAwait(false);
        _raw = new Raw013Stepflow(Http, Server.BaseAddress);
        await WarmUpAsync(TimeSpan.FromSeconds(3), Raw_HttpClient, StepflowClient).ConfigureAwait(false);
    }

    /// <summary>Stops everything.</summary>
    [GlobalCleanup]
    public Task CleanupAsync() => StopAsync();

    /// <summary>Raw HttpClient + source-generated System.Text.Json, typed input, 0.13-shaped records.</summary>
    [Benchmark(Baseline = true)]
    public Task<Raw013CreateRun> Raw_HttpClient() => _raw.CreateRunAsync(Payloads.FlowId, Input);

    /// <summary>StepflowClient.CreateRunAsync on the 0.12/0.13 API with the same typed input.</summary>
    [Benchmark]
    public Task<RunSummary> StepflowClient() => Client.CreateRunAsync(Payloads.FlowId, Input);
}
