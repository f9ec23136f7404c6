using BenchmarkDotNet.Attributes;
using Stepflow.Benchmarks.Clients;
using Stepflow.Benchmarks.Server;
using Stepflow.Client;

namespace Stepflow.Benchmarks.Cases;

/// <summary>
/// <c>GET /runs/{id}/items</c> of a 10,000-item run as 0.13 answers it (about 20 MB, every whole number a double): time,
/// allocations and the peak memory of one read, the SDK pinned to the 0.12/0.13 API next to records of the same shape.
/// </summary>
[MemoryDiagnoser]
public class GetRunItems013Benchmarks : ServerBenchmark
{
    private int _payloadBytes;
    private Raw013Stepflow _raw = null!;

    /// <summary>Builds the body once and starts the server; warms both variants up before the first case.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        var body = Payloads013.RunItems(GetRunItemsBenchmarks.ItemCount);
        _payloadBytes = body.Length;
        await StartAsync(new ServerPayloads { RunItems = body }, new StepflowClientOptions { ApiGeneration = StepflowApiGeneration.V012 })
            .ConfigureAwait(false);
        _raw = new Raw013Stepflow(Http, Server.BaseAddress);
        await WarmUpAsync(TimeSpan.FromSeconds(6), Raw_HttpClient, StepflowClient).ConfigureAwait(false);
    }

    /// <summary>Measures the peak memory of the case that just ran, then stops everything.</summary>
    [GlobalCleanup(Target = nameof(Raw_HttpClient))]
    public Task CleanupRawAsync() => RecordPeakAndStopAsync(nameof(Raw_HttpClient), async () => await Raw_HttpClient().ConfigureAwait(false), _payloadBytes);

    /// <inheritdoc cref="CleanupRawAsync"/>
    [GlobalCleanup(Target = nameof(StepflowClient))]
    public Task CleanupClientAsync() => RecordPeakAndStopAsync(nameof(StepflowClient), async () => await StepflowClient().ConfigureAwait(false), _payloadBytes);

    /// <summary>Raw HttpClient + source-generated System.Text.Json into 0.13-shaped records, from the response stream.</summary>
    [Benchmark(Baseline = true)]
    public Task<Raw013ItemList> Raw_HttpClient() => _raw.GetRunItemsAsync(Payloads.RunId);

    /// <summary>StepflowClient.GetRunItemsAsync on the 0.12/0.13 API (outputs repaired, the SDK's model).</summary>
    [Benchmark]
    public Task<IReadOnlyList<ItemResult>> StepflowClient() => Client.GetRunItemsAsync(Payloads.RunId);
}
