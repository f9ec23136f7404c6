using Stepflow.Client.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Stepflow.Client.Tests.Runs;

/// <summary>WaitForCompletionAsync and LongPollRunAsync, on every server generation (docs/server-api.md §8.3).</summary>
public abstract class WaitingTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    protected const string RunPath = $"/runs/{Infrastructure.Samples.RunIdText}";

    /// <summary>The content type this generation sends its service errors with (docs/server-api.md §3.1–§3.2).</summary>
    protected string ErrorContentType => OnWire("text/plain; charset=utf-8", "application/json");

    /// <summary>Answers <c>GET /runs/{id}</c> (any query) with <paramref name="status"/>'s details after holding it for <paramref name="hold"/>.</summary>
    protected void HoldThenAnswer(string status, TimeSpan hold) =>
        Server.Server.Given(Request.Create().WithPath("/api/v1" + RunPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(Samples.RunDetails(status)).WithDelay(hold));

    [Fact]
    public async Task Waiting_long_polls_until_the_run_is_terminal()
    {
        Server.Sequence("GET", RunPath,
            (200, Samples.RunDetails("running")), (200, Samples.RunDetails("running")), (200, Samples.RunDetails("completed")));
        using var client = Server.Client(o => o.LongPollWindow = TimeSpan.FromSeconds(7));

        var run = await client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(20), Server.Timeout);

        Assert.Equal(RunStatus.Completed, run.Status);
        var polls = Server.RequestsTo("GET", RunPath);
        Assert.Equal(3, polls.Count);
        Assert.All(polls, poll =>
        {
            // The same two keys on both generations: wait=true&timeoutSecs=N (docs/server-api.md §8.3).
            RequestInspection.AssertQuery(poll, ("wait", "true"), ("timeoutSecs", "7"));
        });
    }

    // RunStatus values are not constants, so the expected value is named and looked up.
    [Theory]
    [InlineData("failed", nameof(RunStatus.Failed))]
    [InlineData("cancelled", nameof(RunStatus.Cancelled))]
    [InlineData("recoveryFailed", nameof(RunStatus.RecoveryFailed))]
    public async Task Every_terminal_status_ends_the_wait(string wire, string expectedName)
    {
        var expected = expectedName switch
        {
            nameof(RunStatus.Failed) => RunStatus.Failed,
            nameof(RunStatus.Cancelled) => RunStatus.Cancelled,
            nameof(RunStatus.RecoveryFailed) => RunStatus.RecoveryFailed,
            _ => throw new ArgumentOutOfRangeException(nameof(expectedName), expectedName, "No such status."),
        };
        Server.Json("GET", RunPath, Samples.RunDetails(wire));
        using var client = Server.Client();

        var run = await client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(20), Server.Timeout);

        Assert.Equal(expected, run.Status);
        Assert.True(run.IsFinished);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_run_that_does_not_finish_in_time_raises_a_timeout_naming_the_run_and_its_status()
    {
        Server.Json("GET", RunPath, Samples.RunDetails("paused"));
        using var client = Server.Client(o => o.LongPollWindow = TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<StepflowRunTimeoutException>(
            () => client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(1.5), Server.Timeout));

        Assert.Equal(Samples.RunId, error.RunId);
        Assert.Equal(RunStatus.Paused, error.LastStatus);
        Assert.Contains(Samples.RunIdText, error.Message, StringComparison.Ordinal);
        Assert.True(error.Waited >= TimeSpan.FromSeconds(1.5));
        // Early answers are spaced out, never a tight loop (the first alone may use the budget on a loaded machine).
        Assert.InRange(Server.Arrivals, 1, 6);
    }

    [Fact]
    public async Task Cancelling_the_token_stops_waiting_with_OperationCanceledException()
    {
        HoldThenAnswer("running", TimeSpan.FromSeconds(3));
        using var client = Server.Client();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Server.Timeout);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromMinutes(5), cancel.Token));

        Assert.False(Server.Timeout.IsCancellationRequested);
        Assert.IsNotType<StepflowClientException>(error, exactMatch: false);
    }

    [Fact]
    public async Task A_long_poll_gets_the_request_timeout_plus_its_window()
    {
        // The server holds the answer 2 s; the request timeout alone (1 s) would cut it.
        HoldThenAnswer("completed", TimeSpan.FromSeconds(2));
        using var client = Server.Client(o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var run = await client.LongPollRunAsync(Samples.RunId, TimeSpan.FromSeconds(3), Server.Timeout);

        Assert.Equal(RunStatus.Completed, run.Status);
        await Assert.ThrowsAsync<StepflowTimeoutException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));
    }

    [Fact]
    public async Task A_30_second_run_costs_two_requests_its_creation_and_one_long_poll_the_server_holds()
    {
        // A real server holds the long poll until the run ends (docs/server-api.md §8.3). The fake holds it 2.5 s, past the
        // request timeout (1 s) as a 30 s run would be past a shorter one; what makes 30 s fit into one poll is the window
        // the client asks for, which must cover it.
        Server.Json("POST", "/runs", Samples.CreatedRun("running"), status: OnWire(202, 200));
        HoldThenAnswer("completed", TimeSpan.FromSeconds(2.5));
        using var client = Server.Client(o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var created = await client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: Server.Timeout);
        var run = await client.WaitForCompletionAsync(created.RunId, TimeSpan.FromMinutes(5), Server.Timeout);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(2, Server.Arrivals);
        var poll = Assert.Single(Server.RequestsTo("GET", RunPath));
        Assert.Equal("true", poll.Query!["wait"].Single());
        Assert.InRange(long.Parse(poll.Query["timeoutSecs"].Single(), System.Globalization.CultureInfo.InvariantCulture), 30, long.MaxValue);
        Assert.Single(Server.RequestsTo("POST", "/runs"));
    }

    [Fact]
    public async Task Invalid_wait_arguments_are_rejected_without_a_request()
    {
        using var client = Server.Client();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.WaitForCompletionAsync(Samples.RunId, TimeSpan.Zero, Server.Timeout));
        await Assert.ThrowsAsync<ArgumentException>(() => client.WaitForCompletionAsync(Guid.Empty, null, Server.Timeout));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.LongPollRunAsync(Samples.RunId, TimeSpan.FromSeconds(-1), Server.Timeout));
        Assert.Empty(Server.Requests);
    }
}

