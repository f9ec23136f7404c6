using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Runs;

public sealed class ExecutorTests : IDisposable
{
    private const string Flow = """{"name":"greet","steps":[{"id":"hello","component":"/python/echo","input":{"msg":{"$input":"name"}}}],"output":{"$step":"hello","path":"msg"}}""";

    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    private static string Created(string status, string results) =>
        Samples.RunSummary(status).TrimEnd().TrimEnd('}') + $",\"results\":{results}}}";

    [Fact]
    public async Task RunAsync_stores_the_flow_and_waits_inside_the_create_request()
    {
        _server.Json("POST", "/flows", Samples.StoredFlow);
        _server.Json("POST", "/runs", Created("completed",
            """[{"itemIndex":0,"status":"completed","result":{"outcome":"success","result":"Ada"}}]"""));
        using var client = _server.Client(o => o.LongPollWindow = TimeSpan.FromSeconds(45));
        IStepflowExecutor executor = client;

        var result = await executor.RunAsync(FlowSource.FromJson(Flow), new { name = "Ada" }, cancellationToken: _server.Timeout);

        Assert.True(result.IsFinished);
        Assert.True(result.IsSuccess);
        Assert.Equal("Ada", result.Output!.GetValue<string>());
        Assert.Equal("Ada", result.GetOutput<string>());
        Assert.Equal(2, _server.Requests.Count);
        var create = FakeServer.BodyOf(_server.RequestsTo("POST", "/runs").Single())!;
        Assert.Equal(Samples.FlowId, create["flowId"]!.GetValue<string>());
        Assert.Equal("""[{"name":"Ada"}]""", create["input"]!.ToJsonString());
        Assert.True(create["wait"]!.GetValue<bool>());
        Assert.Equal(45, create["timeoutSecs"]!.GetValue<long>());
    }

    [Fact]
    public async Task RunAsync_long_polls_when_the_create_request_times_out_and_then_reads_the_items()
    {
        _server.Json("POST", "/flows", Samples.StoredFlow);
        _server.Json("POST", "/runs", Created("running", """[{"itemIndex":0,"status":"running"}]"""));
        _server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("completed"));
        _server.Json("GET", $"/runs/{Samples.RunIdText}/items", Samples.SuccessItems);
        using var client = _server.Client();

        var result = await client.RunAsync(FlowSource.FromJson(Flow), new { name = "Ada" }, cancellationToken: _server.Timeout);

