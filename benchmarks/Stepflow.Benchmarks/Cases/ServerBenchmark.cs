using Refit;
using Stepflow.Api;
using Stepflow.Api.Serialization;
using Stepflow.Benchmarks.Clients;
using Stepflow.Benchmarks.Infrastructure;
using Stepflow.Benchmarks.Server;
using Stepflow.Client;

namespace Stepflow.Benchmarks.Cases;

/// <summary>
/// One fake server per benchmark class and every client variant over one shared <see cref="HttpClient"/>
/// (one connection pool), so the variants differ only in the code between the socket and the result.
/// </summary>
public abstract class ServerBenchmark
{
    /// <summary>The fake server.</summary>
    protected FakeStepflowServer Server { get; private set; } = null!;

    /// <summary>The shared transport: a <see cref="SocketsHttpHandler"/> set up as StepflowClient sets up its own.</summary>
    protected HttpClient Http { get; private set; } = null!;

    /// <summary>The SDK's hand-written client with default options (retries on, timeouts, telemetry hooks).</summary>
    protected StepflowClient Client { get; private set; } = null!;

    /// <summary>The generated Stepflow.Api client alone, configured as StepflowClient configures it.</summary>
    protected RunClient Generated { get; private set; } = null!;

    /// <summary>A Refit interface over the same models and the SDK's serializer options.</summary>
    protected IStepflowRefitApi Refit { get; private set; } = null!;

    /// <summary>The baseline: raw <see cref="HttpClient"/> and source-generated System.Text.Json.</summary>
    protected RawStepflow Raw { get; private set; } = null!;

    /// <summary>
    /// Starts the server and builds the clients. The SDK's client is pinned to the 0.11 API unless
    /// <paramref name="options"/> say otherwise: the fake has no health route for detection, and a measured call
    /// must not include it.
    /// </summary>
    protected async Task StartAsync(ServerPayloads payloads, StepflowClientOptions? options = null)
    {
        options ??= new StepflowClientOptions { ApiGeneration = StepflowApiGeneration.V011 };
        Server = await FakeStepflowServer.StartAsync(payloads).ConfigureAwait(false);
        Http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        })
        {
            BaseAddress = Server.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Client = new StepflowClient(Http, Server.BaseAddress, options);
        Generated = new RunClient(Http) { BaseUrl = new Uri(Server.BaseAddress, "api/v1/").AbsoluteUri };
        Refit = RestService.For<IStepflowRefitApi>(Http, new RefitSettings(new SystemTextJsonContentSerializer(StepflowJson.Options)));
        Raw = new RawStepflow(Http, Server.BaseAddress);
    }

    /// <summary>Calls every variant for <paramref name="duration"/> before the class's first case (see <see cref="WarmUp"/>).</summary>
    protected Task WarmUpAsync(TimeSpan duration, params Func<Task>[] variants) => WarmUp.OnceAsync(BenchmarkType, duration, variants);

    /// <summary>Records the CPU time per call of one case (see <see cref="CpuTime"/>), then stops everything.</summary>
    protected async Task RecordCpuAndStopAsync(string method, Func<Task> call, TimeSpan sampleTime)
    {
        await RecordCpuAsync(method, call, sampleTime).ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Records the CPU time per call of one case (see <see cref="CpuTime"/>).</summary>
    protected Task RecordCpuAsync(string method, Func<Task> call, TimeSpan sampleTime) =>
        CpuTime.RecordAsync(BenchMetrics.Key(BenchmarkType.Name, method), call, sampleTime);

    /// <summary>
    /// Records the CPU time and the peak memory of one read of a large body (the largest of three samples, see
    /// <see cref="PeakMemory"/>) for one case, then stops everything.
    /// </summary>
    protected async Task RecordPeakAndStopAsync(string method, Func<Task<object>> call, int payloadBytes)
    {
        const int PeakSamples = 3;
        await RecordCpuAsync(method, call, TimeSpan.FromMilliseconds(600)).ConfigureAwait(false);
        var peaks = new List<MemoryPeak>();
        for (var i = 0; i < PeakSamples; i++)
        {
            peaks.Add(await PeakMemory.MeasureAsync(call).ConfigureAwait(false));
        }

        // The largest of the samples: a peak is a worst case.
        var peak = peaks.MaxBy(p => p.PeakHeapBytes);
        BenchMetrics.Write(BenchMetrics.Key(BenchmarkType.Name, method), new Dictionary<string, double>
        {
            ["payloadBytes"] = payloadBytes,
            ["peakHeapBytes"] = peak.PeakHeapBytes,
            ["peakPerPayload"] = (double)peak.PeakHeapBytes / payloadBytes,
            ["retainedBytes"] = peak.RetainedBytes,
            ["peakRssBytes"] = peaks.Max(p => p.PeakRssBytes),
            ["gcsDuringCall"] = peak.Collections,
        });
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>The benchmark class itself: BenchmarkDotNet runs a generated subclass (<c>Runnable_N</c>).</summary>
    private Type BenchmarkType
    {
        get
        {
            var type = GetType();
            while (type.Namespace != typeof(ServerBenchmark).Namespace && type.BaseType is { } parent)
            {
                type = parent;
            }

            return type;
        }
    }

    /// <summary>Stops the server and releases the clients.</summary>
    protected async Task StopAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Server.DisposeAsync().ConfigureAwait(false);
    }
}
