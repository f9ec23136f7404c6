using System.Text;
using System.Text.Json.Nodes;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Clients;

/// <summary>The ten <c>/runs</c> operations (docs/server-api.md §8 and §10).</summary>
public sealed class RunClientTests : IDisposable
{
    private static readonly string RunPath = "/api/v1/runs/" + ContractSamples.RunIdText;

    private readonly MockStepflowServer _mock = new();

    public void Dispose() => _mock.Dispose();

    [Fact]
    public async Task ListRuns_SendsEveryFilter_AndParsesE10()
    {
        _mock.RespondJson("GET", "/api/v1/runs", ContractSamples.E10ListRuns);

        var response = await _mock.RunClient().ListRunsAsync(
            status: ExecutionStatus.RecoveryFailed,
            flowName: "greet flow",
            rootRunId: ContractSamples.RunId,
            parentRunId: ContractSamples.RunId,
            rootsOnly: true,
            maxDepth: 2,
            limit: 20,
            offset: 0,
            cancellationToken: _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/runs", request.Path);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["status"] = "recoveryFailed",
                ["flowName"] = "greet flow",
                ["rootRunId"] = ContractSamples.RunIdText,
                ["parentRunId"] = ContractSamples.RunIdText,
                ["rootsOnly"] = "true",
                ["maxDepth"] = "2",
                ["limit"] = "20",
                ["offset"] = "0",
            },
            MockStepflowServer.QueryOf(request));
        Assert.Equal(2, response.Runs.Count);
        Assert.Equal(ContractSamples.SubRunId, response.Runs[0].RunId);
        Assert.Equal(ExecutionStatus.RecoveryFailed, response.Runs[0].Status);
        Assert.Equal(ContractSamples.RunId, response.Runs[0].ParentRunId);
        Assert.Null(response.Runs[0].FlowName);
        Assert.Equal(ContractSamples.RunId, response.Runs[1].RunId);
        Assert.Equal("greet", response.Runs[1].FlowName);
        Assert.Null(response.Runs[1].CompletedAt);
    }

    [Fact]
    public async Task ListRuns_SendsAStatusThisSdkDoesNotKnow_AsItsWireText()
    {
        _mock.RespondJson("GET", "/api/v1/runs", """{"runs":[]}""");

        await _mock.RunClient().ListRunsAsync(status: new ExecutionStatus("archived"), cancellationToken: _mock.Timeout);
        await _mock.RunClient().ListRunsAsync(status: "recoveryFailed", cancellationToken: _mock.Timeout);

        var requests = _mock.Server.LogEntries.Select(e => e.RequestMessage).ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal(new Dictionary<string, string> { ["status"] = "archived" }, MockStepflowServer.QueryOf(requests[0]));
        Assert.Equal(new Dictionary<string, string> { ["status"] = "recoveryFailed" }, MockStepflowServer.QueryOf(requests[1]));
    }

    [Fact]
    public async Task ListRuns_WithoutFilters_SendsNoQuery()
    {
        _mock.RespondJson("GET", "/api/v1/runs", """{"runs":[]}""");

        var response = await _mock.RunClient().ListRunsAsync(cancellationToken: _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("/api/v1/runs", request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.Empty(response.Runs);
    }

    [Fact]
    public async Task CreateRun_Accepted202_PostsBody_AndParsesE7()
    {
        _mock.RespondJson("POST", "/api/v1/runs", ContractSamples.E7CreateRunAccepted, status: 202);
        var body = new CreateRunRequest { FlowId = ContractSamples.FlowId, Input = [JsonNode.Parse("""{"name":"Ada"}""")] };

        var run = await _mock.RunClient().CreateRunAsync(body, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/runs", request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.StartsWith("application/json", Assert.Single(MockStepflowServer.HeaderOf(request, "Content-Type")), StringComparison.Ordinal);
        // `wait` defaults to false in the model, which is also the server's default.
        JsonAssert.EqualIgnoringNullMembers(
            ContractSamples.Fill("""{"flowId":"<F>","input":[{"name":"Ada"}],"wait":false}"""),
            MockStepflowServer.JsonBodyOf(request));
        Assert.Equal(ContractSamples.RunId, run.RunId);
        Assert.Equal(ContractSamples.FlowId, run.FlowId);
        Assert.Equal("greet", run.FlowName);
        Assert.Equal(ExecutionStatus.Running, run.Status);
        Assert.Equal(1, run.Items!.Running);
        Assert.Equal(ContractSamples.CreatedAt, run.CreatedAt);
        Assert.Null(run.CompletedAt);
        Assert.Null(run.Results);
    }

    [Fact]
    public async Task CreateRun_Completed200_PostsWaitBody_AndParsesE8Results()
    {
        _mock.RespondJson("POST", "/api/v1/runs", ContractSamples.E8CreateRunCompleted, status: 200);
        var body = new CreateRunRequest
        {
            FlowId = ContractSamples.FlowId,
            Input = [JsonNode.Parse("""{"name":"Ada"}"""), JsonNode.Parse("""{"name":"Bob"}""")],
            Wait = true,
            TimeoutSecs = 60,
            MaxConcurrency = 2,
            Variables = new Dictionary<string, JsonNode?> { ["api_key"] = JsonValue.Create("sk-test") },
            Overrides = new WorkflowOverrides
            {
                Steps = { ["hello"] = new StepOverride { Type = OverrideType.MergePatch, Value = JsonNode.Parse("""{"input":{"msg":"hi"}}""") } },
            },
        };

        var run = await _mock.RunClient().CreateRunAsync(body, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/runs", request.Path);
        JsonAssert.EqualIgnoringNullMembers(ContractSamples.E8CreateRunRequest, MockStepflowServer.JsonBodyOf(request));
        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal(ContractSamples.CompletedAt, run.CompletedAt);
        Assert.Equal(2, run.Results!.Count);
        Assert.Equal("Ada", Assert.IsType<FlowResultSuccess>(run.Results[0].Result).Result!.GetValue<string>());
        var failed = Assert.IsType<FlowResultFailed>(run.Results[1].Result);
        Assert.Equal(TaskErrorCode.ComponentFailed, failed.Error.Code);
        Assert.Equal("echo failed: boom", failed.Error.Message);
    }

    [Fact]
    public async Task GetRun_WithWait_SendsQuery_AndParsesE9()
    {
        _mock.RespondJson("GET", RunPath, ContractSamples.E9RunDetails);

        var run = await _mock.RunClient().GetRunAsync(ContractSamples.RunId, wait: true, timeoutSecs: 5, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal(RunPath, request.Path);
        Assert.Equal(new Dictionary<string, string> { ["wait"] = "true", ["timeoutSecs"] = "5" }, MockStepflowServer.QueryOf(request));
        Assert.Equal(ContractSamples.RunId, run.RunId);
        Assert.Equal(ExecutionStatus.Completed, run.Status);
        Assert.Equal("stepflow-host-1", run.OrchestratorId);
        Assert.Equal(5, run.FinishedAtSeqno);
        var item = Assert.Single(run.ItemDetails!);
        Assert.Equal("Ada", item.Input!["name"]!.GetValue<string>());
        Assert.Equal(StepStatus.Completed, Assert.Single(item.Steps).Status);
    }

    [Fact]
    public async Task GetRun_WithoutOptions_SendsNoQuery()
    {
        _mock.RespondJson("GET", RunPath, ContractSamples.E9RunDetails);

        var run = await _mock.RunClient().GetRunAsync(ContractSamples.RunId, cancellationToken: _mock.Timeout);

        Assert.Empty(MockStepflowServer.QueryOf(_mock.SingleRequest()));
        Assert.Equal("greet", run.FlowName);
    }

    [Fact]
    public async Task DeleteRun_EmptyBodyWithoutContentType_Succeeds()
    {
        _mock.Respond("DELETE", RunPath, 200, body: null, contentType: null);

        await _mock.RunClient().DeleteRunAsync(ContractSamples.RunId, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("DELETE", request.Method);
        Assert.Equal(RunPath, request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.True(string.IsNullOrEmpty(request.Body));
    }

    [Fact]
    public async Task GetRunItems_GetsItems_AndParsesE11()
    {
        _mock.RespondJson("GET", RunPath + "/items", ContractSamples.E11ListItems);

        var response = await _mock.RunClient().GetRunItemsAsync(ContractSamples.RunId, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal(RunPath + "/items", request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.Equal(2, response.ItemCount);
        Assert.Equal(ExecutionStatus.Completed, response.Items[0].Status);
        Assert.Equal("Ada", Assert.IsType<FlowResultSuccess>(response.Items[0].Result).Result!.GetValue<string>());
        Assert.Equal(ExecutionStatus.Running, response.Items[1].Status);
        Assert.Null(response.Items[1].Result);
    }

    [Fact]
    public async Task GetRunFlow_GetsFlow_AndParsesIt()
    {
        _mock.RespondJson("GET", RunPath + "/flow", ContractSamples.E3FlowResponse);

        var response = await _mock.RunClient().GetRunFlowAsync(ContractSamples.RunId, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal(RunPath + "/flow", request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.Equal(ContractSamples.FlowId, response.FlowId);
        Assert.Equal("greet", response.Flow.Name);
        var step = Assert.Single(response.Flow.Steps!);
        Assert.Equal("/python/echo", step.Component);
        JsonAssert.Equal("""{"$step":"hello","path":"$.msg"}""", response.Flow.Output);
    }

    [Fact]
    public async Task GetRunSteps_WithItemIndex_SendsQuery_AndParsesE12()
    {
        _mock.RespondJson("GET", RunPath + "/steps", ContractSamples.E12ListSteps);

        var response = await _mock.RunClient().GetRunStepsAsync(ContractSamples.RunId, itemIndex: 1, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal(RunPath + "/steps", request.Path);
        Assert.Equal(new Dictionary<string, string> { ["itemIndex"] = "1" }, MockStepflowServer.QueryOf(request));
        Assert.Equal(["hello", "shout"], response.Steps.Keys);
        Assert.Equal(StepStatus.Completed, response.Steps["hello"].Status);
        Assert.Equal("/python/echo", response.Steps["hello"].Component);
        Assert.Equal(StepStatus.Blocked, response.Steps["shout"].Status);
    }

    [Fact]
    public async Task GetStepDetail_WithItemIndexAndAsof_SendsQuery_AndParsesE13()
    {
        _mock.RespondJson("GET", RunPath + "/steps/hello", ContractSamples.E13StepStatusEntry);

        var entry = await _mock.RunClient().GetStepDetailAsync(ContractSamples.RunId, "hello", itemIndex: 0, asof: 3, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal(RunPath + "/steps/hello", request.Path);
        Assert.Equal(new Dictionary<string, string> { ["itemIndex"] = "0", ["asof"] = "3" }, MockStepflowServer.QueryOf(request));
        Assert.Equal("hello", entry.StepId);
        Assert.Equal(StepStatus.Completed, entry.Status);
        Assert.Equal(3, entry.JournalSeqno);
        Assert.Equal("Ada", Assert.IsType<FlowResultSuccess>(entry.Result).Result!.GetValue<string>());
    }

    [Fact]
    public async Task GetRunStatusStream_SendsQueryAndAccept_AndReturnsRawSseText()
    {
        _mock.Respond("GET", RunPath + "/events", 200, ContractSamples.E14EventStream, "text/event-stream", ("Cache-Control", "no-cache"));

        using var file = await _mock.RunClient().GetRunStatusStreamAsync(
            ContractSamples.RunId, since: 0, includeSubRuns: false, eventTypes: "run_created,steps_needed,run_completed", includeResults: true, _mock.Timeout);
        using var reader = new StreamReader(file.Stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(_mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal(RunPath + "/events", request.Path);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["since"] = "0",
                ["includeSubRuns"] = "false",
                ["eventTypes"] = "run_created,steps_needed,run_completed",
                ["includeResults"] = "true",
            },
            MockStepflowServer.QueryOf(request));
        Assert.Contains("text/event-stream", string.Join(',', MockStepflowServer.HeaderOf(request, "Accept")), StringComparison.Ordinal);
        Assert.Equal(200, file.StatusCode);
        Assert.Equal(ContractSamples.E14EventStream, text);
        Assert.StartsWith("id: 0\nevent: run_created\ndata: {\"sequenceNumber\":0,", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelRun_PostsWithoutBody_AndParsesRunSummary()
    {
        _mock.RespondJson("POST", RunPath + "/cancel", ContractSamples.CancelledRunSummary);

        var run = await _mock.RunClient().CancelRunAsync(ContractSamples.RunId, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("POST", request.Method);
        Assert.Equal(RunPath + "/cancel", request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.True(string.IsNullOrEmpty(request.Body));
        Assert.Equal(ContractSamples.RunId, run.RunId);
        Assert.Equal(ExecutionStatus.Cancelled, run.Status);
        Assert.Null(run.FlowName);
        Assert.Null(run.CompletedAt);
        Assert.Equal("stepflow-host-1", run.OrchestratorId);
    }
}
