using System.Diagnostics;
using Stepflow.Benchmarks.Clients;
using Stepflow.Benchmarks.Server;
using Stepflow.Client;

namespace Stepflow.Benchmarks;

/// <summary>
/// <c>--wait-check SECONDS</c>: one wait of each kind for a run that takes that long, side by side, without
/// BenchmarkDotNet, printing the requests the server received for each, against a 0.11 and a 0.13 server. Exit
/// code 1 when the long poll needed more than 2 requests on either.
/// </summary>
public static class WaitCheck
{
    /// <summary>Runs the check against a server answering as 0.11 and one answering as 0.13.</summary>
    public static async Task<int> RunAsync(int runSeconds)
    {
        var ok011 = await RunAsync(runSeconds, "0.11", new ServerPayloads(), StepflowApiGeneration.V011).ConfigureAwait(false);
        var ok013 = await RunAsync(runSeconds, "0.13",
            new ServerPayloads { TimedRunDetails = static (runId, completed) => Payloads013.RunDetails(runId, completed) },
            StepflowApiGeneration.V012).ConfigureAwait(false);
        return ok011 && ok013 ? 0 : 1;
    }

    private static async Task<bool> RunAsync(int runSeconds, string name, ServerPayloads payloads, StepflowApiGeneration generation)
    {
        var server = await FakeStepflowServer.StartAsync(payloads).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            // Pinned: the fake has no health route, and the count is about waiting.
            using var client = new StepflowClient(http, server.BaseAddress, new StepflowClientOptions { ApiGeneration = generation });
            var raw = new RawStepflow(http, server.BaseAddress);
            var duration = TimeSpan.FromSeconds(runSeconds);

            var longPoll = MeasureAsync(server, duration, id => client.WaitForCompletionAsync(id, duration * 2 + TimeSpan.FromMinutes(1)));
            // The naive poller reads only the status; on 0.13 it parses the 0.13 shape.
            var raw013 = new Raw013Stepflow(http, server.BaseAddress);
            var polling = MeasureAsync(server, duration, id => generation == StepflowApiGeneration.V011
                ? raw.PollUntilDoneAsync(id, TimeSpan.FromSeconds(1))
                : PollUntilDoneAsync(raw013, id, TimeSpan.FromSeconds(1)));
            var (longPollRequests, longPollTime) = await longPoll.ConfigureAwait(false);
            var (pollingRequests, pollingTime) = await polling.ConfigureAwait(false);

            Console.WriteLine($"{name} server, run finishing after {runSeconds} s:");
            Console.WriteLine($"  StepflowClient.WaitForCompletionAsync (long poll): {longPollRequests} request(s), done after {longPollTime.TotalSeconds:0.00} s");
            Console.WriteLine($"  raw HttpClient polling every 1 s:                   {pollingRequests} request(s), done after {pollingTime.TotalSeconds:0.00} s");
            var ok = longPollRequests <= 2;
            Console.WriteLine(ok ? "  long poll within 2 requests: yes" : "  long poll within 2 requests: NO");
            return ok;
        }
    }

    private static async Task PollUntilDoneAsync(Raw013Stepflow raw, Guid runId, TimeSpan interval)
    {
        // 2 completed, 3 failed, 4 cancelled, 6 recovery failed (docs/server-api.md §4.1).
        while ((await raw.GetRunAsync(runId).ConfigureAwait(false)).Summary.Status is not (2 or 3 or 4 or 6))
        {
            await Task.Delay(interval).ConfigureAwait(false);
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
