using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Runs;

public sealed class WaitingTests : IDisposable
{
    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Waiting_long_polls_until_the_run_is_terminal()
    {
        _server.Sequence("GET", $"/runs/{Samples.RunIdText}",
            (200, Samples.RunDetails("running")), (200, Samples.RunDetails("running")), (200, Samples.RunDetails("completed")));
        using var client = _server.Client(o => o.LongPollWindow = TimeSpan.FromSeconds(7));

        var run = await client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(20), _server.Timeout);

        Assert.Equal(RunStatus.Completed, run.Status);
        var polls = _server.RequestsTo("GET", $"/runs/{Samples.RunIdText}");
        Assert.Equal(3, polls.Count);
        Assert.All(polls, poll =>
        {
            Assert.Equal("true", poll.Query!["wait"].Single());
            Assert.Equal("7", poll.Query["timeoutSecs"].Single());
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
        _server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails(wire));
        using var client = _server.Client();

        var run = await client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(20), _server.Timeout);

        Assert.Equal(expected, run.Status);
        Assert.True(run.IsFinished);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_run_that_does_not_finish_in_time_raises_a_timeout_naming_the_run_and_its_status()
    {
        _server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("paused"));
        using var client = _server.Client(o => o.LongPollWindow = TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<StepflowRunTimeoutException>(
            () => client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(1.5), _server.Timeout));

        Assert.Equal(Samples.RunId, error.RunId);
        Assert.Equal(RunStatus.Paused, error.LastStatus);
        Assert.Contains(Samples.RunIdText, error.Message, StringComparison.Ordinal);
        Assert.True(error.Waited >= TimeSpan.FromSeconds(1.5));
        // Early answers are spaced out, never a tight loop (the first alone may use the budget on a loaded machine).
        Assert.InRange(_server.Arrivals, 1, 6);
    }

    [Fact]
    public async Task Waiting_for_an_unknown_run_reports_not_found_although_the_waiting_get_answers_500()
    {
        _server.Server
            .Given(WireMock.RequestBuilders.Request.Create().WithPath($"/api/v1/runs/{Samples.RunIdText}").WithParam("wait", "true").UsingGet())
            .AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(500)
                .WithHeader("Content-Type", "text/plain; charset=utf-8").WithBody("""{"code":500,"message":"state store error"}"""));
        _server.Server
            .Given(WireMock.RequestBuilders.Request.Create().WithPath($"/api/v1/runs/{Samples.RunIdText}").UsingGet())
            .AtPriority(2)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(404)
                .WithHeader("Content-Type", "text/plain; charset=utf-8").WithBody(Samples.ErrorNotFound));
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(
            () => client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(10), _server.Timeout));

        Assert.Equal(404, error.StatusCode);
        // The 500 is checked at once with a plain GET, which finds the 404: a missing run is not retried four times.
        Assert.Equal(1, _server.Requests.Count(r => r.Query!.ContainsKey("wait")));
        Assert.Single(_server.Requests, r => !r.Query!.ContainsKey("wait"));
    }

    [Fact]
    public async Task Cancelling_the_token_stops_waiting_with_OperationCanceledException()
    {
        _server.Server
            .Given(WireMock.RequestBuilders.Request.Create().WithPath($"/api/v1/runs/{Samples.RunIdText}").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200)
                .WithHeader("Content-Type", "application/json").WithBody(Samples.RunDetails("running")).WithDelay(TimeSpan.FromSeconds(3)));
        using var client = _server.Client();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_server.Timeout);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromMinutes(5), cancel.Token));

        Assert.False(_server.Timeout.IsCancellationRequested);
        Assert.IsNotType<StepflowClientException>(error, exactMatch: false);
    }

    [Fact]
    public async Task A_long_poll_gets_the_request_timeout_plus_its_window()
    {
        // The server holds the answer 2 s; the request timeout alone (1 s) would cut it.
        _server.Server
            .Given(WireMock.RequestBuilders.Request.Create().WithPath($"/api/v1/runs/{Samples.RunIdText}").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200)
                .WithHeader("Content-Type", "application/json").WithBody(Samples.RunDetails("completed")).WithDelay(TimeSpan.FromSeconds(2)));
        using var client = _server.Client(o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var run = await client.LongPollRunAsync(Samples.RunId, TimeSpan.FromSeconds(3), _server.Timeout);

        Assert.Equal(RunStatus.Completed, run.Status);
        await Assert.ThrowsAsync<StepflowTimeoutException>(() => client.GetRunAsync(Samples.RunId, _server.Timeout));
    }

    [Fact]
    public async Task Invalid_wait_arguments_are_rejected_without_a_request()
    {
        using var client = _server.Client();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.WaitForCompletionAsync(Samples.RunId, TimeSpan.Zero, _server.Timeout));
        await Assert.ThrowsAsync<ArgumentException>(() => client.WaitForCompletionAsync(Guid.Empty, null, _server.Timeout));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.LongPollRunAsync(Samples.RunId, TimeSpan.FromSeconds(-1), _server.Timeout));
        Assert.Empty(_server.Requests);
    }
}
