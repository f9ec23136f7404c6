using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Operations;

/// <summary>CreateRunAsync, CreateBatchRunAsync, the wait on creation (RunAsync, RunBatchAsync) and the per-run reads, cancel and delete.</summary>
public sealed class RunOperationsTests : IDisposable
{
    private const string RunPath = "/runs/" + Samples.RunIdText;

    private static readonly string WaitedFailedRun = Ids.Fill("""
        {"runId":"@R@","flowId":"@F@","flowName":"greet","status":"failed",
        "items":{"total":2,"completed":1,"running":0,"failed":1,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z",
        "completedAt":"2026-03-20T20:15:03.9Z","rootRunId":"@R@","createdAtSeqno":0,
        "results":[{"itemIndex":0,"status":"completed","result":{"outcome":"success","result":"Ada"},"completedAt":"2026-03-20T20:15:03.1Z"},
        {"itemIndex":1,"status":"failed","result":{"outcome":"failed","error":{"code":"COMPONENT_FAILED","message":"boom"}},"completedAt":"2026-03-20T20:15:03.9Z"}]}
        """);

    private const string StepsResponse = """
        {"steps":{"hello":{"stepId":"hello","component":"/python/echo","status":"completed"},"bye":{"stepId":"bye","component":"/python/echo","status":"blocked"}}}
        """;

    private const string StepDetail = """
        {"stepId":"my step/1","stepIndex":0,"itemIndex":1,"status":"completed","component":"/python/echo",
        "result":{"outcome":"success","result":"Ada"},"journalSeqno":3,"updatedAt":"2026-03-20T20:15:03.5Z"}
        """;

    private static readonly string RunFlow = Ids.Fill("""
        {"flow":{"name":"greet","steps":[{"id":"hello","component":"/python/echo","input":{"msg":{"$input":"$.name"}}}]},"flowId":"@F@"}
        """);

    private static readonly string CancelConflict = Ids.Fill("""
        {"code":409,"message":"Run '@R@' cannot be cancelled (status: Completed)","stack":[{"error":"Run '@R@' cannot be cancelled (status: Completed)"}]}
        """);

    // Arrays as the caller would pass them (static to satisfy CA1861).
    private static readonly int[] ListInput = [1, 2, 3];
    private static readonly int[] PairInput = [1, 2];
    private static readonly string[] Tags = ["x"];

    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    private JsonObject SingleRunBody()
    {
        var request = Assert.Single(_server.RequestsTo("POST", "/runs"));
        Assert.Empty(QueryOf(request));
        Assert.StartsWith("application/json", HeaderOf(request, "Content-Type"), StringComparison.Ordinal);
        return JsonObjectOf(request);
    }

    [Fact]
    public async Task CreateRunAsync_sends_one_input_as_a_one_element_array_and_accepts_202()
    {
        _server.Json("POST", "/runs", Samples.RunSummary("running"), status: 202);
        using var client = _server.Client();

        var run = await client.CreateRunAsync(Samples.FlowId, new { name = "Ada", tags = Tags }, cancellationToken: _server.Timeout);

        Assert.Single(_server.Requests);
        var body = SingleRunBody();
        Assert.Equal(Samples.FlowId, body["flowId"]!.GetValue<string>());
        AssertJsonEqual("""[{"name":"Ada","tags":["x"]}]""", body["input"]);
        Assert.NotEqual(true, body["wait"]?.GetValue<bool>());
        Assert.Null(body["timeoutSecs"]);
        Assert.Null(body["variables"]);
        Assert.Null(body["overrides"]);
        Assert.Null(body["maxConcurrency"]);

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
        _server.Json("POST", "/runs", Samples.RunSummary("running"), status: 202);
        using var client = _server.Client();

        await client.CreateRunAsync(Samples.FlowId, ListInput, cancellationToken: _server.Timeout);

        AssertJsonEqual("[[1,2,3]]", SingleRunBody()["input"]);
    }

    [Fact]
    public async Task CreateRunAsync_sends_a_JsonNode_input_as_is()
    {
        _server.Json("POST", "/runs", Samples.RunSummary("running"), status: 202);
        using var client = _server.Client();
        var input = JsonNode.Parse("""{"Name":"Ada","nested":{"Keep_Case":[1,null,"x"]}}""");

        await client.CreateRunAsync(Samples.FlowId, input, cancellationToken: _server.Timeout);

        AssertJsonEqual("""[{"Name":"Ada","nested":{"Keep_Case":[1,null,"x"]}}]""", SingleRunBody()["input"]);
    }

