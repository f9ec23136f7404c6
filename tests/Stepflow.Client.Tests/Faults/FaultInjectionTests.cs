using Stepflow.Client.Tests.Infrastructure;
using WireMock.ResponseBuilders;

namespace Stepflow.Client.Tests.Faults;

/// <summary>
/// Each operation class (read, idempotent write, run creation) against each fault: the right data after
/// a retry, or the right typed exception, with the number of requests the server saw.
/// </summary>
public sealed class FaultInjectionTests : IDisposable
{
    private const string Flow = """{"name":"greet","steps":[]}""";
    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    /// <summary>Faults that go away on a retry: reads and idempotent writes must then succeed.</summary>
    public static TheoryData<Fault> TransientFaults =>
    [
        Fault.Status500, Fault.Status502, Fault.Status503, Fault.Status504, Fault.Throttled, Fault.ThrottledWithRetryAfter,
        Fault.HtmlErrorPage, Fault.EmptyResponse, Fault.MalformedChunk, Fault.TruncatedJson, Fault.SlowPastAttemptTimeout,
    ];

    /// <summary>Faults after which a run may exist: creating one must not be repeated.</summary>
    public static TheoryData<Fault> AmbiguousFaults =>
    [
        Fault.Status500, Fault.Status502, Fault.Status503, Fault.Status504, Fault.HtmlErrorPage,
        Fault.EmptyResponse, Fault.MalformedChunk, Fault.TruncatedJson, Fault.SlowPastAttemptTimeout,
    ];

    private StepflowClient Client() => _server.Client(o => o.RequestTimeout = TimeSpan.FromSeconds(1));

