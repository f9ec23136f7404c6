using BenchmarkDotNet.Attributes;
using Stepflow.Api;
using Stepflow.Benchmarks.Infrastructure;
using Stepflow.Benchmarks.Server;

namespace Stepflow.Benchmarks.Cases;

/// <summary>
/// <c>GET /runs/{id}/events</c>: one stream of 10,000 events framed like E14, the last the run's own
/// <c>run_completed</c>, read to its end.
/// </summary>
[MemoryDiagnoser]
public class EventStreamBenchmarks : ServerBenchmark
{
    /// <summary>Events in the stream.</summary>
    public const int EventCount = 10_000;

    private static readonly TimeSpan CpuSample = TimeSpan.FromMilliseconds(500);

    private int _lastCount;

    /// <summary>Builds the stream once and starts the server; warms both variants up before the first case.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        await StartAsync(new ServerPayloads { EventStream = Payloads.EventStream(Payloads.RunId, EventCount) }).ConfigureAwait(false);
        await WarmUpAsync(TimeSpan.FromSeconds(6), Raw_SseParser, StepflowClient).ConfigureAwait(false);
    }

    /// <summary>Measures the CPU time per stream of the case that just ran, then stops everything.</summary>
    [GlobalCleanup(Target = nameof(Raw_SseParser))]
    public Task CleanupRawAsync() => RecordCpuAndStopAsync(nameof(Raw_SseParser), Raw_SseParser, CpuSample);

    /// <inheritdoc cref="CleanupRawAsync"/>
    [GlobalCleanup(Target = nameof(StepflowClient))]
    public Task CleanupClientAsync() => RecordCpuAndStopAsync(nameof(StepflowClient), StepflowClient, CpuSample);

    /// <summary>Raw HttpClient + SseParser + source-generated System.Text.Json from each event's UTF-8 bytes.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> Raw_SseParser()
    {
        var count = 0;
        await foreach (var statusEvent in Raw.StreamEventsAsync(Payloads.RunId).ConfigureAwait(false))
        {
            count += statusEvent.SequenceNumber >= 0 ? 1 : 0;
        }

        return Record(nameof(Raw_SseParser), count);
    }

    /// <summary>StepflowClient.StreamEventsAsync (typed events, resume bookkeeping, idle checks).</summary>
    [Benchmark]
    public async Task<int> StepflowClient()
    {
        var count = 0;
        await foreach (var statusEvent in Client.StreamEventsAsync(Payloads.RunId).ConfigureAwait(false))
        {
            count += statusEvent.SequenceNumber >= 0 ? 1 : 0;
        }

        return Record(nameof(StepflowClient), count);
    }

    private int Record(string method, int count)
    {
        if (count != EventCount)
        {
            throw new InvalidOperationException($"{method} received {count} events, expected {EventCount}.");
        }

        if (_lastCount != count)
        {
            _lastCount = count;
            BenchMetrics.Write(BenchMetrics.Key(nameof(EventStreamBenchmarks), method),
                new Dictionary<string, double> { [EventsPerSecondColumn.EventsMetric] = count });
        }

        return count;
    }
}
