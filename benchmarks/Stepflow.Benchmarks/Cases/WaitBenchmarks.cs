using BenchmarkDotNet.Attributes;
using Stepflow.Api;
using Stepflow.Benchmarks.Infrastructure;

namespace Stepflow.Benchmarks.Cases;

/// <summary>
/// Waiting for a run that finishes <see cref="RunSeconds"/> after the wait starts: StepflowClient's
/// long poll against a naive loop that asks every second. The server counts the requests for each run.
/// </summary>
/// <remarks>Runs with its own job (one invocation per iteration, few iterations): each operation takes N seconds.</remarks>
public class WaitBenchmarks : ServerBenchmark
{
    /// <summary>Environment variable that sets <see cref="RunSeconds"/> (default 3).</summary>
    public const string SecondsVariable = "STEPFLOW_BENCH_WAIT_SECONDS";

    private readonly List<int> _requests = [];

    /// <summary>How long the run takes, in seconds.</summary>
    [ParamsSource(nameof(RunSecondsValues))]
    public int RunSeconds { get; set; }

    /// <summary>The values of <see cref="RunSeconds"/>: <see cref="SecondsVariable"/>, else 3.</summary>
    public static IEnumerable<int> RunSecondsValues() =>
        [int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), out var seconds) && seconds > 0 ? seconds : 3];

    /// <summary>Starts the server.</summary>
    [GlobalSetup]
    public Task SetupAsync() => StartAsync(new Server.ServerPayloads());

    /// <summary>Records the requests per wait.</summary>
    [GlobalCleanup(Target = nameof(Raw_Poll1s))]
    public Task CleanupPollAsync() => RecordAndStopAsync(nameof(Raw_Poll1s));

    /// <inheritdoc cref="CleanupPollAsync"/>
    [GlobalCleanup(Target = nameof(StepflowClient_WaitForCompletion))]
    public Task CleanupClientAsync() => RecordAndStopAsync(nameof(StepflowClient_WaitForCompletion));

    /// <summary>Naive: raw HttpClient, plain GET every second until the run is terminal.</summary>
    [Benchmark(Baseline = true)]
    public async Task<Clients.Raw011RunDetails> Raw_Poll1s()
    {
        var runId = Server.StartTimedRun(TimeSpan.FromSeconds(RunSeconds));
        var run = await Raw.PollUntilDoneAsync(runId, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        _requests.Add(Server.TakeRequestCount(runId));
        return run;
    }

    /// <summary>StepflowClient.WaitForCompletionAsync (server long poll, default 60 s window).</summary>
    [Benchmark]
    public async Task<Stepflow.Client.RunDetails> StepflowClient_WaitForCompletion()
    {
        var runId = Server.StartTimedRun(TimeSpan.FromSeconds(RunSeconds));
        var run = await Client.WaitForCompletionAsync(runId, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        _requests.Add(Server.TakeRequestCount(runId));
        return run;
    }

    private async Task RecordAndStopAsync(string method)
    {
        if (_requests.Count > 0)
        {
            BenchMetrics.Write(BenchMetrics.Key(nameof(WaitBenchmarks), method, [RunSeconds]), new Dictionary<string, double>
            {
                ["requests"] = _requests.Average(),
                ["requestsMax"] = _requests.Max(),
                ["waits"] = _requests.Count,
            });
        }

        await StopAsync().ConfigureAwait(false);
    }
}