        Assert.True(result.IsSuccess);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("Ada", result.Output!.GetValue<string>());
        Assert.Equal(4, _server.Requests.Count);
        Assert.Equal("true", _server.RequestsTo("GET", $"/runs/{Samples.RunIdText}").Single().Query!["wait"].Single());
    }

    [Fact]
    public async Task A_failed_run_is_a_result_not_an_exception()
    {
        _server.Json("POST", "/runs", Created("failed",
            """[{"itemIndex":0,"status":"failed","result":{"outcome":"failed","error":{"code":"COMPONENT_FAILED","message":"boom"}}}]"""));
        using var client = _server.Client();

        var result = await client.RunAsync(FlowSource.Stored(Samples.FlowId), new { name = "Ada" }, cancellationToken: _server.Timeout);

        Assert.True(result.IsFinished);
        Assert.True(result.IsFailure);
        Assert.Equal(TaskErrorCode.ComponentFailed, result.Error!.Code);
        Assert.Equal("boom", result.Error.Message);
        Assert.Null(result.Output);
        var error = Assert.Throws<InvalidOperationException>(() => result.GetOutput<string>());
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.RequestsTo("POST", "/flows"));
    }

    [Fact]
    public async Task A_flow_with_fatal_problems_is_reported_with_its_diagnostics_and_no_run_is_created()
    {
        _server.Json("POST", "/flows", Samples.RejectedFlow);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidFlowException>(
            () => client.RunAsync(FlowSource.FromJson(Flow), new { name = "Ada" }, cancellationToken: _server.Timeout));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticLevel.Fatal, diagnostic.Level);
        Assert.Equal("$.steps[0].input.msg", diagnostic.Path);
        Assert.Contains("references itself", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.RequestsTo("POST", "/runs"));
    }

    [Fact]
    public async Task RunAsync_gives_up_with_a_run_timeout_when_the_run_outlasts_the_caller_timeout()
    {
        _server.Json("POST", "/runs", Created("running", """[{"itemIndex":0,"status":"running"}]"""));
        _server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("running"));
        using var client = _server.Client(o => o.LongPollWindow = TimeSpan.FromSeconds(1));
        var options = new RunOptions { Timeout = TimeSpan.FromSeconds(1.5) };

        var error = await Assert.ThrowsAsync<StepflowRunTimeoutException>(
            () => client.RunAsync(FlowSource.Stored(Samples.FlowId), 1, options, _server.Timeout));

        Assert.Equal(Samples.RunId, error.RunId);
        Assert.Equal(RunStatus.Running, error.LastStatus);
        Assert.Single(_server.RequestsTo("POST", "/runs"));
    }

    [Fact]
    public async Task SubmitAsync_returns_the_run_id_without_waiting()
    {
        _server.Json("POST", "/runs", Samples.RunSummary("running"), status: 202);
        using var client = _server.Client();
        var options = new RunOptions { MaxConcurrency = 3 };
        options.Variables["api_key"] = "secret";

        var runId = await client.SubmitAsync(FlowSource.Stored(Samples.FlowId), new[] { 1, 2, 3 }, options, _server.Timeout);

        Assert.Equal(Samples.RunId, runId);
        var body = FakeServer.BodyOf(_server.Requests.Single())!;
        Assert.False(body["wait"]!.GetValue<bool>());
        Assert.Equal("[[1,2,3]]", body["input"]!.ToJsonString());
        Assert.Equal(3, body["maxConcurrency"]!.GetValue<long>());
        Assert.Equal("secret", body["variables"]!["api_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetResultAsync_reports_an_unfinished_run_as_not_finished()
    {
        _server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("running"));
        _server.Json("GET", $"/runs/{Samples.RunIdText}/items", """{"itemCount":1,"items":[{"itemIndex":0,"status":"running"}]}""");
        using var client = _server.Client();

        var result = await client.GetResultAsync(Samples.RunId, _server.Timeout);

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
        _server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("cancelled"));
        _server.Json("GET", $"/runs/{Samples.RunIdText}/items", """{"itemCount":1,"items":[{"itemIndex":0,"status":"running"}]}""");
        using var client = _server.Client();

        var result = await client.GetResultAsync(Samples.RunId, _server.Timeout);

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
        _server.Json("POST", "/flows", Samples.RejectedFlow);
        using var client = _server.Client();

        var validation = await client.ValidateAsync(FlowSource.FromJson(Flow), _server.Timeout);

        Assert.False(validation.IsValid);
        Assert.Equal(1, validation.FatalCount);
        Assert.Equal("selfReference", validation.Diagnostics.Single().Kind);
        var body = FakeServer.BodyOf(_server.Requests.Single())!;
        Assert.True(body["dryRun"]!.GetValue<bool>());
        Assert.Equal(JsonNode.Parse(Flow)!.ToJsonString(), body["flow"]!.ToJsonString());
    }

    [Fact]
    public async Task ListComponentsAsync_asks_for_schemas_and_returns_the_components()
    {
        _server.Json("GET", "/components", """
            {"components":[{"component":"/builtin/eval","description":"Evaluate","input_schema":{"type":"object"},"output_schema":{}}],"complete":true}
            """);
        using var client = _server.Client();
        IStepflowExecutor executor = client;

        var components = await executor.ListComponentsAsync(_server.Timeout);

        var component = Assert.Single(components);
        Assert.Equal("/builtin/eval", component.Path);
        Assert.Equal("Evaluate", component.Description);
        Assert.True(components.IsComplete);
        Assert.Equal("""{"type":"object"}""", component.InputSchema!.ToJsonString());
        Assert.Equal("true", _server.Requests.Single().Query!["includeSchemas"].Single());
        Assert.Equal(_server.Url.AbsoluteUri, executor.BaseAddress.AbsoluteUri);
    }
}