    [Fact]
    public async Task CreateBatchRunAsync_sends_one_element_per_input()
    {
        _server.Json("POST", "/runs", Samples.RunSummary("running"), status: 202);
        using var client = _server.Client();

        await client.CreateBatchRunAsync(Samples.FlowId, [new { name = "Ada" }, new { name = "Bob" }, PairInput], cancellationToken: _server.Timeout);

        AssertJsonEqual("""[{"name":"Ada"},{"name":"Bob"},[1,2]]""", SingleRunBody()["input"]);
    }

    [Fact]
    public async Task CreateBatchRunAsync_with_no_inputs_throws_and_sends_nothing()
    {
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.CreateBatchRunAsync(Samples.FlowId, [], cancellationToken: _server.Timeout));

        Assert.Equal("inputs", error.ParamName);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task CreateRunAsync_serializes_variables_overrides_and_max_concurrency()
    {
        _server.Json("POST", "/runs", Samples.RunSummary("running"), status: 202);
        using var client = _server.Client();
        var options = new RunOptions { MaxConcurrency = 2 };
        options.StepOverrides["hello"] = JsonNode.Parse("""{"input":{"msg":"hi"}}""");
        options.Variables["api_key"] = "sk-123";
        options.Variables["retries"] = 3;
        options.Variables["limits"] = new { maxTokens = 10 };

        await client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, options, _server.Timeout);

