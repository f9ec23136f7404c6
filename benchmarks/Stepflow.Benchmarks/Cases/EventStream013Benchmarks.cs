using BenchmarkDotNet.Attributes;
using Stepflow.Benchmarks.Clients;
using Stepflow.Benchmarks.Infrastructure;
using Stepflow.Benchmarks.Server;
using Stepflow.Client;

namespace Stepflow.Benchmarks.Cases;

/// <summary>
/// One 0.13 event stream of 10,000 <c>data:</c>-only frames with externally tagged payloads, the last the run's own
/// <c>RunCompleted</c>, read to its end.
/// </summary>
[MemoryDiagnoser]
public class EventStream013Benchmarks : ServerBenchmark
{
    private static readonly TimeSpan CpuSample = TimeSpan.FromMilliseconds(500);

    private Raw013Stepflow _raw = null!;
    private int _lastCount;

    /// <summary>Builds the stream once and starts the server; warms both variants up before the first case.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        await StartAsync(new ServerPayloads { EventStream = Payloads013.EventStream(Payloads.RunId, EventStreamBenchmarks.EventCount) },
            new StepflowClientOptions { ApiGeneration = StepflowApiGeneration.V012 }).ConfigureAwait(false);
        _raw = new Raw013Stepflow(Http, Server.BaseAddress);
        await WarmUpAsync(TimeSpan.FromSeconds(6), Raw_SseParser, StepflowClient).ConfigureAwait(false);
    }

    /// <summary>Measures the CPU time per stream of the case that just ran, then stops everything.</summary>
    [GlobalCleanup(Target = nameof(Raw_SseParser))]
    public Task CleanupRawAsync() => RecordCpuAndStopAsync(nameof(Raw_SseParser), Raw_SseParser, CpuSample);

    /// <inheritdoc cref="CleanupRawAsync"/>
    [GlobalCleanup(Target = nameof(StepflowClient))]
    public Task CleanupClientAsync() => RecordCpuAndStopAsync(nameof(StepflowClient), StepflowClient, CpuSample);

    /// <summary>Raw HttpClient + SseParser + source-generated records.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> Raw_SseParser()
    {
        var count = 0;
        await foreach (var statusEvent in _raw.StreamEventsAsync(Payloads.RunId).ConfigureAwait(false))
        {
            count += statusEvent.SequenceNumber >= 0 ? 1 : 0;
        }

        return Record(nameof(Raw_SseParser), count);
    }

    /// <summary>StepflowClient.StreamEventsAsync on the 0.12/0.13 API.</summary>
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
        if (count != EventStreamBenchmarks.EventCount)
        {
            throw new InvalidOperationException($"{method} received {count} events, expected {EventStreamBenchmarks.EventCount}.");
        }

        if (_lastCount != count)
        {
            _lastCount = count;
            BenchMetrics.Write(BenchMetrics.Key(nameof(EventStream013Benchmarks), method),
                new Dictionary<string, double> { [EventsPerSecondColumn.EventsMetric] = count });
        }

        return count;
    }
}