    private static IResponseBuilder Json(string body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task A_read_succeeds_after_a_transient_fault(Fault fault)
    {
        fault.ArrangeThen(_server, "GET", $"/runs/{Samples.RunIdText}", Json(Samples.RunDetails("completed")));
        using var client = Client();

        var run = await client.GetRunAsync(Samples.RunId, _server.Timeout);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("greet", run.FlowName);
        Assert.Equal(2, _server.Arrivals);
    }

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task An_idempotent_write_succeeds_after_a_transient_fault(Fault fault)
    {
        fault.ArrangeThen(_server, "POST", "/flows", Json(Samples.StoredFlow));
        using var client = Client();

        var stored = await client.StoreFlowAsync(FlowSource.FromJson(Flow), cancellationToken: _server.Timeout);

        Assert.Equal(Samples.FlowId, stored.FlowId);
        Assert.True(stored.Stored);
        Assert.Equal(2, _server.ArrivalsTo("POST", "/flows"));
        Assert.All(_server.RequestsTo("POST", "/flows"), attempt => Assert.Equal(Flow, FakeServer.BodyOf(attempt)!["flow"]!.ToJsonString()));
    }

    [Theory]
    [MemberData(nameof(AmbiguousFaults))]
    public async Task Creating_a_run_is_never_repeated_after_a_fault_that_may_have_created_it(Fault fault)
    {
        fault.ArrangeThen(_server, "POST", "/runs", Json(Samples.RunSummary("running"), 202));
        using var client = Client();

        var error = await Assert.ThrowsAsync<StepflowRunCreationUncertainException>(
            () => client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: _server.Timeout));

        Assert.Equal(1, _server.ArrivalsTo("POST", "/runs"));
        Assert.Equal(Samples.FlowId, error.FlowId);
        Assert.Equal(1, error.ItemCount);
        Assert.InRange(error.SentAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.IsAssignableFrom<StepflowClientException>(error.InnerException);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Creating_a_run_is_retried_after_a_throttle_that_rejected_it(bool withRetryAfter)
    {
        var throttle = withRetryAfter ? Fault.ThrottledWithRetryAfter : Fault.Throttled;
        _server.Script("POST", "/runs", throttle.Answer(), Json(Samples.RunSummary("running"), 202));
        using var client = Client();

        var run = await client.CreateRunAsync(Samples.FlowId, 1, cancellationToken: _server.Timeout);

        Assert.Equal(Samples.RunId, run.RunId);
        Assert.Equal(2, _server.ArrivalsTo("POST", "/runs"));
    }

    [Fact]
    public async Task Creating_a_run_is_retried_when_the_connection_was_refused_and_reported_plainly_when_it_stays_refused()
    {
        using var refusing = new RefusingEndpoint();
        using var client = new StepflowClient(refusing.Url, Options());

        var error = await Assert.ThrowsAsync<StepflowTransportException>(
            () => client.CreateRunAsync(Samples.FlowId, 1, cancellationToken: _server.Timeout));

        Assert.IsNotType<StepflowRunCreationUncertainException>(error);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Finding_the_runs_a_failed_creation_may_have_started()
    {
        _server.Script("POST", "/runs", Fault.Status502.Answer());
        _server.Json("GET", "/runs", $$"""{"runs":[{{Samples.RunSummary("running").Replace("2026-03-20T20:15:02.118431Z", DateTimeOffset.UtcNow.ToString("O"), StringComparison.Ordinal)}}]}""");
        using var client = Client();
        var error = await Assert.ThrowsAsync<StepflowRunCreationUncertainException>(
            () => client.CreateRunAsync(Samples.FlowId, 1, cancellationToken: _server.Timeout));

        var candidates = await client.FindRunsStartedSinceAsync(error.FlowId, error.SentAt, cancellationToken: _server.Timeout);

        Assert.Equal(Samples.RunId, Assert.Single(candidates).RunId);
        var query = _server.RequestsTo("GET", "/runs")[0].Query!;
        Assert.Equal("true", query["rootsOnly"].Single());
        Assert.Equal("0", query["offset"].Single());
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(422)]
    public async Task Client_errors_are_never_retried(int status)
    {
        _server.Text("GET", $"/runs/{Samples.RunIdText}", status, $$"""{"code":{{status}},"message":"no"}""");
        using var client = Client();

        var error = await Assert.ThrowsAnyAsync<StepflowClientException>(() => client.GetRunAsync(Samples.RunId, _server.Timeout));

        Assert.Equal(status, error.StatusCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_fault_that_persists_is_raised_after_the_last_retry()
    {
        _server.Script("GET", $"/runs/{Samples.RunIdText}", Fault.Status503.Answer());
        using var client = Client();

        var error = await Assert.ThrowsAsync<StepflowServerException>(() => client.GetRunAsync(Samples.RunId, _server.Timeout));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("Service Unavailable", error.ResponseBody);
        Assert.Equal(4, _server.Requests.Count);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_cap_is_not_waited_out()
    {
        _server.Respond("GET", $"/runs/{Samples.RunIdText}", 429, "later", "text/plain", ("Retry-After", "120"));
        using var client = Client();

        var error = await Assert.ThrowsAsync<StepflowRateLimitedException>(() => client.GetRunAsync(Samples.RunId, _server.Timeout));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Retries_can_be_turned_off()
    {
        _server.Script("GET", $"/runs/{Samples.RunIdText}", Fault.Status503.Answer(), Json(Samples.RunDetails("completed")));
        using var client = _server.Client(o => o.Retry.Enabled = false);

        await Assert.ThrowsAsync<StepflowServerException>(() => client.GetRunAsync(Samples.RunId, _server.Timeout));

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task An_unknown_enum_value_and_missing_optional_fields_are_read_without_a_retry()
    {
        _server.Json("GET", $"/runs/{Samples.RunIdText}", $$"""
            {"runId":"{{Samples.RunIdText}}","flowId":"{{Samples.FlowId}}","status":"archived","createdAt":"2026-03-20T20:15:02Z",
             "rootRunId":"{{Samples.RunIdText}}","createdAtSeqno":0,"brandNewField":{"x":1} }
            """);
        using var client = Client();

        var run = await client.GetRunAsync(Samples.RunId, _server.Timeout);

        Assert.Single(_server.Requests);
        // An unknown status keeps the server's text; it is not a terminal one.
        Assert.Equal(new RunStatus("archived"), run.Status);
        Assert.False(run.IsFinished);
        Assert.Null(run.FlowName);
        // itemDetails was left out: not reported, rather than reported empty.
        Assert.Null(run.Items);
        Assert.Empty(run.Steps);
    }

    [Fact]
    public async Task A_repeated_cancel_that_finds_the_run_cancelled_counts_as_success()
    {
        _server.Script("POST", $"/runs/{Samples.RunIdText}/cancel", Fault.Status502.Answer(),
            Response.Create().WithStatusCode(409).WithHeader("Content-Type", "text/plain; charset=utf-8")
                .WithBody($$"""{"code":409,"message":"Run '{{Samples.RunIdText}}' cannot be cancelled (status: Cancelled)"}"""));
        _server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("cancelled"));
        using var client = Client();

        var summary = await client.CancelRunAsync(Samples.RunId, _server.Timeout);

        Assert.Equal(RunStatus.Cancelled, summary.Status);
        Assert.Equal(Samples.RunId, summary.RunId);
        Assert.Equal(2, _server.RequestsTo("POST", $"/runs/{Samples.RunIdText}/cancel").Count);
    }

    [Fact]
    public async Task A_first_cancel_of_a_finished_run_is_a_conflict()
    {
        _server.Text("POST", $"/runs/{Samples.RunIdText}/cancel", 409,
            $$"""{"code":409,"message":"Run '{{Samples.RunIdText}}' cannot be cancelled (status: Completed)"}""");
        using var client = Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(() => client.CancelRunAsync(Samples.RunId, _server.Timeout));

        Assert.Contains("Completed", error.ServerMessage, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_binary_upload_is_retried_from_the_start_of_a_rewindable_stream()
    {
        _server.Script("POST", "/blobs", Fault.Status503.Answer(), Json("""{"blobId":"abc","filename":"a.bin"}"""));
        using var client = Client();
        using var bytes = new MemoryStream([1, 2, 3, 4, 5]);
        bytes.Position = 1;

        var stored = await client.StoreBinaryBlobAsync(bytes, "a.bin", _server.Timeout);

        Assert.Equal("abc", stored.BlobId);
        var attempts = _server.RequestsTo("POST", "/blobs");
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, attempt => Assert.Equal(new byte[] { 2, 3, 4, 5 }, attempt.BodyAsBytes));
    }

    private static StepflowClientOptions Options()
    {
        var options = new StepflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(1) };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        return options;
    }
}