/// <summary>Against the 0.11 API, with the behaviour only that API has.</summary>
public sealed class WaitingTestsOn011() : WaitingTests(StepflowApiGeneration.V011)
{
    [Fact]
    public async Task Waiting_for_an_unknown_run_reports_not_found_although_the_waiting_get_answers_500()
    {
        // 0.11 fails a waiting GET on an unknown run with 500 before it looks the run up (docs/server-api.md §8.3).
        Server.Server
            .Given(Request.Create().WithPath("/api/v1" + RunPath).WithParam("wait", "true").UsingGet())
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(500)
                .WithHeader("Content-Type", "text/plain; charset=utf-8").WithBody("""{"code":500,"message":"state store error"}"""));
        Server.Server
            .Given(Request.Create().WithPath("/api/v1" + RunPath).UsingGet())
            .AtPriority(2)
            .RespondWith(Response.Create().WithStatusCode(404)
                .WithHeader("Content-Type", "text/plain; charset=utf-8").WithBody(Samples.ErrorNotFound));
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(
            () => client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(10), Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        // The 500 is checked at once with a plain GET, which finds the 404: a missing run is not retried four times.
        Assert.Equal(1, Server.Requests.Count(r => r.Query!.ContainsKey("wait")));
        Assert.Single(Server.Requests, r => !r.Query!.ContainsKey("wait"));
    }
}

/// <summary>Against the 0.12/0.13 API, with the behaviour only that API has.</summary>
public sealed class WaitingTestsOn013() : WaitingTests(StepflowApiGeneration.V012)
{
    [Fact]
    public async Task Waiting_for_an_unknown_run_reports_not_found_at_once_with_no_second_request_on_013()
    {
        // 0.12/0.13 answer a waiting GET on an unknown run with 404 itself (docs/server-api.md §3.5, §8.3): no plain GET
        // is needed to tell, unlike 0.11's 500. Any request without wait would be a 500 here, and is counted.
        Server.Server
            .Given(Request.Create().WithPath("/api/v1" + RunPath).WithParam("wait", "true").UsingGet())
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json").WithBody(Samples.ErrorNotFound));
        Server.Server
            .Given(Request.Create().WithPath("/api/v1" + RunPath).UsingGet())
            .AtPriority(2)
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader("Content-Type", "application/json")
                .WithBody(Samples.Error(500, "unexpected plain GET")));
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(
            () => client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(10), Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("true", request.Query!["wait"].Single());
        Assert.Equal(1, Server.Arrivals);
    }

    [Fact]
    public async Task A_cancel_that_flips_back_to_completed_never_hangs_a_wait_on_013()
    {
        // 0.13 cancel only marks the run; when the execution finishes the status turns back to 2 (docs/server-api.md §8.8).
        // The wait returns the cancelled run as terminal when it sees it, and a later wait sees the completion.
        Server.Sequence("GET", RunPath, (200, Samples.RunDetails("cancelled")), (200, Samples.RunDetails("completed")));
        using var client = Server.Client();

        var cancelled = await client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromMinutes(5), Server.Timeout);
        var requestsAfterFirstWait = Server.Arrivals;
        var flipped = await client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromMinutes(5), Server.Timeout);

        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.IsFinished);
        Assert.Equal(1, requestsAfterFirstWait);
        Assert.Equal(RunStatus.Completed, flipped.Status);
        Assert.Equal(2, Server.Arrivals);
        Assert.All(Server.RequestsTo("GET", RunPath), poll => Assert.Equal("true", poll.Query!["wait"].Single()));
    }

    [Fact]
    public async Task A_cancel_seen_by_a_later_poll_ends_the_wait_and_nothing_more_is_asked_on_013()
    {
        // A REST cancel releases waiters at once with status 4 (docs/server-api.md §8.3, §8.8): the first poll still sees
        // the run going, the second sees it cancelled, and the wait ends there although a completion would follow.
        Server.Sequence("GET", RunPath,
            (200, Samples.RunDetails("running")), (200, Samples.RunDetails("cancelled")), (200, Samples.RunDetails("completed")));
        using var client = Server.Client(o => o.LongPollWindow = TimeSpan.FromSeconds(2));

        var run = await client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromMinutes(5), Server.Timeout);

        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Equal(2, Server.Arrivals);
    }
}
