using System.Diagnostics;
using Stepflow.Benchmarks.Clients;
using Stepflow.Benchmarks.Server;
using Stepflow.Client;

namespace Stepflow.Benchmarks;

/// <summary>
/// <c>--wait-check SECONDS</c>: one wait of each kind for a run that takes that long, side by side, without
/// BenchmarkDotNet, printing the requests the server received for each. Exit code 1 when the long poll
/// needed more than 3 requests.
/// </summary>
public static class WaitCheck
{
    /// <summary>Runs the check.</summary>
    public static async Task<int> RunAsync(int runSeconds)
    {
        var server = await FakeStepflowServer.StartAsync(new ServerPayloads()).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var client = new StepflowClient(http, server.BaseAddress);
            var raw = new RawStepflow(http, server.BaseAddress);
            var duration = TimeSpan.FromSeconds(runSeconds);

            var longPoll = MeasureAsync(server, duration, id => client.WaitForCompletionAsync(id, duration * 2 + TimeSpan.FromMinutes(1)));
            var polling = MeasureAsync(server, duration, id => raw.PollUntilDoneAsync(id, TimeSpan.FromSeconds(1)));
            var (longPollRequests, longPollTime) = await longPoll.ConfigureAwait(false);
            var (pollingRequests, pollingTime) = await polling.ConfigureAwait(false);

            Console.WriteLine($"run finishing after {runSeconds} s:");
            Console.WriteLine($"  StepflowClient.WaitForCompletionAsync (long poll): {longPollRequests} request(s), done after {longPollTime.TotalSeconds:0.00} s");
            Console.WriteLine($"  raw HttpClient polling every 1 s:                   {pollingRequests} request(s), done after {pollingTime.TotalSeconds:0.00} s");
            var ok = longPollRequests <= 3;
            Console.WriteLine(ok ? "long poll within 3 requests: yes" : "long poll within 3 requests: NO");
            return ok ? 0 : 1;
        }
    }

    private static async Task<(int Requests, TimeSpan Elapsed)> MeasureAsync(FakeStepflowServer server, TimeSpan duration, Func<Guid, Task> wait)
    {
        var runId = server.StartTimedRun(duration);
        var clock = Stopwatch.StartNew();
        await wait(runId).ConfigureAwait(false);
        return (server.TakeRequestCount(runId), clock.Elapsed);
    }
}
