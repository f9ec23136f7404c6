using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Operations;

/// <summary>
/// One test per 0.12/0.13 REST endpoint, each answered exactly as docs/server-api.md shows the 0.12/0.13 wire (integer enums,
/// Struct numbers printed as floats, <c>Z</c> timestamps with up to nine fractional digits, unset optional keys left out), each
/// checking both the request the client sent (path, query, the whole JSON body) and the model it read.
/// </summary>
public sealed class V013WireFormatTests() : GenerationTest(StepflowApiGeneration.V012)
{
    private const string RunIdText = "0196f0a1-7d2c-7e11-8b0a-2f4c6d8e1a3b";
    private const string SubRunIdText = "0196f0a1-7e90-7a42-9c1d-5b3e7f2a8c64";
    private const string FlowId = "a41cb79868a2336db378ac89cb6c7d93272b4bb8e74d1096e8630765cf480ef5";
    private const string JsonBlobId = "e8716dab171a39f4c6e1b40855a84a8c53203f68d07206d0a6761447eaaa1f4a";
    private const string BinaryBlobId = "ead282e1e3a2af1de0eb65344f9c477734e9f4e047199b91df5af264767edd98";
    private const string RunPath = "/runs/" + RunIdText;

    private static readonly Guid RunId = Guid.Parse(RunIdText);
    private static readonly Guid SubRunId = Guid.Parse(SubRunIdText);

    /// <summary>A time of day on 2026-04-10 in UTC plus a number of 100 ns ticks (what a DateTimeOffset keeps of nine digits).</summary>
    private static DateTimeOffset At(int hour, int minute, int second, long ticks = 0) =>
        new DateTimeOffset(2026, 4, 10, hour, minute, second, TimeSpan.Zero).AddTicks(ticks);

    /// <summary>Fills <c>@R@</c>, <c>@S@</c> (sub-run) and <c>@F@</c> into a JSON template.</summary>
    private static string Fill(string json) =>
        json.Replace("@R@", RunIdText, StringComparison.Ordinal).Replace("@S@", SubRunIdText, StringComparison.Ordinal)
            .Replace("@F@", FlowId, StringComparison.Ordinal);

    private static void AssertRequest(WireMock.IRequestMessage request, string method, string path)
    {
        Assert.Equal((method, "/api/v1" + path), (request.Method, request.Path));
    }

    // §5: health.

