using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Operations;

/// <summary>
/// CreateRunAsync, CreateBatchRunAsync, the wait on creation (RunAsync, RunBatchAsync) and the per-run reads, cancel and delete,
/// on every server generation. Behaviour of one generation only is in the sealed subclasses at the end of the file.
/// </summary>
public abstract class RunOperationsTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    // Arrays as the caller would pass them (static to satisfy CA1861).
    private static readonly int[] ListInput = [1, 2, 3];
    private static readonly int[] PairInput = [1, 2];
    private static readonly string[] Tags = ["x"];

    protected string RunPath => "/runs/" + Samples.RunIdText;

    /// <summary>A waited two-item run: item 0 succeeded with "Ada", item 1 failed with COMPONENT_FAILED "boom" (docs/server-api.md §8.1).</summary>
    private string WaitedFailedRun => Ids.Fill(OnWire(
        """
        {"runId":"@R@","flowId":"@F@","flowName":"greet","status":"failed",
        "items":{"total":2,"completed":1,"running":0,"failed":1,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z",
        "completedAt":"2026-03-20T20:15:03.9Z","rootRunId":"@R@","createdAtSeqno":0,
        "results":[{"itemIndex":0,"status":"completed","result":{"outcome":"success","result":"Ada"},"completedAt":"2026-03-20T20:15:03.1Z"},
        {"itemIndex":1,"status":"failed","result":{"outcome":"failed","error":{"code":"COMPONENT_FAILED","message":"boom"}},"completedAt":"2026-03-20T20:15:03.9Z"}]}
        """,
        """
        {"summary":{"runId":"@R@","flowId":"@F@","flowName":"greet","status":3,
        "items":{"total":2,"completed":1,"running":0,"failed":1,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z",
        "completedAt":"2026-03-20T20:15:03.9Z","rootRunId":"@R@","createdAtSeqno":0},
        "results":[{"itemIndex":0,"status":2,"output":"Ada","completedAt":"2026-03-20T20:15:03.1Z"},
        {"itemIndex":1,"status":3,"errorMessage":"boom","errorCode":3,"completedAt":"2026-03-20T20:15:03.9Z"}]}
        """));

    /// <summary>A waited create whose wait ran out: still running; 0.13 lists the unfinished item as <c>{itemIndex, status: 1}</c> (docs/server-api.md §8.1).</summary>
    private string WaitedStillRunning => OnWire(
        Samples.CreatedRun("running"),
        Samples.CreatedRun("running").Replace("\"results\":[]", "\"results\":[{\"itemIndex\":0,\"status\":1}]", StringComparison.Ordinal));

    /// <summary>
    /// <c>GET /runs/{id}/steps</c>: 0.11 one entry per flow step keyed by id, summarized over the items; 0.13 the recorded
    /// (item, step) rows, results included, an untouched step absent and a runnable one folded to 0 (docs/server-api.md §8.5).
    /// </summary>
    private string StepsResponse(int item = 0) => OnWire(
        """
        {"steps":{"hello":{"stepId":"hello","component":"/python/echo","status":"completed"},"bye":{"stepId":"bye","component":"/python/echo","status":"blocked"}}}
        """,
        $$"""
        {"steps":[{"stepId":"hello","stepIndex":0,"itemIndex":{{item}},"status":2,"component":"/python/echo","output":"Ada","journalSeqno":3,
        "updatedAt":"2026-03-20T20:15:03.5Z"},
        {"stepId":"bye","stepIndex":1,"itemIndex":{{item}},"status":0,"component":"/python/echo","journalSeqno":4,"updatedAt":"2026-03-20T20:15:03.6Z"}]}
        """);

    private string StepDetail => OnWire(
        """
        {"stepId":"my step/1","stepIndex":0,"itemIndex":1,"status":"completed","component":"/python/echo",
        "result":{"outcome":"success","result":"Ada"},"journalSeqno":3,"updatedAt":"2026-03-20T20:15:03.5Z"}
        """,
        """
        {"step":{"stepId":"my step/1","stepIndex":0,"itemIndex":1,"status":2,"component":"/python/echo","output":"Ada","journalSeqno":3,
        "updatedAt":"2026-03-20T20:15:03.5Z"}}
        """);

    // 0.13 renders the flow through a Struct: same content, keys in another order (docs/server-api.md §4.3).
    private string RunFlow => Ids.Fill(OnWire(
        """
        {"flow":{"name":"greet","steps":[{"id":"hello","component":"/python/echo","input":{"msg":{"$input":"$.name"}}}]},"flowId":"@F@"}
        """,
        """
        {"flow":{"steps":[{"input":{"msg":{"$input":"$.name"}},"component":"/python/echo","id":"hello"}],"name":"greet"},"flowId":"@F@"}
        """));

    /// <summary><c>POST /runs/{id}/cancel</c>: 0.11 the flattened summary, 0.13 <c>{"summary": …}</c> (docs/server-api.md §8.8).</summary>
    protected string CancelledSummary(string completedAt = "null") => OnWire(
        Samples.RunSummary("cancelled", completedAt), $$"""{"summary":{{Samples.RunSummary("cancelled", completedAt)}}}""");

    protected JsonObject SingleRunBody()
    {
        var request = Assert.Single(Server.RequestsTo("POST", "/runs"));
        Assert.Empty(QueryOf(request));
        Assert.StartsWith("application/json", HeaderOf(request, "Content-Type"), StringComparison.Ordinal);
        return JsonObjectOf(request);
    }

    /// <summary>0.13 refuses <c>null</c> for several keys (docs/server-api.md §4.5): an absent option is an absent key there.</summary>
    private void AssertAbsentOn013(JsonObject body, params string[] keys)
    {
        if (!Is011)
        {
            Assert.All(keys, key => Assert.False(body.ContainsKey(key), $"The body has a '{key}' key: {body.ToJsonString()}"));
        }
    }

    [Fact]
    public async Task CreateRunAsync_sends_one_input_as_a_one_element_array_and_accepts_202()
    {
        // 0.11 answers 202 with a flat summary, 0.13 200 with {summary, results: []} (docs/server-api.md §8.1).
        Server.Json("POST", "/runs", Samples.CreatedRun("running"), status: OnWire(202, 200));
        using var client = Server.Client();

        var run = await client.CreateRunAsync(Samples.FlowId, new { name = "Ada", tags = Tags }, cancellationToken: Server.Timeout);

        Assert.Single(Server.Requests);
        var body = SingleRunBody();
        Assert.Equal(Samples.FlowId, body["flowId"]!.GetValue<string>());
        AssertJsonEqual("""[{"name":"Ada","tags":["x"]}]""", body["input"]);
        Assert.NotEqual(true, body["wait"]?.GetValue<bool>());
        Assert.Null(body["timeoutSecs"]);
        Assert.Null(body["variables"]);
        Assert.Null(body["overrides"]);
        Assert.Null(body["maxConcurrency"]);
        AssertAbsentOn013(body, "timeoutSecs", "variables", "overrides", "maxConcurrency");

        Assert.Equal(Samples.RunId, run.RunId);
        Assert.Equal(Samples.FlowId, run.FlowId);
        Assert.Equal("greet", run.FlowName);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.False(run.IsFinished);
        Assert.Null(run.CompletedAt);
        Assert.Equal(1, run.ItemCounts.Running);
        Assert.Equal(1, run.ItemCounts.Total);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 2, TimeSpan.Zero).AddTicks(1184310), run.CreatedAt);
        Assert.Equal(Samples.RunId, run.RootRunId);
        Assert.Null(run.ParentRunId);
        Assert.Equal(0, run.CreatedAtSequence);
    }

    [Fact]
    public async Task CreateRunAsync_never_spreads_a_list_input()
    {
        Server.Json("POST", "/runs", Samples.CreatedRun("running"), status: OnWire(202, 200));
        using var client = Server.Client();

        await client.CreateRunAsync(Samples.FlowId, ListInput, cancellationToken: Server.Timeout);

        AssertJsonEqual("[[1,2,3]]", SingleRunBody()["input"]);
    }

    [Fact]
    public async Task CreateRunAsync_sends_a_JsonNode_input_as_is()
    {
        Server.Json("POST", "/runs", Samples.CreatedRun("running"), status: OnWire(202, 200));
        using var client = Server.Client();
        var input = JsonNode.Parse("""{"Name":"Ada","nested":{"Keep_Case":[1,null,"x"]}}""");

        await client.CreateRunAsync(Samples.FlowId, input, cancellationToken: Server.Timeout);

        AssertJsonEqual("""[{"Name":"Ada","nested":{"Keep_Case":[1,null,"x"]}}]""", SingleRunBody()["input"]);
    }

    [Fact]
    public async Task CreateBatchRunAsync_sends_one_element_per_input()
    {
        Server.Json("POST", "/runs", Samples.CreatedRun("running"), status: OnWire(202, 200));
        using var client = Server.Client();

        await client.CreateBatchRunAsync(Samples.FlowId, [new { name = "Ada" }, new { name = "Bob" }, PairInput], cancellationToken: Server.Timeout);

        AssertJsonEqual("""[{"name":"Ada"},{"name":"Bob"},[1,2]]""", SingleRunBody()["input"]);
    }

    [Fact]
    public async Task CreateBatchRunAsync_with_no_inputs_throws_and_sends_nothing()
    {
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.CreateBatchRunAsync(Samples.FlowId, [], cancellationToken: Server.Timeout));

        Assert.Equal("inputs", error.ParamName);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task CreateRunAsync_serializes_variables_overrides_and_max_concurrency()
    {
        Server.Json("POST", "/runs", Samples.CreatedRun("running"), status: OnWire(202, 200));
        using var client = Server.Client();
        var options = new RunOptions { MaxConcurrency = 2 };
        options.StepOverrides["hello"] = JsonNode.Parse("""{"input":{"msg":"hi"}}""");
        options.Variables["api_key"] = "sk-123";
        options.Variables["retries"] = 3;
        options.Variables["limits"] = new { maxTokens = 10 };

        await client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, options, Server.Timeout);

        var body = SingleRunBody();
        Assert.Equal(2, body["maxConcurrency"]!.GetValue<long>());
        AssertJsonEqual("""{"api_key":"sk-123","retries":3,"limits":{"maxTokens":10}}""", body["variables"]);
        const string Overrides = """{"steps":{"hello":{"$type":"merge_patch","value":{"input":{"msg":"hi"}}}}}""";
        AssertJsonEqual(Overrides, WithoutNullMembers(body["overrides"]));
        if (!Is011)
        {
            // Exactly that: no null members anywhere (docs/server-api.md §4.5).
            AssertJsonEqual(Overrides, body["overrides"]);
        }

        Assert.NotEqual(true, body["wait"]?.GetValue<bool>());
        AssertAbsentOn013(body, "timeoutSecs");
    }

    [Fact]
    public async Task CreateRunAsync_with_WaitForCompletion_sends_wait_and_timeoutSecs_and_accepts_200_with_results()
    {
        Server.Json("POST", "/runs", WaitedFailedRun, status: 200);
        using var client = Server.Client();

        // The wait on creation is RunAsync's and RunBatchAsync's now (CreateRunAsync never waits).
        var run = await client.RunBatchAsync(FlowSource.Stored(Samples.FlowId), [new { name = "Ada" }, new { name = "Bob" }],
            new RunOptions { Timeout = TimeSpan.FromSeconds(7) }, Server.Timeout);

        // The answer carried every result: nothing else is asked.
        Assert.Single(Server.Requests);
        var body = SingleRunBody();
        Assert.True(body["wait"]!.GetValue<bool>());
        Assert.Equal(7, body["timeoutSecs"]!.GetValue<long>());
        // A JSON number, never a string: 0.13 refuses a string timeoutSecs with 422 (docs/server-api.md §4.2).
        Assert.Equal(System.Text.Json.JsonValueKind.Number, body["timeoutSecs"]!.GetValueKind());
        AssertJsonEqual("""[{"name":"Ada"},{"name":"Bob"}]""", body["input"]);
        AssertAbsentOn013(body, "variables", "overrides", "maxConcurrency");

        Assert.Equal(Samples.RunId, run.RunId);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.True(run.IsFinished);
        Assert.Equal(2, run.Items.Count);
        var succeeded = run.Items[0];
        Assert.Equal(0, succeeded.ItemIndex);
        Assert.Equal(RunStatus.Completed, succeeded.Status);
        Assert.Equal(ResultOutcome.Succeeded, succeeded.Outcome);
        Assert.Equal("Ada", succeeded.Output!.GetValue<string>());
        Assert.Null(succeeded.Error);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 3, 100, TimeSpan.Zero), succeeded.CompletedAt);
        var failed = run.Items[1];
        Assert.Equal(1, failed.ItemIndex);
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal(ResultOutcome.Failed, failed.Outcome);
        Assert.Equal(TaskErrorCode.ComponentFailed, failed.Error!.Code);
        Assert.Equal("boom", failed.Error.Message);
        Assert.Null(failed.Output);
        // RunResult has no run-level CompletedAt; the run finished (03.9) with this item.
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 3, 900, TimeSpan.Zero), failed.CompletedAt);
    }

    [Fact]
    public async Task CreateRunAsync_with_WaitForCompletion_and_no_timeout_asks_for_the_long_poll_window_in_whole_seconds()
    {
        Server.Json("POST", "/runs", WaitedStillRunning, status: 200);
        Server.Json("GET", RunPath, Samples.RunDetails("completed"));
        Server.Json("GET", RunPath + "/items", Samples.SuccessItems);
        using var client = Server.Client(o => o.LongPollWindow = TimeSpan.FromSeconds(12.2));

        // The wait on creation is RunAsync's now; without a timeout it asks for the long-poll window.
        var run = await client.RunAsync(FlowSource.Stored(Samples.FlowId), 5, cancellationToken: Server.Timeout);

        var body = SingleRunBody();
        Assert.True(body["wait"]!.GetValue<bool>());
        Assert.Equal(13, body["timeoutSecs"]!.GetValue<long>());
        AssertJsonEqual("[5]", body["input"]);

        // The server answered while the run was still running: the client long-polls with the same window, then reads the items.
        Assert.Collection(Server.Requests,
            create => Assert.Equal(("POST", "/api/v1/runs"), (create.Method, create.Path)),
            poll =>
            {
                Assert.Equal(("GET", "/api/v1" + RunPath), (poll.Method, poll.Path));
                AssertQuery(poll, ("wait", "true"), ("timeoutSecs", "13"));
            },
            items => Assert.Equal(("GET", "/api/v1" + RunPath + "/items"), (items.Method, items.Path)));
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("Ada", run.Output!.GetValue<string>());
    }

    [Fact]
    public async Task CreateRunAsync_VariablesFromEnvironment_fills_values_from_the_environment_and_explicit_values_win()
    {
        var keyVariable = "STEPFLOW_TEST_KEY_" + Guid.NewGuid().ToString("N");
        var regionVariable = "STEPFLOW_TEST_REGION_" + Guid.NewGuid().ToString("N");
        var unsetVariable = "STEPFLOW_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        Server.Json("GET", "/flows/" + Samples.FlowId + "/variables",
            OperationWire.VariablesWithEnvironment(Generation, ("api_key", keyVariable), ("region", regionVariable), ("model", unsetVariable)));
        Server.Json("POST", "/runs", Samples.CreatedRun("running"), status: OnWire(202, 200));
        using var client = Server.Client();
        var options = new RunOptions { VariablesFromEnvironment = true };
        options.Variables["region"] = "explicit-region";
        Environment.SetEnvironmentVariable(keyVariable, "sk-from-env");
        Environment.SetEnvironmentVariable(regionVariable, "env-region");
        try
        {
            await client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, options, Server.Timeout);
        }
        finally
        {
            Environment.SetEnvironmentVariable(keyVariable, null);
            Environment.SetEnvironmentVariable(regionVariable, null);
        }

        Assert.Collection(Server.Requests,
            first => Assert.Equal(("GET", $"/api/v1/flows/{Samples.FlowId}/variables"), (first.Method, first.Path)),
            second => Assert.Equal(("POST", "/api/v1/runs"), (second.Method, second.Path)));
        AssertJsonEqual("""{"api_key":"sk-from-env","region":"explicit-region"}""", SingleRunBody()["variables"]);
    }

    [Fact]
    public async Task GetRunAsync_reads_the_run_without_waiting()
    {
        Server.Json("GET", RunPath, Samples.RunDetails("completed"));
        using var client = Server.Client();

        var run = await client.GetRunAsync(Samples.RunId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1" + RunPath), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        Assert.Equal(Samples.RunId, run.RunId);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("stepflow-host-1", run.OrchestratorId);
        Assert.Equal(5, run.FinishedAtSequence);
        if (Is011)
        {
            var item = Assert.Single(run.Items!);
            Assert.Equal(0, item.ItemIndex);
            Assert.Equal(RunStatus.Completed, item.Status);
            Assert.Equal("Ada", item.Input?["name"]?.GetValue<string>());
        }
        else
        {
            // 0.12/0.13 keep nothing per item; the step rows come instead (docs/server-api.md §8.2).
            Assert.Null(run.Items);
        }

        // The item's steps, flattened into Steps (0.13: the recorded rows, with their results).
        var step = Assert.Single(run.Steps);
        Assert.Equal("hello", step.StepId);
        Assert.Equal(0, step.ItemIndex);
        Assert.Equal(StepStatus.Completed, step.Status);
        if (!Is011)
        {
            Assert.Equal(0, step.StepIndex);
            Assert.Equal("/builtin/eval", step.Component);
            Assert.Equal(ResultOutcome.Succeeded, step.Outcome);
            Assert.Equal("Ada", step.Output!.GetValue<string>());
            Assert.Equal(3, step.JournalSequence);
        }
    }

    [Fact]
    public async Task GetRunAsync_asks_for_json_and_sends_the_client_headers()
    {
        Server.Json("GET", RunPath, Samples.RunDetails("completed"));
        using var client = Server.Client(o => o.DefaultHeaders["X-Tenant"] = "acme");

        await client.GetRunAsync(Samples.RunId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("application/json", HeaderOf(request, "Accept"));
        Assert.StartsWith("Stepflow.Client/", HeaderOf(request, "User-Agent"), StringComparison.Ordinal);
        Assert.Equal("acme", HeaderOf(request, "X-Tenant"));
    }

    [Fact]
    public async Task GetRunAsync_on_a_json_null_body_is_a_transport_failure_with_the_status()
    {
        Server.Json("GET", RunPath, "null");
        using var client = Server.Client(o => o.Retry.Enabled = false);

        var error = await Assert.ThrowsAsync<StepflowTransportException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("GetRun", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRunAsync_with_a_wait_long_polls_with_wait_and_timeoutSecs()
    {
        Server.Json("GET", RunPath, Samples.RunDetails("running"));
        using var client = Server.Client();

        var run = await client.LongPollRunAsync(Samples.RunId, TimeSpan.FromSeconds(5), Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1" + RunPath), (request.Method, request.Path));
        AssertQuery(request, ("wait", "true"), ("timeoutSecs", "5"));
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.False(run.IsFinished);
        Assert.Null(run.CompletedAt);
    }

    [Fact]
    public async Task GetRunAsync_with_a_wait_gets_the_wait_on_top_of_the_request_timeout()
    {
        Server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/v1" + RunPath).UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(Samples.RunDetails("completed")).WithDelay(TimeSpan.FromSeconds(1.8)));
        using var client = Server.Client(o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var run = await client.LongPollRunAsync(Samples.RunId, TimeSpan.FromSeconds(2), Server.Timeout);

        Assert.Equal(RunStatus.Completed, run.Status);
        AssertQuery(Assert.Single(Server.Requests), ("wait", "true"), ("timeoutSecs", "2"));
    }

    [Fact]
    public async Task GetRunAsync_with_a_wait_stays_below_the_timeout_of_a_caller_HttpClient()
    {
        Server.Json("GET", RunPath, Samples.RunDetails("running"));
        using var http = new HttpClient { BaseAddress = Server.Url, Timeout = TimeSpan.FromSeconds(30) };
        using var client = new StepflowClient(http, new StepflowClientOptions { ApiGeneration = Generation });

        await client.LongPollRunAsync(Samples.RunId, TimeSpan.FromMinutes(10), Server.Timeout);

        AssertQuery(Assert.Single(Server.Requests), ("wait", "true"), ("timeoutSecs", "25"));
    }

    [Fact]
    public async Task GetRunItemsAsync_returns_every_item_result()
    {
        Server.Json("GET", RunPath + "/items", Samples.SuccessItems);
        using var client = Server.Client();

        var items = await client.GetRunItemsAsync(Samples.RunId, Server.Timeout);

        // A non-empty list needs no confirmation that the run exists.
        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1" + RunPath + "/items"), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        var item = Assert.Single(items);
        Assert.Equal(0, item.ItemIndex);
        Assert.Equal(RunStatus.Completed, item.Status);
        Assert.Equal(ResultOutcome.Succeeded, item.Outcome);
        Assert.True(item.IsSuccess);
        Assert.Equal("Ada", item.Output!.GetValue<string>());
        Assert.Null(item.Error);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 3, 900, TimeSpan.Zero), item.CompletedAt);
    }

    [Fact]
    public async Task GetRunStepsAsync_without_an_item_sends_no_query()
    {
        Server.Json("GET", RunPath + "/steps", StepsResponse());
        using var client = Server.Client();

        var steps = await client.GetRunStepsAsync(Samples.RunId, cancellationToken: Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1" + RunPath + "/steps"), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        Assert.Equal(["hello", "bye"], steps.Select(s => s.StepId));
        Assert.Equal(StepStatus.Completed, steps[0].Status);
        Assert.Equal("/python/echo", steps[0].Component);
        // 0.13 has no blocked: a row exists once the executor picked the step up, and its 0 folds blocked and runnable (docs/server-api.md §4.1).
        Assert.Equal(OnWire(StepStatus.Blocked, StepStatus.Runnable), steps[1].Status);
        Assert.Equal("/python/echo", steps[1].Component);
        if (Is011)
        {
            // Summarized over every item, without results.
            Assert.All(steps, s => Assert.Null(s.ItemIndex));
            Assert.All(steps, s => Assert.Equal(ResultOutcome.Pending, s.Outcome));
        }
        else
        {
            // One row per (item, step), with the result of a finished step (docs/server-api.md §8.5).
            Assert.All(steps, s => Assert.Equal(0, s.ItemIndex));
            Assert.Equal([0, 1], steps.Select(s => s.StepIndex));
            Assert.Equal(ResultOutcome.Succeeded, steps[0].Outcome);
            Assert.Equal("Ada", steps[0].Output!.GetValue<string>());
            Assert.Equal(ResultOutcome.Pending, steps[1].Outcome);
            Assert.Null(steps[1].Output);
        }
    }

    [Fact]
    public async Task GetRunStepsAsync_for_one_item_sends_itemIndex()
    {
        Server.Json("GET", RunPath + "/steps", StepsResponse(item: 2));
        using var client = Server.Client();

        var steps = await client.GetRunStepsAsync(Samples.RunId, itemIndex: 2, Server.Timeout);

        AssertQuery(Assert.Single(Server.Requests), ("itemIndex", "2"));
        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.Equal(2, s.ItemIndex));
    }

    [Fact]
    public async Task GetStepDetailAsync_escapes_the_step_id_and_sends_itemIndex_and_asof()
    {
        Server.Json("GET", RunPath + "/steps/*", StepDetail);
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        using var client = new StepflowClient(http, Server.Url, new StepflowClientOptions { ApiGeneration = Generation });

        var step = await client.GetStepDetailAsync(Samples.RunId, "my step/1", itemIndex: 1, asOf: 3, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("GET", request.Method);
        AssertQuery(request, ("itemIndex", "1"), ("asof", "3"));
        var uri = Assert.Single(recorder.Uris);
        Assert.Equal($"/api/v1{RunPath}/steps/my%20step%2F1", uri.AbsolutePath);
        Assert.Equal("?itemIndex=1&asof=3", uri.Query);
        Assert.Equal("my step/1", step.StepId);
        Assert.Equal(1, step.ItemIndex);
        Assert.Equal(0, step.StepIndex);
        Assert.Equal("/python/echo", step.Component);
        Assert.Equal(StepStatus.Completed, step.Status);
        Assert.Equal(3, step.JournalSequence);
        Assert.Equal(ResultOutcome.Succeeded, step.Outcome);
        Assert.Equal("Ada", step.Output!.GetValue<string>());
        Assert.Null(step.Error);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 3, 500, TimeSpan.Zero), step.UpdatedAt);
    }

    [Fact]
    public async Task GetStepDetailAsync_without_item_or_asof_sends_no_query()
    {
        Server.Json("GET", RunPath + "/steps/hello", StepDetail);
        using var client = Server.Client();

        await client.GetStepDetailAsync(Samples.RunId, "hello", cancellationToken: Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/api/v1" + RunPath + "/steps/hello", request.Path);
        Assert.Empty(QueryOf(request));
    }

    [Fact]
    public async Task GetStepDetailAsync_ahead_of_the_store_is_a_conflict()
    {
        // asof beyond what the metadata store has: 0.11 says 409, 0.13 412 (docs/server-api.md §3.5, §8.6).
        var message = OnWire("Metadata not yet consistent: step has journal_seqno=3, requested asof=9",
            "metadata not yet consistent: step has journal_seqno=3, requested asof=9");
        var status = OnWire(409, 412);
        if (Is011)
        {
            Server.Text("GET", RunPath + "/steps/hello", status, Samples.Error(status, message));
        }
        else
        {
            Server.Json("GET", RunPath + "/steps/hello", Samples.Error(status, message), status);
        }

        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(
            () => client.GetStepDetailAsync(Samples.RunId, "hello", asOf: 9, cancellationToken: Server.Timeout));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", error.ErrorCode);
        Assert.Equal(message, error.ServerMessage);
        AssertQuery(Assert.Single(Server.Requests), ("asof", "9"));
    }

    [Fact]
    public async Task GetRunFlowAsync_returns_the_run_flow()
    {
        Server.Json("GET", RunPath + "/flow", RunFlow);
        using var client = Server.Client();

        var response = await client.GetRunFlowAsync(Samples.RunId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1" + RunPath + "/flow"), (request.Method, request.Path));
        Assert.Equal(Samples.FlowId, response.FlowId);
        Assert.Equal("greet", response.Name);
        Assert.Equal("hello", Assert.Single(Assert.IsType<JsonArray>(response.Document["steps"]))!["id"]!.GetValue<string>());
        AssertJsonEqual(JsonNode.Parse(RunFlow)!["flow"], response.Document);
        Assert.Empty(response.Examples);
    }

    [Fact]
    public async Task CancelRunAsync_posts_without_a_body_and_returns_the_summary()
    {
        Server.Json("POST", RunPath + "/cancel", CancelledSummary());
        using var client = Server.Client();

        var run = await client.CancelRunAsync(Samples.RunId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("POST", "/api/v1" + RunPath + "/cancel"), (request.Method, request.Path));
        Assert.True(string.IsNullOrEmpty(request.Body));
        Assert.Equal(Samples.RunId, run.RunId);
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.True(run.IsFinished);
        Assert.Null(run.CompletedAt);
    }

    [Fact]
    public async Task DeleteRunAsync_accepts_an_empty_200()
    {
        // 0.13 sends {} (next test), but an empty 200 is accepted from either generation (docs/server-api.md §8.9).
        Server.Respond("DELETE", RunPath, 200, body: null, contentType: null);
        using var client = Server.Client();

        await client.DeleteRunAsync(Samples.RunId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("DELETE", "/api/v1" + RunPath), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
    }

    [Fact]
    public async Task DeleteRunAsync_accepts_200_with_an_empty_object()
    {
        Server.Json("DELETE", RunPath, "{}");
        using var client = Server.Client();

        await client.DeleteRunAsync(Samples.RunId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("DELETE", "/api/v1" + RunPath), (request.Method, request.Path));
        Assert.True(string.IsNullOrEmpty(request.Body));
    }

    [Fact]
    public async Task DeleteRunAsync_of_a_running_run_throws_a_conflict()
    {
        // 0.11: 409 ErrorResponse as text/plain; 0.13: 412 FAILED_PRECONDITION in the JSON envelope (docs/server-api.md §3.5, §8.9).
        var message = OnWire($"Execution '{Samples.RunIdText}' is still running and cannot be deleted",
            $"run '{Samples.RunIdText}' is still Running and cannot be deleted");
        if (Is011)
        {
            Server.Text("DELETE", RunPath, 409, $$"""{"code":409,"message":"{{message}}"}""");
        }
        else
        {
            Server.Json("DELETE", RunPath, Samples.Error(412, message), 412);
        }

        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(() => client.DeleteRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(OnWire(409, 412), error.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", error.ErrorCode);
        Assert.Equal(message, error.ServerMessage);
        Assert.Empty(error.Details);
        // A conflict is an answer, not a failure: not repeated.
        Assert.Single(Server.Requests);
    }
}

/// <summary>Against the 0.11 API, with the behaviour only 0.11 servers have.</summary>
public sealed class RunOperationsTestsOn011() : RunOperationsTests(StepflowApiGeneration.V011)
{
    private static readonly string CancelConflict = Ids.Fill("""
        {"code":409,"message":"Run '@R@' cannot be cancelled (status: Completed)","stack":[{"error":"Run '@R@' cannot be cancelled (status: Completed)"}]}
        """);

    [Fact]
    public async Task GetRunAsync_on_a_404_without_a_body_means_the_endpoint_is_unavailable()
    {
        // 0.11.0/0.11.1 answer routes they lack with a bare 404; a missing run always has an ErrorResponse (docs/server-api.md §2.3).
        Server.Respond("GET", RunPath, 404, body: null, contentType: null);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task GetStepDetailAsync_on_a_404_without_a_body_means_the_endpoint_is_unavailable()
    {
        // The released 0.11 tags have no step detail route at all (docs/server-api.md §8.6, §12.1).
        Server.Respond("GET", RunPath + "/steps/hello", 404, body: null, contentType: null);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => client.GetStepDetailAsync(Samples.RunId, "hello", cancellationToken: Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task CancelRunAsync_of_a_finished_run_throws_a_conflict_with_the_server_message()
    {
        // Only 0.11 refuses; 0.13 marks a finished run cancelled (docs/server-api.md §8.8, and RunOperationsTestsOn013).
        Server.Text("POST", RunPath + "/cancel", 409, CancelConflict);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(() => client.CancelRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", error.ErrorCode);
        Assert.Equal($"Run '{Samples.RunIdText}' cannot be cancelled (status: Completed)", error.ServerMessage);
        Assert.Equal([$"Run '{Samples.RunIdText}' cannot be cancelled (status: Completed)"], error.Details);
    }

    [Fact]
    public async Task GetRunItemsAsync_of_an_unknown_run_is_not_found_from_the_items_answer_itself()
    {
        // 0.11 answers 404 on /items; no second request is needed (docs/server-api.md §8.4).
        Server.Text("GET", RunPath + "/items", 404, Samples.ErrorNotFound);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => client.GetRunItemsAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal([$"/api/v1{RunPath}/items"], Server.Requests.Select(r => r.Path));
    }
}

/// <summary>Against the 0.12/0.13 API, with the behaviour only 0.12/0.13 servers have (docs/server-api.md §8).</summary>
public sealed class RunOperationsTestsOn013() : RunOperationsTests(StepflowApiGeneration.V012)
{
    private sealed record Counted(int N, string? Label);

    [Fact]
    public async Task GetRunAsync_on_a_404_without_a_body_is_not_found_not_a_missing_endpoint()
    {
        // 0.13 routes it lacks answer with the gRPC fallback, and its blob routes send bare 404s for missing blobs, so an
        // empty 404 means "not found" here (docs/server-api.md §2.3, §3.4).
        Server.Respond("GET", RunPath, 404, body: null, contentType: null);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task CancelRunAsync_of_a_finished_run_returns_it_marked_cancelled()
    {
        // 0.13 does not refuse: the status is overwritten to 4 with a new completedAt (docs/server-api.md §8.8).
        Server.Json("POST", RunPath + "/cancel", CancelledSummary("\"2026-03-20T20:16:00.250Z\""));
        using var client = Server.Client();

        var run = await client.CancelRunAsync(Samples.RunId, Server.Timeout);

        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.True(run.IsFinished);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 16, 0, 250, TimeSpan.Zero), run.CompletedAt);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_cancel_that_flips_back_surfaces_what_the_server_says_next()
    {
        // Cancel does not stop the execution; when it finishes, 0.13 records its result and the status reads 2 again
        // (docs/server-api.md §8.8, §14 #7). The client keeps no status of its own.
        Server.Json("POST", RunPath + "/cancel", CancelledSummary());
        Server.Json("GET", RunPath, Samples.RunDetails("completed"));
        using var client = Server.Client();

        var cancelled = await client.CancelRunAsync(Samples.RunId, Server.Timeout);
        var later = await client.GetRunAsync(Samples.RunId, Server.Timeout);
        var waited = await client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(20), Server.Timeout);

        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.Equal(RunStatus.Completed, later.Status);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 3, 900, TimeSpan.Zero), later.CompletedAt);
        Assert.Equal(RunStatus.Completed, waited.Status);
        Assert.Equal(["POST", "GET", "GET"], Server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task GetRunItemsAsync_of_an_unknown_run_confirms_the_empty_list_with_the_run_and_is_not_found()
    {
        // /items answers 200 {"results": []} for a run that does not exist (docs/server-api.md §8.4).
        Server.Json("GET", RunPath + "/items", """{"results":[]}""");
        Server.Json("GET", RunPath, Samples.ErrorNotFound, 404);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => client.GetRunItemsAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal($"run '{Samples.RunIdText}' not found", error.ServerMessage);
        Assert.Collection(Server.Requests,
            items => Assert.Equal(("GET", $"/api/v1{RunPath}/items"), (items.Method, items.Path)),
            run =>
            {
                Assert.Equal(("GET", $"/api/v1{RunPath}"), (run.Method, run.Path));
                Assert.Empty(QueryOf(run));
            });
    }

    [Fact]
    public async Task GetRunStepsAsync_of_an_unknown_run_confirms_the_empty_list_with_the_run_and_is_not_found()
    {
        // /steps answers 200 {"steps": []} for a run that does not exist (docs/server-api.md §8.5).
        Server.Json("GET", RunPath + "/steps", """{"steps":[]}""");
        Server.Json("GET", RunPath, Samples.ErrorNotFound, 404);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(
            () => client.GetRunStepsAsync(Samples.RunId, itemIndex: 0, Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Collection(Server.Requests,
            steps =>
            {
                Assert.Equal(("GET", $"/api/v1{RunPath}/steps"), (steps.Method, steps.Path));
                AssertQuery(steps, ("itemIndex", "0"));
            },
            run => Assert.Equal(("GET", $"/api/v1{RunPath}"), (run.Method, run.Path)));
    }

    [Fact]
    public async Task Empty_items_and_steps_of_a_run_that_exists_are_empty_lists()
    {
        // The confirmation finds the run: nothing recorded yet is an answer, not an error.
        Server.Json("GET", RunPath + "/items", """{"results":[]}""");
        Server.Json("GET", RunPath + "/steps", """{"steps":[]}""");
        Server.Json("GET", RunPath, Samples.RunDetails("running"));
        using var client = Server.Client();

        var items = await client.GetRunItemsAsync(Samples.RunId, Server.Timeout);
        var steps = await client.GetRunStepsAsync(Samples.RunId, cancellationToken: Server.Timeout);

        Assert.Empty(items);
        Assert.Empty(steps);
        Assert.Equal([$"/api/v1{RunPath}/items", $"/api/v1{RunPath}", $"/api/v1{RunPath}/steps", $"/api/v1{RunPath}"],
            Server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task GetOutput_reads_integral_floats_as_integers_and_leaves_the_rest()
    {
        // Struct numbers come back as doubles: 7 is written 7.0 (docs/server-api.md §4.3). Whole ones within ±2^53 are
        // integers again; a fraction, and a whole number beyond 2^53 (no longer exact), stay as they are.
        Server.Json("POST", "/runs", Samples.CreatedRunWithResult().Replace("\"output\":\"Ada\"", """
            "output":{"n":7.0,"label":"seven","half":2.5,"negative":-3.0,"zero":0.0,"limit":9007199254740992.0,"beyond":9007199254740994.0,
            "list":[1.0,1.5,{"deep":42.0}]}
            """, StringComparison.Ordinal));
        using var client = Server.Client();

        var result = await client.RunAsync(FlowSource.Stored(Samples.FlowId), new { name = "Ada" }, cancellationToken: Server.Timeout);

        Assert.Equal(new Counted(7, "seven"), result.GetOutput<Counted>());
        Assert.Equal(7, result.Output!["n"]!.GetValue<int>());
        var output = result.Output!.AsObject();
        Assert.Equal("7", output["n"]!.ToJsonString());
        Assert.Equal("2.5", output["half"]!.ToJsonString());
        Assert.Equal("-3", output["negative"]!.ToJsonString());
        Assert.Equal("0", output["zero"]!.ToJsonString());
        Assert.Equal("9007199254740992", output["limit"]!.ToJsonString());
        Assert.Equal("9007199254740994.0", output["beyond"]!.ToJsonString());
        Assert.Equal("""[1,1.5,{"deep":42}]""", output["list"]!.ToJsonString());
        Assert.Single(Server.Requests);
    }
}
