using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Stepflow.Api;
using Stepflow.Api.Serialization;
using Stepflow.Benchmarks.Clients;
using Stepflow.Benchmarks.Infrastructure;
using Stepflow.Benchmarks.Server;

namespace Stepflow.Benchmarks.Cases;

/// <summary>
/// <c>GET /runs/{id}/items</c> of a 10,000-item run (E11, about 20 MB): time and allocations per read, and
/// the peak memory of one read (measured once per case after the timed iterations; see <see cref="PeakMemory"/>).
/// </summary>
[MemoryDiagnoser]
public class GetRunItemsBenchmarks : ServerBenchmark
{
    /// <summary>Items in the run.</summary>
    public const int ItemCount = 10_000;

    private int _payloadBytes;

    /// <summary>Builds the body once and starts the server; warms every variant up before the first case.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        var body = Payloads.RunItems(ItemCount);
        _payloadBytes = body.Length;
        await StartAsync(new ServerPayloads { RunItems = body }).ConfigureAwait(false);
        await WarmUpAsync(TimeSpan.FromSeconds(6), Raw_HttpClient, StepflowClient, Generated_RunClient, Reference_BufferedString).ConfigureAwait(false);
    }

    /// <summary>Measures the peak memory of the case that just ran, then stops everything.</summary>
    [GlobalCleanup(Target = nameof(Raw_HttpClient))]
    public Task CleanupRawAsync() => MeasureAndStopAsync(nameof(Raw_HttpClient), async () => await Raw_HttpClient().ConfigureAwait(false));

    /// <inheritdoc cref="CleanupRawAsync"/>
    [GlobalCleanup(Target = nameof(StepflowClient))]
    public Task CleanupClientAsync() => MeasureAndStopAsync(nameof(StepflowClient), async () => await StepflowClient().ConfigureAwait(false));

    /// <inheritdoc cref="CleanupRawAsync"/>
    [GlobalCleanup(Target = nameof(Generated_RunClient))]
    public Task CleanupGeneratedAsync() => MeasureAndStopAsync(nameof(Generated_RunClient), async () => await Generated_RunClient().ConfigureAwait(false));

    /// <inheritdoc cref="CleanupRawAsync"/>
    [GlobalCleanup(Target = nameof(Reference_BufferedString))]
    public Task CleanupBufferedAsync() => MeasureAndStopAsync(nameof(Reference_BufferedString), async () => await Reference_BufferedString().ConfigureAwait(false));

    /// <summary>Raw HttpClient + source-generated System.Text.Json, deserializing from the response stream.</summary>
    [Benchmark(Baseline = true)]
    public Task<Raw011ItemList> Raw_HttpClient() => Raw.GetRunItemsAsync(Payloads.RunId);

    /// <summary>StepflowClient.GetRunItemsAsync.</summary>
    [Benchmark]
    public Task<IReadOnlyList<Stepflow.Client.ItemResult>> StepflowClient() => Client.GetRunItemsAsync(Payloads.RunId);

    /// <summary>The generated RunClient alone.</summary>
    [Benchmark]
    public Task<ListItemsResponse> Generated_RunClient() => Generated.GetRunItemsAsync(Payloads.RunId);

    /// <summary>
    /// Not a client under test: what buffering the body as a string costs (ReadAsStringAsync, then
    /// deserialize), to show the peak-memory column catches it.
    /// </summary>
    [Benchmark]
    public async Task<Raw011ItemList> Reference_BufferedString()
    {
        var text = await Http.GetStringAsync(new Uri(Server.BaseAddress, $"api/v1/runs/{Payloads.RunId:D}/items")).ConfigureAwait(false);
        return JsonSerializer.Deserialize(text, Raw011Json.Default.Raw011ItemList)!;
    }

    private Task MeasureAndStopAsync(string method, Func<Task<object>> call) => RecordPeakAndStopAsync(method, call, _payloadBytes);
}
