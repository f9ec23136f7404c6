using Stepflow.Client.Tests.Errors;
using Stepflow.Client.Tests.Infrastructure;
using WireMock.ResponseBuilders;

namespace Stepflow.Client.Tests.Faults;

/// <summary>
/// Each operation class (read, idempotent write, run creation) against each fault, on every server generation: the
/// right data after a retry, or the right typed exception, with the number of requests the server saw.
/// </summary>
public abstract class FaultInjectionTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    private const string Flow = """{"name":"greet","steps":[]}""";

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

    /// <summary>
    /// A client whose attempts time out well inside the slow fault's 3 s, when that is the fault; otherwise with the fake's
    /// generous default, so that a first request slowed by a busy machine is not taken for a fault.
    /// </summary>
    private StepflowClient Client(Fault? fault = null) => Server.Client(o =>
        o.RequestTimeout = ReferenceEquals(fault, Fault.SlowPastAttemptTimeout) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10));

    private static IResponseBuilder Json(string body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    /// <summary>A run-creation answer: 0.11 answers 202 with a flat summary, 0.13 200 with <c>{summary, results}</c> (§8.1).</summary>
    private IResponseBuilder RunCreated() => Json(OnWire(Samples.RunSummary("running"), Samples.CreatedRun("running")), OnWire(202, 200));

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task A_read_succeeds_after_a_transient_fault(Fault fault)
    {
        fault.ArrangeThen(Server, "GET", $"/runs/{Samples.RunIdText}", Json(Samples.RunDetails("completed")));
        using var client = Client(fault);

        var run = await client.GetRunAsync(Samples.RunId, Server.Timeout);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("greet", run.FlowName);
        Assert.Equal(2, Server.Arrivals);
    }

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task An_idempotent_write_succeeds_after_a_transient_fault(Fault fault)
    {
        fault.ArrangeThen(Server, "POST", "/flows", Json(Samples.StoredFlow));
        using var client = Client(fault);

        var stored = await client.StoreFlowAsync(FlowSource.FromJson(Flow), cancellationToken: Server.Timeout);

        Assert.Equal(Samples.FlowId, stored.FlowId);
        Assert.True(stored.Stored);
        Assert.Equal(2, Server.ArrivalsTo("POST", "/flows"));
        Assert.All(Server.RequestsTo("POST", "/flows"), attempt => Assert.Equal(Flow, FakeServer.BodyOf(attempt)!["flow"]!.ToJsonString()));
    }

    [Theory]
    [MemberData(nameof(AmbiguousFaults))]
    public async Task Creating_a_run_is_never_repeated_after_a_fault_that_may_have_created_it(Fault fault)
    {
        fault.ArrangeThen(Server, "POST", "/runs", RunCreated());
        using var client = Client(fault);

        var error = await Assert.ThrowsAsync<StepflowRunCreationUncertainException>(
            () => client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: Server.Timeout));

        Assert.Equal(1, Server.ArrivalsTo("POST", "/runs"));
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
        Server.Script("POST", "/runs", throttle.Answer(Generation), RunCreated());
        using var client = Client();

        var run = await client.CreateRunAsync(Samples.FlowId, 1, cancellationToken: Server.Timeout);

        Assert.Equal(Samples.RunId, run.RunId);
        Assert.Equal(2, Server.ArrivalsTo("POST", "/runs"));
    }

    [Fact]
    public async Task Creating_a_run_is_retried_when_the_connection_was_refused_and_reported_plainly_when_it_stays_refused()
    {
        using var refusing = new RefusingEndpoint();
        using var client = new StepflowClient(refusing.Url, Options());

        var error = await Assert.ThrowsAsync<StepflowTransportException>(
            () => client.CreateRunAsync(Samples.FlowId, 1, cancellationToken: Server.Timeout));

        Assert.IsNotType<StepflowRunCreationUncertainException>(error);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Finding_the_runs_a_failed_creation_may_have_started()
    {
        Server.Script("POST", "/runs", Fault.Status502.Answer(Generation));
        Server.Json("GET", "/runs", $$"""{"runs":[{{Samples.RunSummary("running").Replace("2026-03-20T20:15:02.118431Z", DateTimeOffset.UtcNow.ToString("O"), StringComparison.Ordinal)}}]}""");
        using var client = Client();
        var error = await Assert.ThrowsAsync<StepflowRunCreationUncertainException>(
            () => client.CreateRunAsync(Samples.FlowId, 1, cancellationToken: Server.Timeout));

        var candidates = await client.FindRunsStartedSinceAsync(error.FlowId, error.SentAt, cancellationToken: Server.Timeout);

        Assert.Equal(Samples.RunId, Assert.Single(candidates).RunId);
        var query = Server.RequestsTo("GET", "/runs")[0].Query!;
        Assert.Equal("true", query["rootsOnly"].Single());
        Assert.Equal("0", query["offset"].Single());
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(412)]
    [InlineData(422)]
    public async Task Client_errors_are_never_retried(int status)
    {
        // A 422 is the framework's plain text on both generations (§3.3); the others are the generation's error document.
        if (Is011 || status == 422)
        {
            Server.Text("GET", $"/runs/{Samples.RunIdText}", status, OnWire($$"""{"code":{{status}},"message":"no"}""",
                "Failed to deserialize the JSON body into the target type: no"));
        }
        else
        {
            Server.ServiceError("GET", $"/runs/{Samples.RunIdText}", status, Samples.Error(status, "no"));
        }

        using var client = Client();

        var error = await Assert.ThrowsAnyAsync<StepflowClientException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(status, error.StatusCode);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_fault_that_persists_is_raised_after_the_last_retry()
    {
        Server.Script("GET", $"/runs/{Samples.RunIdText}", Fault.Status503.Answer(Generation));
        using var client = Client();

        var error = await Assert.ThrowsAsync<StepflowServerException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("Service Unavailable", error.ResponseBody);
        Assert.Equal(4, Server.Requests.Count);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_cap_is_not_waited_out()
    {
        Server.Respond("GET", $"/runs/{Samples.RunIdText}", 429, "later", "text/plain", ("Retry-After", "120"));
        using var client = Client();

        var error = await Assert.ThrowsAsync<StepflowRateLimitedException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Retries_can_be_turned_off()
    {
        Server.Script("GET", $"/runs/{Samples.RunIdText}", Fault.Status503.Answer(Generation), Json(Samples.RunDetails("completed")));
        using var client = Server.Client(o => o.Retry.Enabled = false);

        await Assert.ThrowsAsync<StepflowServerException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task An_unknown_enum_value_and_missing_optional_fields_are_read_without_a_retry()
    {
        // 0.13 writes statuses as integers (§4.1): 9 is none it defines today. Both answers also carry members no SDK knows.
        Server.Json("GET", $"/runs/{Samples.RunIdText}", OnWire($$"""
            {"runId":"{{Samples.RunIdText}}","flowId":"{{Samples.FlowId}}","status":"archived","createdAt":"2026-03-20T20:15:02Z",
             "rootRunId":"{{Samples.RunIdText}}","createdAtSeqno":0,"brandNewField":{"x":1} }
            """, $$$"""
            {"summary":{"runId":"{{{Samples.RunIdText}}}","flowId":"{{{Samples.FlowId}}}","status":9,"createdAt":"2026-03-20T20:15:02Z",
             "rootRunId":"{{{Samples.RunIdText}}}","createdAtSeqno":0,"brandNewField":{"x":1}},"steps":[],"brandNewField":[1.0]}
            """));
        using var client = Client();

        var run = await client.GetRunAsync(Samples.RunId, Server.Timeout);

        Assert.Single(Server.Requests);
        // An unknown status keeps the server's text (0.13: the integer's decimal text); it is not a terminal one.
        Assert.Equal(new RunStatus(OnWire("archived", "9")), run.Status);
        Assert.Equal(OnWire("archived", "9"), run.Status.ToString());
        Assert.False(run.IsFinished);
        Assert.Null(run.FlowName);
        // itemDetails was left out (0.13 never has it): not reported, rather than reported empty.
        Assert.Null(run.Items);
        Assert.Empty(run.Steps);
    }

    [Fact]
    public async Task A_repeated_cancel_that_finds_the_run_cancelled_counts_as_success()
    {
        // The first attempt's answer is lost. Its repeat finds the run cancelled: 0.11 refuses it with 409 and the client
        // reads the run; 0.13 marks any run cancelled again and answers 200 (§8.8).
        Server.Script("POST", $"/runs/{Samples.RunIdText}/cancel", Fault.Status502.Answer(Generation), OnWire(
            Response.Create().WithStatusCode(409).WithHeader("Content-Type", "text/plain; charset=utf-8")
                .WithBody($$"""{"code":409,"message":"Run '{{Samples.RunIdText}}' cannot be cancelled (status: Cancelled)"}"""),
            Json($$"""{"summary":{{Samples.RunSummary("cancelled", "\"2026-03-20T20:15:09Z\"")}}}""")));
        Server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("cancelled"));
        using var client = Client();

        var summary = await client.CancelRunAsync(Samples.RunId, Server.Timeout);

        Assert.Equal(RunStatus.Cancelled, summary.Status);
        Assert.Equal(Samples.RunId, summary.RunId);
        Assert.Equal(2, Server.RequestsTo("POST", $"/runs/{Samples.RunIdText}/cancel").Count);
        Assert.Equal(OnWire(1, 0), Server.RequestsTo("GET", $"/runs/{Samples.RunIdText}").Count);
    }

    [Fact]
    public async Task A_binary_upload_is_retried_from_the_start_of_a_rewindable_stream()
    {
        Server.Script("POST", "/blobs", Fault.Status503.Answer(Generation), Json("""{"blobId":"abc","filename":"a.bin"}"""));
        using var client = Client();
        using var bytes = new MemoryStream([1, 2, 3, 4, 5]);
        bytes.Position = 1;

        var stored = await client.StoreBinaryBlobAsync(bytes, "a.bin", Server.Timeout);

        Assert.Equal("abc", stored.BlobId);
        var attempts = Server.RequestsTo("POST", "/blobs");
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, attempt => Assert.Equal(new byte[] { 2, 3, 4, 5 }, attempt.BodyAsBytes));
    }

    private StepflowClientOptions Options()
    {
        // Pinned, so the refused request is this generation's POST /runs rather than the detection probe.
        var options = new StepflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(1), ApiGeneration = Generation };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        return options;
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class FaultInjectionTestsOn011() : FaultInjectionTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API.</summary>
public sealed class FaultInjectionTestsOn013() : FaultInjectionTests(StepflowApiGeneration.V012);

/// <summary>Behaviour of the 0.11 API only.</summary>
public sealed class FaultInjectionTestsOn011Only() : GenerationTest(StepflowApiGeneration.V011)
{
    [Fact]
    public async Task A_first_cancel_of_a_finished_run_is_a_conflict()
    {
        // 0.11 refuses to cancel a finished run (§8.8); 0.13 answers 200, see ErrorMappingTestsOn013Only.Cancelling_a_finished_run_is_no_conflict.
        Server.Text("POST", $"/runs/{Samples.RunIdText}/cancel", 409,
            $$"""{"code":409,"message":"Run '{{Samples.RunIdText}}' cannot be cancelled (status: Completed)"}""");
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(() => client.CancelRunAsync(Samples.RunId, Server.Timeout));

        Assert.Contains("Completed", error.ServerMessage, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }
}