    [Fact]
    public async Task GET_health_reads_the_build_object()
    {
        Server.Json("GET", "/health", """
            {"status": "healthy", "timestamp": "2026-04-10T08:00:01.25Z",
             "build": {"gitVersion": "stepflow-0.13.0", "dirty": false, "rustcVersion": "rustc 1.94.0 (4a4ef493e 2026-03-02)",
                       "profile": "release", "features": [], "target": "aarch64-apple-darwin"}}
            """);
        using var client = Server.Client();

        var health = await client.HealthCheckAsync(Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", "/health");
        Assert.Empty(QueryOf(request));
        Assert.True(health.IsHealthy);
        Assert.Equal(At(8, 0, 1, 2_500_000), health.Timestamp);
        Assert.Null(health.Version);
        Assert.Equal(StepflowApiGeneration.V012, health.ApiGeneration);
        var build = Assert.IsType<ServerBuild>(health.Build);
        Assert.Equal("stepflow-0.13.0", build.GitVersion);
        Assert.False(build.Dirty);
        Assert.Equal("rustc 1.94.0 (4a4ef493e 2026-03-02)", build.RustcVersion);
        Assert.Equal("release", build.Profile);
        Assert.Empty(build.Features);
        Assert.Equal("aarch64-apple-darwin", build.Target);
    }

    // §6: components.

    [Fact]
    public async Task GET_components_sends_excludeSchemas_and_reads_the_013_entries()
    {
        Server.Json("GET", "/components", """
            {"components": [
               {"componentId": "/eval", "description": "Runs a nested flow", "path": "/eval", "plugin": "builtin"},
               {"componentId": "/summarize", "path": "/summarize", "plugin": "python"}],
             "complete": false,
             "failedPlugins": [{"plugin": "langflow", "error": "worker unreachable"}]}
            """);
        using var client = Server.Client();

        var components = await client.ListComponentsAsync(new ListComponentsOptions { IncludeSchemas = false }, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", "/components");
        AssertQuery(request, ("excludeSchemas", "true"));
        Assert.False(components.IsComplete);
        Assert.Equal(["/eval", "/summarize"], components.Select(c => c.Path));
        Assert.Equal(["builtin", "python"], components.Select(c => c.Plugin));
        Assert.Equal("Runs a nested flow", components[0].Description);
        Assert.Null(components[1].Description);
        Assert.All(components, c => Assert.Null(c.InputSchema));
        var failed = Assert.Single(components.FailedPlugins);
        Assert.Equal(("langflow", "worker unreachable"), (failed.Plugin, failed.Error));
    }

    // §7: flows.

    private const string ScoreFlow = """{"name":"score","steps":[{"id":"rank","component":"/python/rank","input":{"query":{"$input":"$.q"}}}],"output":{"$step":"rank"}}""";

    [Fact]
    public async Task POST_flows_sends_flow_and_dryRun_and_reads_the_diagnostics()
    {
        Server.Json("POST", "/flows", Fill("""
            {"flowId": "@F@", "stored": true,
             "diagnostics": {"diagnostics": [{"kind": "missingFlowDescription", "code": 1002, "level": 3,
                                              "formatted": "Flow has no description", "path": "$.description",
                                              "experimental": false}],
                             "numFatal": 0, "numError": 0, "numWarning": 1}}
            """));
        using var client = Server.Client();

        var stored = await client.StoreFlowAsync(FlowSource.FromJson(ScoreFlow), Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "POST", "/flows");
        Assert.Empty(QueryOf(request));
        Assert.StartsWith("application/json", HeaderOf(request, "Content-Type"), StringComparison.Ordinal);
        AssertJsonEqual($$"""{"flow":{{ScoreFlow}},"dryRun":false}""", JsonObjectOf(request));
        Assert.Equal(FlowId, stored.FlowId);
        Assert.True(stored.Stored);
        var diagnostic = Assert.Single(stored.Diagnostics);
        Assert.Equal(("missingFlowDescription", 1002, DiagnosticLevel.Warning), (diagnostic.Kind, diagnostic.Code, diagnostic.Level));
        Assert.Equal("Flow has no description", diagnostic.Message);
        Assert.Equal("$.description", diagnostic.Path);
        Assert.False(diagnostic.Experimental);
        Assert.Null(diagnostic.Data);
        Assert.Equal((0, 0, 1), (stored.FatalCount, stored.ErrorCount, stored.WarningCount));
    }

    [Fact]
    public async Task GET_flows_reads_the_Struct_rendered_flow_with_integers_restored_and_allExamples()
    {
        // Through a Struct: keys in another order, every number a double (docs/server-api.md §4.3, §7.4).
        Server.Json("GET", "/flows/" + FlowId, Fill("""
            {"flow": {"steps": [{"input": {"top": 3.0, "query": {"$input": "$.q"}}, "id": "rank", "component": "/python/rank"}],
                      "name": "score", "metadata": {"weight": 0.5}},
             "flowId": "@F@",
             "allExamples": [{"name": "basic", "input": {"q": "x", "k": 2.0}}]}
            """));
        using var client = Server.Client();

        var flow = await client.GetFlowAsync(FlowId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", "/flows/" + FlowId);
        Assert.Empty(QueryOf(request));
        Assert.Equal("application/json", HeaderOf(request, "Accept"));
        Assert.Equal(FlowId, flow.FlowId);
        Assert.Equal("score", flow.Name);
        AssertJsonEqual("""
            {"steps":[{"input":{"top":3,"query":{"$input":"$.q"}},"id":"rank","component":"/python/rank"}],"name":"score","metadata":{"weight":0.5}}
            """, flow.Document);
        Assert.Equal("3", flow.Document["steps"]![0]!["input"]!["top"]!.ToJsonString());
        Assert.Equal("0.5", flow.Document["metadata"]!["weight"]!.ToJsonString());
        var example = Assert.Single(flow.Examples);
        Assert.Equal("basic", example.Name);
        Assert.Null(example.Description);
        Assert.Equal("""{"q":"x","k":2}""", example.Input!.ToJsonString());
    }

    [Fact]
    public async Task DELETE_flows_reads_the_empty_object()
    {
        Server.Json("DELETE", "/flows/" + FlowId, "{}");
        using var client = Server.Client();

        await client.DeleteFlowAsync(FlowId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "DELETE", "/flows/" + FlowId);
        Assert.Empty(QueryOf(request));
        Assert.True(string.IsNullOrEmpty(request.Body));
    }

    [Fact]
    public async Task GET_flow_variables_reads_entries_without_description_or_schema()
    {
        Server.Json("GET", $"/flows/{FlowId}/variables", Fill("""
            {"flowId": "@F@", "variables": {"api_key": {"required": true, "envVar": "SEARCH_API_KEY"},
                                            "top_k": {"defaultValue": 5.0, "required": false}}}
            """));
        using var client = Server.Client();

        var variables = await client.GetFlowVariablesAsync(FlowId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", $"/flows/{FlowId}/variables");
        Assert.Empty(QueryOf(request));
        Assert.Equal(["api_key", "top_k"], variables.Select(v => v.Name).Order(StringComparer.Ordinal));
        var apiKey = variables.Single(v => v.Name == "api_key");
        Assert.True(apiKey.IsRequired);
        Assert.Equal("SEARCH_API_KEY", apiKey.EnvironmentVariable);
        Assert.Null(apiKey.DefaultValue);
        Assert.Null(apiKey.Description);
        Assert.Null(apiKey.Schema);
        Assert.False(apiKey.IsSecret);
        var topK = variables.Single(v => v.Name == "top_k");
        Assert.False(topK.IsRequired);
        Assert.Null(topK.EnvironmentVariable);
        Assert.Null(topK.Description);
        Assert.Equal(5, topK.DefaultValue!.GetValue<int>());
        Assert.Equal("5", topK.DefaultValue.ToJsonString());
    }

    // §8: runs.

    /// <summary>A run summary as POST /runs returns it: no orchestratorId, no finishedAtSeqno, no completedAt while running.</summary>
    private const string RunningSummary = """
        {"runId": "@R@", "flowId": "@F@", "flowName": "score",
         "status": 1, "items": {"total": 1, "completed": 0, "running": 1, "failed": 0, "cancelled": 0},
         "createdAt": "2026-04-10T08:00:02.512345600Z", "rootRunId": "@R@", "createdAtSeqno": 0}
        """;

    [Fact]
    public async Task POST_runs_without_wait_sends_no_null_and_no_absent_option_and_reads_the_summary()
    {
        Server.Json("POST", "/runs", Fill($$"""{"summary": {{RunningSummary}}, "results": []}"""));
        using var client = Server.Client();

        var run = await client.CreateRunAsync(FlowId, new { q = "x" }, cancellationToken: Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "POST", "/runs");
        Assert.Empty(QueryOf(request));
        Assert.StartsWith("application/json", HeaderOf(request, "Content-Type"), StringComparison.Ordinal);
        // Exactly this: no variables, overrides, maxConcurrency or timeoutSecs key, and no null (docs/server-api.md §4.5).
        AssertJsonEqual($$"""{"flowId":"{{FlowId}}","input":[{"q":"x"}],"wait":false}""", JsonObjectOf(request));

        Assert.Equal(RunId, run.RunId);
        Assert.Equal(FlowId, run.FlowId);
        Assert.Equal("score", run.FlowName);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(new RunItemCounts(1, 0, 1, 0, 0), run.ItemCounts);
        // Nine digits, kept to the 100 ns a DateTimeOffset holds (docs/server-api.md §2.6).
        Assert.Equal(At(8, 0, 2, 5_123_456), run.CreatedAt);
        Assert.Null(run.CompletedAt);
        Assert.Equal(RunId, run.RootRunId);
        Assert.Null(run.ParentRunId);
        Assert.Null(run.OrchestratorId);
        Assert.Equal(0, run.CreatedAtSequence);
        Assert.Null(run.FinishedAtSequence);
    }

    [Fact]
    public async Task POST_runs_with_options_sends_each_once_with_numbers_as_numbers()
    {
        Server.Json("POST", "/runs", Fill($$"""{"summary": {{RunningSummary}}, "results": []}"""));
        using var client = Server.Client();
        var options = new RunOptions { MaxConcurrency = 2 };
        options.Variables["top_k"] = 5;
        options.StepOverrides["rank"] = JsonNode.Parse("""{"input":{"top":3}}""");

        await client.CreateRunAsync(FlowId, new { q = "x" }, options, Server.Timeout);

        AssertJsonEqual(Fill("""
            {"flowId":"@F@","input":[{"q":"x"}],"variables":{"top_k":5},
            "overrides":{"steps":{"rank":{"$type":"merge_patch","value":{"input":{"top":3}}}}},"maxConcurrency":2,"wait":false}
            """), JsonObjectOf(Assert.Single(Server.Requests)));
    }

    [Fact]
    public async Task POST_runs_with_wait_sends_wait_and_a_numeric_timeoutSecs_and_reads_summary_and_results()
    {
        Server.Json("POST", "/runs", Fill("""
            {"summary": {"runId": "@R@", "flowId": "@F@", "flowName": "score",
                         "status": 3, "items": {"total": 2, "completed": 1, "running": 0, "failed": 1, "cancelled": 0},
                         "createdAt": "2026-04-10T08:00:02.5Z", "completedAt": "2026-04-10T08:00:03.75Z",
                         "rootRunId": "@R@", "createdAtSeqno": 0},
             "results": [{"itemIndex": 0, "status": 2, "output": {"score": 9.0}, "completedAt": "2026-04-10T08:00:03.5Z"},
                         {"itemIndex": 1, "status": 3, "errorMessage": "upstream refused", "errorCode": 3,
                          "completedAt": "2026-04-10T08:00:03.75Z"}]}
            """));
        using var client = Server.Client();

        var result = await client.RunBatchAsync(FlowSource.Stored(FlowId), [new { q = "a" }, new { q = "b" }],
            new RunOptions { Timeout = TimeSpan.FromSeconds(7) }, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "POST", "/runs");
        var body = JsonObjectOf(request);
        AssertJsonEqual($$"""{"flowId":"{{FlowId}}","input":[{"q":"a"},{"q":"b"}],"wait":true,"timeoutSecs":7}""", body);
        // A string here would be a 422 (docs/server-api.md §4.2).
        Assert.Equal(JsonValueKind.Number, body["timeoutSecs"]!.GetValueKind());

        Assert.Equal(RunId, result.RunId);
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(2, result.Items.Count);
        var scored = result.Items[0];
        Assert.Equal((0, RunStatus.Completed, ResultOutcome.Succeeded), (scored.ItemIndex, scored.Status, scored.Outcome));
        Assert.Equal("""{"score":9}""", scored.Output!.ToJsonString());
        Assert.Equal(At(8, 0, 3, 5_000_000), scored.CompletedAt);
        var refused = result.Items[1];
        Assert.Equal((1, RunStatus.Failed, ResultOutcome.Failed), (refused.ItemIndex, refused.Status, refused.Outcome));
        Assert.Equal(TaskErrorCode.ComponentFailed, refused.Error!.Code);
        Assert.Equal("upstream refused", refused.Error.Message);
        Assert.Null(refused.Output);
        Assert.Equal(At(8, 0, 3, 7_500_000), refused.CompletedAt);
    }

    /// <summary>The step rows of the two-item run, in the store's arbitrary order, without startedAt or completedAt (never sent, docs/server-api.md §8.5).</summary>
    private const string StepRows = """
        [{"stepId": "rank", "stepIndex": 0, "itemIndex": 1, "status": 3, "component": "/python/rank",
          "errorMessage": "upstream refused", "errorCode": 3, "journalSeqno": 6, "updatedAt": "2026-04-10T08:00:03.750000100Z"},
         {"stepId": "rank", "stepIndex": 0, "itemIndex": 0, "status": 2, "component": "/python/rank",
          "output": {"score": 9.0}, "journalSeqno": 5, "updatedAt": "2026-04-10T08:00:03.5Z"}]
        """;

    [Fact]
    public async Task GET_run_reads_the_nested_summary_and_the_step_rows()
    {
        Server.Json("GET", RunPath, Fill($$"""
            {"summary": {"runId": "@R@", "flowId": "@F@", "flowName": "score",
                         "status": 3, "items": {"total": 2, "completed": 1, "running": 0, "failed": 1, "cancelled": 0},
                         "createdAt": "2026-04-10T08:00:02.5Z", "completedAt": "2026-04-10T08:00:03.750000100Z",
                         "rootRunId": "@R@", "orchestratorId": "stepflow-host-1", "createdAtSeqno": 0, "finishedAtSeqno": 7},
             "steps": {{StepRows}}}
            """));
        using var client = Server.Client();

        var run = await client.GetRunAsync(RunId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", RunPath);
        Assert.Empty(QueryOf(request));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(new RunItemCounts(2, 1, 0, 1, 0), run.ItemCounts);
        Assert.Equal(At(8, 0, 3, 7_500_001), run.CompletedAt);
        Assert.Equal("stepflow-host-1", run.OrchestratorId);
        Assert.Equal(7, run.FinishedAtSequence);
        Assert.Null(run.Items);
        Assert.Equal(2, run.Steps.Count);
        AssertStepRows(run.Steps);
    }

    private static void AssertStepRows(IReadOnlyList<StepRun> steps)
    {
        var failed = steps.Single(s => s.ItemIndex == 1);
        Assert.Equal(("rank", 0, "/python/rank"), (failed.StepId, failed.StepIndex, failed.Component));
        Assert.Equal(StepStatus.Failed, failed.Status);
        Assert.Equal(ResultOutcome.Failed, failed.Outcome);
        Assert.Equal(TaskErrorCode.ComponentFailed, failed.Error!.Code);
        Assert.Equal("upstream refused", failed.Error.Message);
        Assert.Equal(6, failed.JournalSequence);
        Assert.Equal(At(8, 0, 3, 7_500_001), failed.UpdatedAt);
        var scored = steps.Single(s => s.ItemIndex == 0);
        Assert.Equal(StepStatus.Completed, scored.Status);
        Assert.Equal(ResultOutcome.Succeeded, scored.Outcome);
        Assert.Equal("""{"score":9}""", scored.Output!.ToJsonString());
        Assert.Null(scored.Error);
        Assert.Equal(5, scored.JournalSequence);
        Assert.Equal(At(8, 0, 3, 5_000_000), scored.UpdatedAt);
    }

    [Fact]
    public async Task GET_run_with_wait_long_polls_and_reads_a_run_still_going()
    {
        // A timed-out wait is a 200 with the current status (docs/server-api.md §8.3); 0 is a step waiting to run.
        Server.Json("GET", RunPath, Fill("""
            {"summary": {"runId": "@R@", "flowId": "@F@", "flowName": "score",
                         "status": 1, "items": {"total": 1, "completed": 0, "running": 1, "failed": 0, "cancelled": 0},
                         "createdAt": "2026-04-10T08:00:02.5Z", "rootRunId": "@R@", "orchestratorId": "stepflow-host-1",
                         "createdAtSeqno": 0},
             "steps": [{"stepId": "fetch", "stepIndex": 0, "itemIndex": 0, "status": 1, "component": "/python/fetch", "journalSeqno": 2,
                        "updatedAt": "2026-04-10T08:00:02.6Z"},
                       {"stepId": "rank", "stepIndex": 1, "itemIndex": 0, "status": 0, "component": "/python/rank", "journalSeqno": 2,
                        "updatedAt": "2026-04-10T08:00:02.6Z"}]}
            """));
        using var client = Server.Client();

        var run = await client.LongPollRunAsync(RunId, TimeSpan.FromSeconds(5), Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", RunPath);
        AssertQuery(request, ("wait", "true"), ("timeoutSecs", "5"));
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.False(run.IsFinished);
        Assert.Null(run.CompletedAt);
        Assert.Null(run.FinishedAtSequence);
        Assert.Equal([StepStatus.Running, StepStatus.Runnable], run.Steps.Select(s => s.Status));
        Assert.All(run.Steps, s => Assert.Equal(ResultOutcome.Pending, s.Outcome));
    }

    [Fact]
    public async Task GET_run_items_reads_results_by_index_with_an_unfinished_item()
    {
        Server.Json("GET", RunPath + "/items", """
            {"results": [{"itemIndex": 0, "status": 2, "output": {"score": 9.0}, "completedAt": "2026-04-10T08:00:03.5Z"},
                         {"itemIndex": 1, "status": 3, "errorMessage": "upstream refused", "errorCode": 3,
                          "completedAt": "2026-04-10T08:00:03.75Z"},
                         {"itemIndex": 2, "status": 1}]}
            """);
        using var client = Server.Client();

        var items = await client.GetRunItemsAsync(RunId, Server.Timeout);

        // Not empty, so nothing to confirm; no resultOrder either: by index is the default (docs/server-api.md §8.4).
        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", RunPath + "/items");
        Assert.Empty(QueryOf(request));
        Assert.Equal([0, 1, 2], items.Select(i => i.ItemIndex));
        Assert.Equal([RunStatus.Completed, RunStatus.Failed, RunStatus.Running], items.Select(i => i.Status));
        Assert.Equal([ResultOutcome.Succeeded, ResultOutcome.Failed, ResultOutcome.Pending], items.Select(i => i.Outcome));
        Assert.Equal(9, items[0].Output!["score"]!.GetValue<int>());
        Assert.Equal("upstream refused", items[1].Error!.Message);
        Assert.Null(items[2].Output);
        Assert.Null(items[2].Error);
        Assert.Null(items[2].CompletedAt);
    }

    [Fact]
    public async Task GET_run_steps_sends_itemIndex_and_reads_the_rows()
    {
        Server.Json("GET", RunPath + "/steps", $$"""{"steps": {{StepRows}}}""");
        using var client = Server.Client();

        var steps = await client.GetRunStepsAsync(RunId, itemIndex: 1, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", RunPath + "/steps");
        AssertQuery(request, ("itemIndex", "1"));
        Assert.Equal(2, steps.Count);
        AssertStepRows(steps);
    }

    [Fact]
    public async Task GET_step_detail_sends_itemIndex_and_asof_and_reads_the_step()
    {
        Server.Json("GET", RunPath + "/steps/rank", """
            {"step": {"stepId": "rank", "stepIndex": 0, "itemIndex": 0, "status": 2, "component": "/python/rank",
                      "output": {"score": 9.0, "why": "close match"}, "journalSeqno": 5, "updatedAt": "2026-04-10T08:00:03.5Z"}}
            """);
        using var client = Server.Client();

        var step = await client.GetStepDetailAsync(RunId, "rank", itemIndex: 0, asOf: 5, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", RunPath + "/steps/rank");
        AssertQuery(request, ("itemIndex", "0"), ("asof", "5"));
        Assert.Equal(("rank", 0, 0), (step.StepId, step.StepIndex, step.ItemIndex));
        Assert.Equal(StepStatus.Completed, step.Status);
        Assert.Equal(ResultOutcome.Succeeded, step.Outcome);
        AssertJsonEqual("""{"score":9,"why":"close match"}""", step.Output);
        Assert.Equal("9", step.Output!["score"]!.ToJsonString());
        Assert.Equal(5, step.JournalSequence);
    }

    [Fact]
    public async Task GET_run_flow_reads_the_Struct_rendered_flow()
    {
        Server.Json("GET", RunPath + "/flow", Fill("""
            {"flow": {"steps": [{"component": "/python/rank", "id": "rank", "input": {"top": 3.0}}], "name": "score"}, "flowId": "@F@"}
            """));
        using var client = Server.Client();

        var flow = await client.GetRunFlowAsync(RunId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", RunPath + "/flow");
        Assert.Empty(QueryOf(request));
        Assert.Equal(FlowId, flow.FlowId);
        Assert.Equal("score", flow.Name);
        AssertJsonEqual("""{"steps":[{"component":"/python/rank","id":"rank","input":{"top":3}}],"name":"score"}""", flow.Document);
        Assert.Equal("3", flow.Document["steps"]![0]!["input"]!["top"]!.ToJsonString());
        Assert.Empty(flow.Examples);
    }

    [Fact]
    public async Task POST_run_cancel_sends_no_body_and_reads_the_cancelled_summary()
    {
        // items.cancelled stays 0 after a cancel, at least on 0.13 (docs/server-api.md §8.2).
        Server.Json("POST", RunPath + "/cancel", Fill("""
            {"summary": {"runId": "@R@", "flowId": "@F@", "flowName": "score",
                         "status": 4, "items": {"total": 1, "completed": 0, "running": 1, "failed": 0, "cancelled": 0},
                         "createdAt": "2026-04-10T08:00:02.5Z", "completedAt": "2026-04-10T08:00:04.000000001Z",
                         "rootRunId": "@R@", "orchestratorId": "stepflow-host-1", "createdAtSeqno": 0}}
            """));
        using var client = Server.Client();

        var run = await client.CancelRunAsync(RunId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "POST", RunPath + "/cancel");
        Assert.Empty(QueryOf(request));
        Assert.True(string.IsNullOrEmpty(request.Body));
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.True(run.IsFinished);
        Assert.Equal(new RunItemCounts(1, 0, 1, 0, 0), run.ItemCounts);
        // One nanosecond past the second: below what a DateTimeOffset holds.
        Assert.Equal(At(8, 0, 4), run.CompletedAt);
    }

    [Fact]
    public async Task DELETE_run_reads_the_empty_object()
    {
        Server.Json("DELETE", RunPath, "{}");
        using var client = Server.Client();

        await client.DeleteRunAsync(RunId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "DELETE", RunPath);
        Assert.Empty(QueryOf(request));
        Assert.True(string.IsNullOrEmpty(request.Body));
    }

    [Fact]
    public async Task GET_runs_sends_the_status_as_its_integer_and_reads_the_list()
    {
        Server.Json("GET", "/runs", Fill("""
            {"runs": [{"runId": "@S@", "flowId": "@F@", "status": 3,
                       "items": {"total": 1, "completed": 0, "running": 0, "failed": 1, "cancelled": 0},
                       "createdAt": "2026-04-10T08:00:02.9Z", "completedAt": "2026-04-10T08:00:03.1Z", "rootRunId": "@R@",
                       "parentRunId": "@R@", "orchestratorId": "stepflow-host-1", "createdAtSeqno": 3, "finishedAtSeqno": 4},
                      {"runId": "@R@", "flowId": "@F@", "flowName": "score", "status": 3,
                       "items": {"total": 2, "completed": 1, "running": 0, "failed": 1, "cancelled": 0},
                       "createdAt": "2026-04-10T08:00:02.5Z", "completedAt": "2026-04-10T08:00:03.75Z", "rootRunId": "@R@",
                       "orchestratorId": "stepflow-host-1", "createdAtSeqno": 0, "finishedAtSeqno": 7}]}
            """));
        using var client = Server.Client();

        var runs = await client.ListRunsAsync(new RunQuery { Status = RunStatus.Failed, RootRunId = RunId, Limit = 10 }, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", "/runs");
        AssertQuery(request, ("status", "3"), ("rootRunId", RunIdText), ("limit", "10"), ("offset", "0"));
        Assert.Equal([SubRunId, RunId], runs.Select(r => r.RunId));
        Assert.All(runs, r => Assert.Equal(RunStatus.Failed, r.Status));
        var sub = runs[0];
        // A sub-run without a flow name: the key is left out, read as null.
        Assert.Null(sub.FlowName);
        Assert.Equal(RunId, sub.ParentRunId);
        Assert.Equal(RunId, sub.RootRunId);
        Assert.Equal((3, (long?)4), (sub.CreatedAtSequence, sub.FinishedAtSequence));
        Assert.Equal("score", runs[1].FlowName);
        Assert.Null(runs[1].ParentRunId);
    }

    // §9: blobs.

    [Fact]
    public async Task POST_blobs_json_sends_data_blobType_and_filename()
    {
        Server.Json("POST", "/blobs", $$"""{"blobId": "{{JsonBlobId}}", "filename": "in.json"}""");
        using var client = Server.Client();

        var stored = await client.StoreBlobAsync(JsonNode.Parse("""{"b":[1,2],"a":1}"""), BlobType.Data, "in.json", Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "POST", "/blobs");
        Assert.Empty(QueryOf(request));
        Assert.StartsWith("application/json", HeaderOf(request, "Content-Type"), StringComparison.Ordinal);
        var body = JsonObjectOf(request);
        AssertJsonEqual("""{"data":{"b":[1,2],"a":1},"blobType":"data","filename":"in.json"}""", body);
        // The stored bytes are the data's compact JSON as sent, so its key order is the blob's identity (docs/server-api.md §9.1).
        Assert.Equal("""{"b":[1,2],"a":1}""", body["data"]!.ToJsonString());
        Assert.Equal(JsonBlobId, stored.BlobId);
        Assert.Equal("in.json", stored.Filename);
    }

    [Fact]
    public async Task POST_blobs_binary_streams_octet_stream_with_the_filename_header()
    {
        Server.Json("POST", "/blobs", $$"""{"blobId": "{{BinaryBlobId}}", "filename": "doc.pdf"}""");
        using var client = Server.Client();
        byte[] bytes = [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF];
        using var content = new MemoryStream(bytes);

        var stored = await client.StoreBinaryBlobAsync(content, "doc.pdf", Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "POST", "/blobs");
        Assert.Equal("application/octet-stream", HeaderOf(request, "Content-Type"));
        Assert.Equal("doc.pdf", HeaderOf(request, "X-Blob-Filename"));
        Assert.Equal(bytes, request.BodyAsBytes);
        Assert.Equal(BinaryBlobId, stored.BlobId);
        Assert.Equal("doc.pdf", stored.Filename);
    }

    [Fact]
    public async Task GET_blobs_json_reads_plain_json_with_integers_kept()
    {
        // Blobs bypass the Struct: integers and key order come back as stored (docs/server-api.md §9.2).
        Server.Json("GET", "/blobs/" + JsonBlobId, $$"""
            {"data": {"b": [1, 2], "a": 1, "ratio": 1.0}, "blobType": "data", "blobId": "{{JsonBlobId}}", "filename": "in.json"}
            """);
        using var client = Server.Client();

        var blob = await client.GetBlobAsync(JsonBlobId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", "/blobs/" + JsonBlobId);
        Assert.Empty(QueryOf(request));
        Assert.Equal("application/json", HeaderOf(request, "Accept"));
        Assert.Equal("""{"b":[1,2],"a":1,"ratio":1.0}""", blob.Data!.ToJsonString());
        Assert.Equal(BlobType.Data, blob.BlobType);
        Assert.Equal(JsonBlobId, blob.BlobId);
        Assert.Equal("in.json", blob.Filename);
    }

    [Fact]
    public async Task GET_blobs_binary_asks_for_octet_stream_and_reads_bytes_type_and_filename()
    {
        byte[] bytes = [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF];
        Server.Server.Given(Request.Create().WithPath("/api/v1/blobs/" + BinaryBlobId).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/octet-stream")
                .WithHeader("x-blob-type", "binary").WithHeader("Content-Disposition", "attachment; filename=\"doc.pdf\"").WithBody(bytes));
        using var client = Server.Client();

        await using var blob = await client.DownloadBlobAsync(BinaryBlobId, Server.Timeout);
        using var copy = new MemoryStream();
        await blob.Content.CopyToAsync(copy, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        AssertRequest(request, "GET", "/blobs/" + BinaryBlobId);
        Assert.Equal("application/octet-stream", HeaderOf(request, "Accept"));
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(BinaryBlobId, blob.BlobId);
        Assert.Equal(BlobType.Binary, blob.BlobType);
        Assert.Equal("doc.pdf", blob.Filename);
    }
}
