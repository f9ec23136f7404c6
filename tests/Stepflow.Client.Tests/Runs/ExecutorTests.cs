using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Runs;

/// <summary>IStepflowExecutor (RunAsync, SubmitAsync, GetResultAsync, ValidateAsync, ListComponentsAsync) on every server generation.</summary>
public abstract class ExecutorTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    private const string Flow = """{"name":"greet","steps":[{"id":"hello","component":"/python/echo","input":{"msg":{"$input":"name"}}}],"output":{"$step":"hello","path":"msg"}}""";

    private const string RunPath = $"/runs/{Infrastructure.Samples.RunIdText}";

    /// <summary>
    /// A <c>POST /runs</c> answer with these item results (docs/server-api.md §8.1): 0.11 the flattened summary plus
    /// <c>results</c>, 0.13 <c>{summary, results}</c>.
    /// </summary>
    protected string Created(string status, string results)
    {
        var created = JsonNode.Parse(Samples.CreatedRun(status))!.AsObject();
        created["results"] = JsonNode.Parse(results);
        return created.ToJsonString();
    }

    // Item results in each generation's shape (docs/server-api.md §8.1): 0.11 a FlowResult, 0.13 output/errorMessage/errorCode.
    protected string Succeeded(int item, string output) => OnWire(
        $$$"""{"itemIndex":{{{item}}},"status":"completed","result":{"outcome":"success","result":{{{output}}}}}""",
        $$"""{"itemIndex":{{item}},"status":2,"output":{{output}}}""");

    protected string Running(int item) => OnWire($$"""{"itemIndex":{{item}},"status":"running"}""", $$"""{"itemIndex":{{item}},"status":1}""");

    protected string FailedWith(int item, string message) => OnWire(
        $$$$"""{"itemIndex":{{{{item}}}},"status":"failed","result":{"outcome":"failed","error":{"code":"COMPONENT_FAILED","message":"{{{{message}}}}"}}}""",
        $$"""{"itemIndex":{{item}},"status":3,"errorMessage":"{{message}}","errorCode":3}""");

    /// <summary>A <c>GET /runs/{id}/items</c> answer (docs/server-api.md §8.4).</summary>
    protected string Items(params string[] results) => OnWire(
        $$"""{"itemCount":{{results.Length}},"items":[{{string.Join(',', results)}}]}""",
        $$"""{"results":[{{string.Join(',', results)}}]}""");

    [Fact]
    public async Task RunAsync_stores_the_flow_and_waits_inside_the_create_request()
    {
        Server.Json("POST", "/flows", Samples.StoredFlow);
        Server.Json("POST", "/runs", Created("completed", $"[{Succeeded(0, "\"Ada\"")}]"));
        using var client = Server.Client(o => o.LongPollWindow = TimeSpan.FromSeconds(45));
        IStepflowExecutor executor = client;

        var result = await executor.RunAsync(FlowSource.FromJson(Flow), new { name = "Ada" }, cancellationToken: Server.Timeout);

        Assert.True(result.IsFinished);
        Assert.True(result.IsSuccess);
        Assert.Equal("Ada", result.Output!.GetValue<string>());
        Assert.Equal("Ada", result.GetOutput<string>());
        Assert.Equal(2, Server.Requests.Count);
        var create = FakeServer.BodyOf(Server.RequestsTo("POST", "/runs").Single())!;
        Assert.Equal(Samples.FlowId, create["flowId"]!.GetValue<string>());
        Assert.Equal("""[{"name":"Ada"}]""", create["input"]!.ToJsonString());
        Assert.True(create["wait"]!.GetValue<bool>());
        Assert.Equal(45, create["timeoutSecs"]!.GetValue<long>());
    }

    [Fact]
    public async Task RunAsync_long_polls_when_the_create_request_times_out_and_then_reads_the_items()
    {
        Server.Json("POST", "/flows", Samples.StoredFlow);
        // A wait that ran out: still 200, the run going, unfinished items {itemIndex, status: running / 1} (docs/server-api.md §8.1).
        Server.Json("POST", "/runs", Created("running", $"[{Running(0)}]"));
        Server.Json("GET", RunPath, Samples.RunDetails("completed"));
        Server.Json("GET", $"{RunPath}/items", Samples.SuccessItems);
        using var client = Server.Client();

        var result = await client.RunAsync(FlowSource.FromJson(Flow), new { name = "Ada" }, cancellationToken: Server.Timeout);

        Assert.True(result.IsSuccess);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("Ada", result.Output!.GetValue<string>());
        Assert.Equal(4, Server.Requests.Count);
        Assert.Equal("true", Server.RequestsTo("GET", RunPath).Single().Query!["wait"].Single());
    }

    [Fact]
    public async Task RunBatchAsync_reads_one_result_per_item_from_the_create_answer()
    {
        // With wait, the create answer carries every item's result (docs/server-api.md §8.1); nothing more is asked.
        // 0.13 writes numbers inside outputs as floats (§4.3): 9.0 reads as 9.
        Server.Json("POST", "/runs", Created("failed", $"[{Succeeded(0, OnWire("""{"score":9}""", """{"score":9.0}"""))},{FailedWith(1, "upstream refused")}]"));
        using var client = Server.Client();

        var result = await client.RunBatchAsync(FlowSource.Stored(Samples.FlowId), [new { name = "Ada" }, new { name = "Bob" }],
            cancellationToken: Server.Timeout);

        Assert.True(result.IsFinished);
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(2, result.Items.Count);
        Assert.Equal((0, ResultOutcome.Succeeded), (result.Items[0].ItemIndex, result.Items[0].Outcome));
        AssertJsonEqual("""{"score":9}""", result.Items[0].Output);
        Assert.Equal("9", result.Items[0].Output!["score"]!.ToJsonString());
        Assert.Equal((1, ResultOutcome.Failed), (result.Items[1].ItemIndex, result.Items[1].Outcome));
        Assert.Equal(TaskErrorCode.ComponentFailed, result.Items[1].Error!.Code);
        Assert.Equal("upstream refused", result.Items[1].Error!.Message);
        var create = FakeServer.BodyOf(Assert.Single(Server.Requests))!;
        Assert.Equal("""[{"name":"Ada"},{"name":"Bob"}]""", create["input"]!.ToJsonString());
        Assert.True(create["wait"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RunBatchAsync_whose_wait_ran_out_with_items_pending_long_polls_and_reads_every_item()
    {
        // Item 0 finished in time, item 1 is pending ({itemIndex, status: running / 1}, docs/server-api.md §8.1).
        Server.Json("POST", "/runs", Created("running", $"[{Succeeded(0, "\"Ada\"")},{Running(1)}]"));
        Server.Json("GET", RunPath, Samples.RunDetails("completed"));
        Server.Json("GET", $"{RunPath}/items", Items(Succeeded(0, "\"Ada\""), Succeeded(1, "\"Bob\"")));
        using var client = Server.Client();

        var result = await client.RunBatchAsync(FlowSource.Stored(Samples.FlowId), [new { name = "Ada" }, new { name = "Bob" }],
            cancellationToken: Server.Timeout);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(["Ada", "Bob"], result.Items.Select(i => i.Output!.GetValue<string>()));
        Assert.All(result.Items, i => Assert.Equal(ResultOutcome.Succeeded, i.Outcome));
        Assert.Equal(["/api/v1/runs", $"/api/v1{RunPath}", $"/api/v1{RunPath}/items"], Server.Requests.Select(r => r.Path));
        Assert.Equal("true", Server.RequestsTo("GET", RunPath).Single().Query!["wait"].Single());
    }

    [Fact]
    public async Task A_failed_run_is_a_result_not_an_exception()
    {
        Server.Json("POST", "/runs", Created("failed", $"[{FailedWith(0, "boom")}]"));
        using var client = Server.Client();

        var result = await client.RunAsync(FlowSource.Stored(Samples.FlowId), new { name = "Ada" }, cancellationToken: Server.Timeout);

        Assert.True(result.IsFinished);
        Assert.True(result.IsFailure);
        Assert.Equal(TaskErrorCode.ComponentFailed, result.Error!.Code);
        Assert.Equal("boom", result.Error.Message);
        Assert.Null(result.Output);
        var error = Assert.Throws<InvalidOperationException>(() => result.GetOutput<string>());
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.RequestsTo("POST", "/flows"));
    }

    [Fact]
    public async Task A_flow_with_fatal_problems_is_reported_with_its_diagnostics_and_no_run_is_created()
    {
        Server.Json("POST", "/flows", Samples.RejectedFlow);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidFlowException>(
            () => client.RunAsync(FlowSource.FromJson(Flow), new { name = "Ada" }, cancellationToken: Server.Timeout));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticLevel.Fatal, diagnostic.Level);
        Assert.Equal("$.steps[0].input.msg", diagnostic.Path);
        Assert.Contains("references itself", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.RequestsTo("POST", "/runs"));
    }

    [Fact]
    public async Task RunAsync_gives_up_with_a_run_timeout_when_the_run_outlasts_the_caller_timeout()
    {
        Server.Json("POST", "/runs", Created("running", $"[{Running(0)}]"));
        Server.Json("GET", RunPath, Samples.RunDetails("running"));
        using var client = Server.Client(o => o.LongPollWindow = TimeSpan.FromSeconds(1));
        var options = new RunOptions { Timeout = TimeSpan.FromSeconds(1.5) };

        var error = await Assert.ThrowsAsync<StepflowRunTimeoutException>(
            () => client.RunAsync(FlowSource.Stored(Samples.FlowId), 1, options, Server.Timeout));

        Assert.Equal(Samples.RunId, error.RunId);
        Assert.Equal(RunStatus.Running, error.LastStatus);
        Assert.Single(Server.RequestsTo("POST", "/runs"));
    }

    [Fact]
    public async Task A_30_second_run_costs_one_request_the_create_answer_held_by_the_server()
    {
        // The server holds the create answer until the run ends or timeoutSecs passes (docs/server-api.md §8.1). The fake
        // holds it 2.5 s, past the request timeout (1 s); the window asked for (the 60 s default) covers a 30 s run.
        Server.Script("POST", "/runs", WireMock.ResponseBuilders.Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json").WithBody(Created("completed", $"[{Succeeded(0, "\"Ada\"")}]"))
            .WithDelay(TimeSpan.FromSeconds(2.5)));
        using var client = Server.Client(o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var result = await client.RunAsync(FlowSource.Stored(Samples.FlowId), new { name = "Ada" }, cancellationToken: Server.Timeout);

        Assert.True(result.IsSuccess);
        Assert.Equal("Ada", result.GetOutput<string>());
        Assert.Equal(1, Server.Arrivals);
        var create = FakeServer.BodyOf(Assert.Single(Server.Requests))!;
        Assert.True(create["wait"]!.GetValue<bool>());
        Assert.InRange(create["timeoutSecs"]!.GetValue<long>(), 30, long.MaxValue);
    }

    [Fact]
    public async Task SubmitAsync_returns_the_run_id_without_waiting()
    {
        // 0.11 answers 202 with a flat summary, 0.13 200 with {summary, results: []} (docs/server-api.md §8.1).
        Server.Json("POST", "/runs", Samples.CreatedRun("running"), status: OnWire(202, 200));
        using var client = Server.Client();
        var options = new RunOptions { MaxConcurrency = 3 };
        options.Variables["api_key"] = "secret";

        var runId = await client.SubmitAsync(FlowSource.Stored(Samples.FlowId), new[] { 1, 2, 3 }, options, Server.Timeout);

        Assert.Equal(Samples.RunId, runId);
        var body = FakeServer.BodyOf(Server.Requests.Single())!;
        Assert.False(body["wait"]!.GetValue<bool>());
        Assert.Equal("[[1,2,3]]", body["input"]!.ToJsonString());
        Assert.Equal(3, body["maxConcurrency"]!.GetValue<long>());
        Assert.Equal("secret", body["variables"]!["api_key"]!.GetValue<string>());
        if (!Is011)
        {
            // Never a null on 0.13, which refuses it for several keys (docs/server-api.md §4.5).
            AssertJsonEqual(WithoutNullMembers(body), body);
            Assert.False(body.AsObject().ContainsKey("timeoutSecs"));
        }
    }

    [Fact]
    public async Task GetResultAsync_reports_an_unfinished_run_as_not_finished()
    {
        Server.Json("GET", RunPath, Samples.RunDetails("running"));
        Server.Json("GET", $"{RunPath}/items", Items(Running(0)));
        using var client = Server.Client();

        var result = await client.GetResultAsync(Samples.RunId, Server.Timeout);

        Assert.False(result.IsFinished);
        Assert.False(result.IsSuccess);
        Assert.False(result.IsFailure);
        Assert.Equal(ResultOutcome.Pending, Assert.Single(result.Items).Outcome);
        Assert.Equal(ResultOutcome.Pending, result.First!.Outcome);
        Assert.Null(result.Output);
        Assert.Null(result.Error);
        Assert.Equal(RunStatus.Running, result.Status);
    }

    [Fact]
    public async Task GetResultAsync_reports_a_cancelled_run_as_finished_without_an_outcome()
    {
        // An item with no recorded result reads running / 1, even in a cancelled run (docs/server-api.md §8.4).
        Server.Json("GET", RunPath, Samples.RunDetails("cancelled"));
        Server.Json("GET", $"{RunPath}/items", Items(Running(0)));
        using var client = Server.Client();

        var result = await client.GetResultAsync(Samples.RunId, Server.Timeout);

        Assert.True(result.IsFinished);
        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Equal(ResultOutcome.Pending, Assert.Single(result.Items).Outcome);
        Assert.False(result.IsSuccess);
        Assert.False(result.IsFailure);
        Assert.Null(result.Output);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task ValidateAsync_is_a_dry_run_and_returns_the_diagnostics()
    {
        Server.Json("POST", "/flows", Samples.RejectedFlow);
        using var client = Server.Client();

        var validation = await client.ValidateAsync(FlowSource.FromJson(Flow), Server.Timeout);

        Assert.False(validation.IsValid);
        Assert.Equal(1, validation.FatalCount);
        Assert.Equal("selfReference", validation.Diagnostics.Single().Kind);
        var body = FakeServer.BodyOf(Server.Requests.Single())!;
        Assert.True(body["dryRun"]!.GetValue<bool>());
        Assert.Equal(JsonNode.Parse(Flow)!.ToJsonString(), body["flow"]!.ToJsonString());
    }

    [Fact]
    public async Task ListComponentsAsync_asks_for_schemas_and_returns_the_components()
    {
        // 0.11 entries carry `component` and snake_case schemas, 0.13 `componentId`/`path`/`plugin` (docs/server-api.md §6).
        Server.Json("GET", "/components", OnWire(
            """
            {"components":[{"component":"/builtin/eval","description":"Evaluate","input_schema":{"type":"object"},"output_schema":{}}],"complete":true}
            """,
            """
            {"components":[{"componentId":"/builtin/eval","description":"Evaluate","inputSchema":{"type":"object"},"outputSchema":{},
            "path":"/builtin/eval","plugin":"builtin"}],"complete":true,"failedPlugins":[]}
            """));
        using var client = Server.Client();
        IStepflowExecutor executor = client;

        var components = await executor.ListComponentsAsync(Server.Timeout);

        var component = Assert.Single(components);
        Assert.Equal("/builtin/eval", component.Path);
        Assert.Equal("Evaluate", component.Description);
        Assert.True(components.IsComplete);
        Assert.Equal("""{"type":"object"}""", component.InputSchema!.ToJsonString());
        // 0.13 takes the inverse flag (docs/server-api.md §6).
        AssertQuery(Server.Requests.Single(), OnWire(("includeSchemas", "true"), ("excludeSchemas", "false")));
        Assert.Equal(Server.Url.AbsoluteUri, executor.BaseAddress.AbsoluteUri);
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class ExecutorTestsOn011() : ExecutorTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API, with the behaviour only that API has.</summary>
public sealed class ExecutorTestsOn013() : ExecutorTests(StepflowApiGeneration.V012)
{
    [Fact]
    public async Task RunAsync_returns_a_run_cancelled_during_the_wait_at_once_although_its_status_may_flip_back_on_013()
    {
        // 0.13 releases waiters on a cancel with status 4 and the item unfinished (docs/server-api.md §8.1, §8.8); the status
        // may later turn to 2, but the result is what the server said then, and the client does not wait for more.
        Server.Json("POST", "/runs", Created("cancelled", $"[{Running(0)}]"));
        using var client = Server.Client();

        var result = await client.RunAsync(FlowSource.Stored(Samples.FlowId), new { name = "Ada" }, cancellationToken: Server.Timeout);

        Assert.True(result.IsFinished);
        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Equal(ResultOutcome.Pending, Assert.Single(result.Items).Outcome);
        Assert.Single(Server.Requests);
    }
}