        var body = SingleRunBody();
        Assert.Equal(2, body["maxConcurrency"]!.GetValue<long>());
        AssertJsonEqual("""{"api_key":"sk-123","retries":3,"limits":{"maxTokens":10}}""", body["variables"]);
        AssertJsonEqual("""{"steps":{"hello":{"$type":"merge_patch","value":{"input":{"msg":"hi"}}}}}""", WithoutNullMembers(body["overrides"]));
        Assert.NotEqual(true, body["wait"]?.GetValue<bool>());
    }

    [Fact]
    public async Task CreateRunAsync_with_WaitForCompletion_sends_wait_and_timeoutSecs_and_accepts_200_with_results()
    {
        _server.Json("POST", "/runs", WaitedFailedRun, status: 200);
        using var client = _server.Client();

        // The wait on creation is RunAsync's and RunBatchAsync's now (CreateRunAsync never waits).
        var run = await client.RunBatchAsync(FlowSource.Stored(Samples.FlowId), [new { name = "Ada" }, new { name = "Bob" }],
            new RunOptions { Timeout = TimeSpan.FromSeconds(7) }, _server.Timeout);

        // The answer carried every result: nothing else is asked.
        Assert.Single(_server.Requests);
        var body = SingleRunBody();
        Assert.True(body["wait"]!.GetValue<bool>());
        Assert.Equal(7, body["timeoutSecs"]!.GetValue<long>());
        AssertJsonEqual("""[{"name":"Ada"},{"name":"Bob"}]""", body["input"]);

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
        _server.Json("POST", "/runs", Samples.RunSummary("running"), status: 200);
        _server.Json("GET", RunPath, Samples.RunDetails("completed"));
        _server.Json("GET", RunPath + "/items", Samples.SuccessItems);
        using var client = _server.Client(o => o.LongPollWindow = TimeSpan.FromSeconds(12.2));

        // The wait on creation is RunAsync's now; without a timeout it asks for the long-poll window.
        var run = await client.RunAsync(FlowSource.Stored(Samples.FlowId), 5, cancellationToken: _server.Timeout);

        var body = SingleRunBody();
        Assert.True(body["wait"]!.GetValue<bool>());
        Assert.Equal(13, body["timeoutSecs"]!.GetValue<long>());
        AssertJsonEqual("[5]", body["input"]);

        // The server answered while the run was still running: the client long-polls with the same window, then reads the items.
        Assert.Collection(_server.Requests,
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
        _server.Json("GET", "/flows/" + Samples.FlowId + "/variables", $$$"""
            {"flowId":"{{{Samples.FlowId}}}","envVars":{"api_key":"{{{keyVariable}}}","region":"{{{regionVariable}}}","model":"{{{unsetVariable}}}"}}
            """);
        _server.Json("POST", "/runs", Samples.RunSummary("running"), status: 202);
        using var client = _server.Client();
        var options = new RunOptions { VariablesFromEnvironment = true };
        options.Variables["region"] = "explicit-region";
        Environment.SetEnvironmentVariable(keyVariable, "sk-from-env");
        Environment.SetEnvironmentVariable(regionVariable, "env-region");
        try
        {
            await client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, options, _server.Timeout);
        }
        finally
        {
            Environment.SetEnvironmentVariable(keyVariable, null);
            Environment.SetEnvironmentVariable(regionVariable, null);
        }

        Assert.Collection(_server.Requests,
            first => Assert.Equal(("GET", $"/api/v1/flows/{Samples.FlowId}/variables"), (first.Method, first.Path)),
            second => Assert.Equal(("POST", "/api/v1/runs"), (second.Method, second.Path)));
        AssertJsonEqual("""{"api_key":"sk-from-env","region":"explicit-region"}""", SingleRunBody()["variables"]);
    }

    [Fact]
    public async Task GetRunAsync_reads_the_run_without_waiting()
    {
        _server.Json("GET", RunPath, Samples.RunDetails("completed"));
        using var client = _server.Client();

        var run = await client.GetRunAsync(Samples.RunId, _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/api/v1" + RunPath), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        Assert.Equal(Samples.RunId, run.RunId);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("stepflow-host-1", run.OrchestratorId);
        Assert.Equal(5, run.FinishedAtSequence);
        var item = Assert.Single(run.Items!);
        Assert.Equal(0, item.ItemIndex);
        Assert.Equal(RunStatus.Completed, item.Status);
        Assert.Equal("Ada", item.Input?["name"]?.GetValue<string>());
        // The item's steps, flattened into Steps.
        var step = Assert.Single(run.Steps);
        Assert.Equal("hello", step.StepId);
        Assert.Equal(0, step.ItemIndex);
        Assert.Equal(StepStatus.Completed, step.Status);
    }

    [Fact]
    public async Task GetRunAsync_asks_for_json_and_sends_the_client_headers()
    {
        _server.Json("GET", RunPath, Samples.RunDetails("completed"));
        using var client = _server.Client(o => o.DefaultHeaders["X-Tenant"] = "acme");

        await client.GetRunAsync(Samples.RunId, _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("application/json", HeaderOf(request, "Accept"));
        Assert.StartsWith("Stepflow.Client/", HeaderOf(request, "User-Agent"), StringComparison.Ordinal);
        Assert.Equal("acme", HeaderOf(request, "X-Tenant"));
    }

    [Fact]
    public async Task GetRunAsync_on_a_json_null_body_is_a_transport_failure_with_the_status()
    {
        _server.Json("GET", RunPath, "null");
        using var client = _server.Client(o => o.Retry.Enabled = false);

        var error = await Assert.ThrowsAsync<StepflowTransportException>(() => client.GetRunAsync(Samples.RunId, _server.Timeout));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("GetRun", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRunAsync_on_a_404_without_a_body_means_the_endpoint_is_unavailable()
    {
        _server.Respond("GET", RunPath, 404, body: null, contentType: null);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(() => client.GetRunAsync(Samples.RunId, _server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task GetRunAsync_with_a_wait_long_polls_with_wait_and_timeoutSecs()
    {
        _server.Json("GET", RunPath, Samples.RunDetails("running"));
        using var client = _server.Client();

        var run = await client.LongPollRunAsync(Samples.RunId, TimeSpan.FromSeconds(5), _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/api/v1" + RunPath), (request.Method, request.Path));
        AssertQuery(request, ("wait", "true"), ("timeoutSecs", "5"));
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.False(run.IsFinished);
        Assert.Null(run.CompletedAt);
    }

    [Fact]
    public async Task GetRunAsync_with_a_wait_gets_the_wait_on_top_of_the_request_timeout()
    {
        _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/v1" + RunPath).UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(Samples.RunDetails("completed")).WithDelay(TimeSpan.FromSeconds(1.8)));
        using var client = _server.Client(o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var run = await client.LongPollRunAsync(Samples.RunId, TimeSpan.FromSeconds(2), _server.Timeout);

        Assert.Equal(RunStatus.Completed, run.Status);
        AssertQuery(Assert.Single(_server.Requests), ("wait", "true"), ("timeoutSecs", "2"));
    }

    [Fact]
    public async Task GetRunAsync_with_a_wait_stays_below_the_timeout_of_a_caller_HttpClient()
    {
        _server.Json("GET", RunPath, Samples.RunDetails("running"));
        using var http = new HttpClient { BaseAddress = _server.Url, Timeout = TimeSpan.FromSeconds(30) };
        using var client = new StepflowClient(http, new StepflowClientOptions { ApiGeneration = StepflowApiGeneration.V011 });

        await client.LongPollRunAsync(Samples.RunId, TimeSpan.FromMinutes(10), _server.Timeout);

        AssertQuery(Assert.Single(_server.Requests), ("wait", "true"), ("timeoutSecs", "25"));
    }

    [Fact]
    public async Task GetRunItemsAsync_returns_every_item_result()
    {
        _server.Json("GET", RunPath + "/items", Samples.SuccessItems);
        using var client = _server.Client();

        var items = await client.GetRunItemsAsync(Samples.RunId, _server.Timeout);

        var request = Assert.Single(_server.Requests);
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
        _server.Json("GET", RunPath + "/steps", StepsResponse);
        using var client = _server.Client();

        var steps = await client.GetRunStepsAsync(Samples.RunId, cancellationToken: _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/api/v1" + RunPath + "/steps"), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        Assert.Equal(["hello", "bye"], steps.Select(s => s.StepId));
        Assert.Equal(StepStatus.Completed, steps[0].Status);
        Assert.Equal("/python/echo", steps[0].Component);
        Assert.Equal(StepStatus.Blocked, steps[1].Status);
        Assert.Equal("/python/echo", steps[1].Component);
        // Summarized over every item, without results.
        Assert.All(steps, s => Assert.Null(s.ItemIndex));
        Assert.All(steps, s => Assert.Equal(ResultOutcome.Pending, s.Outcome));
    }

    [Fact]
    public async Task GetRunStepsAsync_for_one_item_sends_itemIndex()
    {
        _server.Json("GET", RunPath + "/steps", StepsResponse);
        using var client = _server.Client();

        var steps = await client.GetRunStepsAsync(Samples.RunId, itemIndex: 2, _server.Timeout);

        AssertQuery(Assert.Single(_server.Requests), ("itemIndex", "2"));
        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.Equal(2, s.ItemIndex));
    }

    [Fact]
    public async Task GetStepDetailAsync_escapes_the_step_id_and_sends_itemIndex_and_asof()
    {
        _server.Json("GET", RunPath + "/steps/*", StepDetail);
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        using var client = new StepflowClient(http, _server.Url, new StepflowClientOptions { ApiGeneration = StepflowApiGeneration.V011 });

        var step = await client.GetStepDetailAsync(Samples.RunId, "my step/1", itemIndex: 1, asOf: 3, _server.Timeout);

        var request = Assert.Single(_server.Requests);
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
        _server.Json("GET", RunPath + "/steps/hello", StepDetail);
        using var client = _server.Client();

        await client.GetStepDetailAsync(Samples.RunId, "hello", cancellationToken: _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/api/v1" + RunPath + "/steps/hello", request.Path);
        Assert.Empty(QueryOf(request));
    }

    [Fact]
    public async Task GetRunFlowAsync_returns_the_run_flow()
    {
        _server.Json("GET", RunPath + "/flow", RunFlow);
        using var client = _server.Client();

        var response = await client.GetRunFlowAsync(Samples.RunId, _server.Timeout);

        var request = Assert.Single(_server.Requests);
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
        _server.Json("POST", RunPath + "/cancel", Samples.RunSummary("cancelled"));
        using var client = _server.Client();

        var run = await client.CancelRunAsync(Samples.RunId, _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", "/api/v1" + RunPath + "/cancel"), (request.Method, request.Path));
        Assert.True(string.IsNullOrEmpty(request.Body));
        Assert.Equal(Samples.RunId, run.RunId);
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.True(run.IsFinished);
        Assert.Null(run.CompletedAt);
    }

    [Fact]
    public async Task CancelRunAsync_of_a_finished_run_throws_a_conflict_with_the_server_message()
    {
        _server.Text("POST", RunPath + "/cancel", 409, CancelConflict);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(() => client.CancelRunAsync(Samples.RunId, _server.Timeout));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", error.ErrorCode);
        Assert.Equal($"Run '{Samples.RunIdText}' cannot be cancelled (status: Completed)", error.ServerMessage);
        Assert.Equal([$"Run '{Samples.RunIdText}' cannot be cancelled (status: Completed)"], error.Details);
    }

    [Fact]
    public async Task DeleteRunAsync_accepts_an_empty_200()
    {
        _server.Respond("DELETE", RunPath, 200, body: null, contentType: null);
        using var client = _server.Client();

        await client.DeleteRunAsync(Samples.RunId, _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("DELETE", "/api/v1" + RunPath), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
    }

    [Fact]
    public async Task DeleteRunAsync_of_a_running_run_throws_a_conflict()
    {
        _server.Text("DELETE", RunPath, 409,
            $$"""{"code":409,"message":"Execution '{{Samples.RunIdText}}' is still running and cannot be deleted"}""");
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(() => client.DeleteRunAsync(Samples.RunId, _server.Timeout));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", error.ErrorCode);
        Assert.Equal($"Execution '{Samples.RunIdText}' is still running and cannot be deleted", error.ServerMessage);
        Assert.Empty(error.Details);
    }
}
