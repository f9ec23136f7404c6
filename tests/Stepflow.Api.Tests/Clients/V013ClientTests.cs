using System.Text;
using System.Text.Json;
using Stepflow.Api.Serialization;
using Stepflow.Api.Tests.Infrastructure;
using V013 = Stepflow.Api.V013;

namespace Stepflow.Api.Tests.Clients;

/// <summary>
/// The clients generated from schemas/openapi-0.13.yaml (Stepflow.Api.V013) against answers shaped like a
/// 0.13 server's wire (docs/server-api.md §3.2, §4, §8, §9, §10), not like its OpenAPI document.
/// </summary>
public sealed class V013ClientTests : IDisposable
{
    private const string RunIdText = "0196f0a1-7d2c-7e11-8b0a-2f4c6d8e1a3b";
    private const string FlowId = "a41c2a0b5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";
    private const string RunPath = "/api/v1/runs/" + RunIdText;

    // docs/server-api.md §8.1 (a wait: true answer) with §8.2's finishedAtSeqno and orchestratorId.
    private const string CreateRunWaited = """
        {"summary": {"runId": "0196f0a1-7d2c-7e11-8b0a-2f4c6d8e1a3b", "flowId": "a41c2a0b5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081", "flowName": "score",
                     "status": 3, "items": {"total": 2, "completed": 1, "running": 0, "failed": 1, "cancelled": 0},
                     "createdAt": "2026-04-10T08:00:02.5Z", "completedAt": "2026-04-10T08:00:03.75Z",
                     "rootRunId": "0196f0a1-7d2c-7e11-8b0a-2f4c6d8e1a3b", "createdAtSeqno": 0},
         "results": [{"itemIndex": 0, "status": 2, "output": {"score": 9.0, "ratio": 0.25}, "completedAt": "2026-04-10T08:00:03.5Z"},
                     {"itemIndex": 1, "status": 3, "errorMessage": "upstream refused", "errorCode": 3,
                      "completedAt": "2026-04-10T08:00:03.75Z"}]}
        """;

    private const string GetRunCompleted = """
        {"summary": {"runId": "0196f0a1-7d2c-7e11-8b0a-2f4c6d8e1a3b", "flowId": "a41c2a0b5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081", "flowName": "score",
                     "status": 2, "items": {"total": 1, "completed": 1, "running": 0, "failed": 0, "cancelled": 0},
                     "createdAt": "2026-04-10T08:00:02.5Z", "completedAt": "2026-04-10T08:00:03.75Z",
                     "rootRunId": "0196f0a1-7d2c-7e11-8b0a-2f4c6d8e1a3b", "orchestratorId": "stepflow-0",
                     "createdAtSeqno": 0, "finishedAtSeqno": 4},
         "steps": [{"stepId": "rank", "stepIndex": 1, "itemIndex": 0, "status": 2, "component": "/builtin/eval",
                    "output": {"n": 7.0}, "journalSeqno": 3, "updatedAt": "2026-04-10T08:00:03.4Z"},
                   {"stepId": "next", "stepIndex": 2, "itemIndex": 0, "status": 0, "journalSeqno": 3, "updatedAt": "2026-04-10T08:00:03.4Z"}]}
        """;

    // docs/server-api.md §3.2.
    private const string NotFoundEnvelope = """
        {"error": {"code": 404, "message": "run '0196f0a1-7d2c-7e11-8b0a-2f4c6d8e1a3b' not found", "status": "NOT_FOUND"}}
        """;

    private readonly MockStepflowServer _mock = new();

    public void Dispose() => _mock.Dispose();

    private V013.RunsClient Runs() => new(_mock.Http) { BaseUrl = _mock.BaseUrl };

    private V013.BlobClient Blobs() => new(_mock.Http) { BaseUrl = _mock.BaseUrl };

    [Fact]
    public async Task GetRun_reads_integer_enums_numeric_sequence_numbers_and_float_outputs()
    {
        _mock.RespondJson("GET", RunPath, GetRunCompleted);

        var run = await Runs().GetRunAsync(RunIdText, wait: true, timeoutSecs: 60, cancellationToken: _mock.Timeout);

        Assert.Equal(new Dictionary<string, string> { ["timeoutSecs"] = "60", ["wait"] = "true" }, MockStepflowServer.QueryOf(_mock.SingleRequest()));
        var summary = Assert.IsType<V013.RunSummary>(run.Summary);
        Assert.Equal(RunIdText, summary.RunId);
        Assert.Equal(V013.ExecutionStatus.Completed, summary.Status);
        Assert.Equal(0, summary.CreatedAtSeqno);
        Assert.Equal(4, summary.FinishedAtSeqno);
        Assert.Equal("stepflow-0", summary.OrchestratorId);
        Assert.Equal(1, summary.Items!.Completed);
        Assert.Equal(new DateTimeOffset(2026, 4, 10, 8, 0, 3, 750, TimeSpan.Zero), summary.CompletedAt);

        var steps = run.Steps!;
        Assert.Equal(2, steps.Count);
        var rank = steps[0];
        Assert.Equal(V013.ExecutionStatus.Completed, rank.Status);
        Assert.Equal(3, rank.JournalSeqno);
        Assert.Equal(1, rank.StepIndex);
        // Struct numbers arrive as floats (docs/server-api.md §4.3); the generated model keeps the JSON as sent.
        Assert.Equal("{\"n\":7.0}", rank.Output!.ToJsonString());
        Assert.Equal(7, rank.Output["n"]!.GetValue<double>());
        // Status 0 on a step row means "waiting to run" (docs/server-api.md §4.1).
        Assert.Equal(V013.ExecutionStatus.Unspecified, steps[1].Status);
        Assert.Null(steps[1].Output);
    }

    [Fact]
    public async Task CreateRun_sends_numbers_and_no_null_members_and_reads_the_waited_results()
    {
        _mock.RespondJson("POST", "/api/v1/runs", CreateRunWaited);
        var request = new V013.CreateRunRequest
        {
            FlowId = FlowId,
            Input = [JsonNodeOf("""{"q": 1}"""), JsonNodeOf("""{"q": 2}""")],
            Wait = true,
            TimeoutSecs = 60,
        };

        var response = await Runs().CreateRunAsync(request, _mock.Timeout);

        // 64-bit integers go as JSON numbers and unset fields are left out: the server refuses a string
        // timeoutSecs and a null wait or variables (docs/server-api.md §4.2, §4.5).
        JsonAssert.Equal($$"""{"flowId":"{{FlowId}}","input":[{"q":1},{"q":2}],"wait":true,"timeoutSecs":60}""",
            MockStepflowServer.JsonBodyOf(_mock.SingleRequest()));
        Assert.Equal(V013.ExecutionStatus.Failed, response.Summary!.Status);
        Assert.Null(response.Summary.FinishedAtSeqno);
        var results = response.Results!;
        Assert.Equal(2, results.Count);
        var ok = results[0];
        Assert.Equal(V013.ExecutionStatus.Completed, ok.Status);
        Assert.Equal(9.0, ok.Output!["score"]!.GetValue<double>());
        Assert.Equal(0.25, ok.Output["ratio"]!.GetValue<double>());
        var failed = results[1];
        Assert.Equal(1, failed.ItemIndex);
        Assert.Equal(V013.TaskErrorCode.ComponentFailed, failed.ErrorCode);
        Assert.Equal("upstream refused", failed.ErrorMessage);
        Assert.Null(failed.Output);
    }

    [Fact]
    public async Task Enum_query_parameters_are_sent_as_their_integers()
    {
        _mock.RespondJson("GET", "/api/v1/runs", """{"runs": []}""");
        _mock.RespondJson("GET", RunPath + "/items", """{"results": [{"itemIndex": 0, "status": 1}]}""");

        await Runs().ListRunsAsync(status: V013.ExecutionStatus.RecoveryFailed, rootsOnly: true, limit: 20, offset: 0, cancellationToken: _mock.Timeout);
        await Runs().ListRunsAsync(status: (V013.ExecutionStatus)42, cancellationToken: _mock.Timeout);
        var items = await Runs().GetRunItemsAsync(RunIdText, V013.ResultOrder.ByCompletion, _mock.Timeout);

        var requests = _mock.Server.LogEntries.Select(e => e.RequestMessage).ToList();
        Assert.Equal(
            new Dictionary<string, string> { ["limit"] = "20", ["offset"] = "0", ["rootsOnly"] = "true", ["status"] = "6" },
            MockStepflowServer.QueryOf(requests[0]));
        // An integer this SDK has no name for still goes out as itself.
        Assert.Equal(new Dictionary<string, string> { ["status"] = "42" }, MockStepflowServer.QueryOf(requests[1]));
        Assert.Equal(new Dictionary<string, string> { ["resultOrder"] = "2" }, MockStepflowServer.QueryOf(requests[2]));
        Assert.Equal(V013.ExecutionStatus.Running, Assert.Single(items.Results!).Status);
    }

    [Fact]
    public async Task An_enum_value_this_SDK_does_not_know_is_read_as_its_integer()
    {
        _mock.RespondJson("GET", RunPath + "/items", """{"results": [{"itemIndex": 0, "status": 9, "errorCode": 77}]}""");

        var item = Assert.Single((await Runs().GetRunItemsAsync(RunIdText, cancellationToken: _mock.Timeout)).Results!);

        Assert.Equal(9, (int)item.Status!.Value);
        Assert.Equal(77, (int)item.ErrorCode!.Value);
    }

    [Fact]
    public async Task The_error_envelope_becomes_an_exception_with_status_body_and_the_typed_envelope()
    {
        _mock.Respond("GET", RunPath, 404, NotFoundEnvelope, "application/json");

        var ex = await Assert.ThrowsAsync<StepflowApiException<V013.ErrorResponse>>(
            () => Runs().GetRunAsync(RunIdText, cancellationToken: _mock.Timeout));

        Assert.Equal(404, ex.StatusCode);
        Assert.Equal(NotFoundEnvelope, ex.Response);
        Assert.Equal(404, ex.Result.Error!.Code);
        Assert.Equal("NOT_FOUND", ex.Result.Error.Status);
        Assert.Equal($"run '{RunIdText}' not found", ex.Result.Error.Message);
        // The untyped view reads the envelope too (docs/server-api.md §3.6).
        Assert.Equal($"run '{RunIdText}' not found", ex.ServerMessage);
        Assert.Equal("NOT_FOUND", ex.ErrorDocument!.Value.GetProperty("error").GetProperty("status").GetString());
        Assert.Equal("NOT_FOUND", ex.GetError<V013.ErrorResponse>()!.Error!.Status);
    }

    [Fact]
    public async Task A_412_envelope_is_typed_too()
    {
        const string Body = """{"error":{"code":412,"message":"run 'x' is still Running and cannot be deleted","status":"FAILED_PRECONDITION"}}""";
        _mock.Respond("DELETE", RunPath, 412, Body, "application/json");

        var ex = await Assert.ThrowsAsync<StepflowApiException<V013.ErrorResponse>>(
            () => Runs().DeleteRunAsync(RunIdText, _mock.Timeout));

        Assert.Equal(412, ex.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", ex.Result.Error!.Status);
    }

    [Fact]
    public async Task A_plain_text_framework_rejection_keeps_its_status_and_text()
    {
        // docs/server-api.md §3.3: the framework answers query mistakes in plain text, not the envelope.
        const string Body = "Failed to deserialize query string: wait: provided string was not `true` or `false`";
        _mock.RespondText("GET", RunPath, 400, Body);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(() => Runs().GetRunAsync(RunIdText, cancellationToken: _mock.Timeout));

        Assert.IsNotType<StepflowApiException<V013.ErrorResponse>>(ex);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(Body, ex.Response);
        Assert.Contains("(400)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_blob_404_keeps_its_status()
    {
        // docs/server-api.md §3.4: the blob routes answer with a bare status.
        _mock.Respond("GET", "/api/v1/blobs/" + FlowId, 404, null, null);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(() => Blobs().GetBlobAsync(FlowId, _mock.Timeout));

        Assert.Equal(404, ex.StatusCode);
        Assert.True(string.IsNullOrEmpty(ex.Response));
    }

    [Fact]
    public async Task Blobs_send_and_read_data_as_json()
    {
        // docs/server-api.md §9.1 and §9.2.
        _mock.RespondJson("POST", "/api/v1/blobs", $$"""{"blobId": "{{FlowId}}", "filename": "udf.json"}""");
        _mock.RespondJson("GET", "/api/v1/blobs/" + FlowId, $$"""{"data": {"a": 1, "b": [2]}, "blobType": "data", "blobId": "{{FlowId}}", "filename": "udf.json"}""");

        var stored = await Blobs().StoreBlobAsync(new V013.PutBlobRequest { Data = JsonNodeOf("""{"a": 1}"""), BlobType = "data", Filename = "udf.json" }, _mock.Timeout);
        var blob = await Blobs().GetBlobAsync(FlowId, _mock.Timeout);

        var requests = _mock.Server.LogEntries.Select(e => e.RequestMessage).ToList();
        JsonAssert.Equal("""{"data":{"a":1},"blobType":"data","filename":"udf.json"}""", MockStepflowServer.JsonBodyOf(requests[0]));
        Assert.Equal("application/json", Assert.Single(MockStepflowServer.HeaderOf(requests[1], "Accept")));
        Assert.Equal(FlowId, stored.BlobId);
        Assert.Equal("{\"a\":1,\"b\":[2]}", blob.Data!.ToJsonString());
        Assert.Equal("data", blob.BlobType);
        Assert.Null(blob.ContentType);
    }

    [Fact]
    public async Task The_event_stream_sends_the_run_id_in_path_and_query_and_hands_the_stream_over_unread()
    {
        // docs/server-api.md §10.1, §10.2 and §10.4.
        const string Frames = """
            data: {"sequenceNumber":3,"timestamp":"2026-04-10T08:00:03.4Z","event":{"StepCompleted":{"runId":"0196f0a1-7d2c-7e11-8b0a-2f4c6d8e1a3b","itemIndex":0,"stepIndex":1,"stepId":"rank","status":2,"result":{"n":7.0}}}}

            : keep-alive

            """;
        _mock.Respond("GET", RunPath + "/events", 200, Frames, "text/event-stream");

        using var stream = await Runs().GetRunStatusStreamAsync(RunIdText, RunIdText, since: 3, includeResults: true, cancellationToken: _mock.Timeout);
        using var reader = new StreamReader(stream.Stream, Encoding.UTF8);
        var first = await reader.ReadLineAsync(_mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal(RunPath + "/events", request.Path);
        Assert.Equal(new Dictionary<string, string> { ["includeResults"] = "true", ["runId"] = RunIdText, ["since"] = "3" }, MockStepflowServer.QueryOf(request));
        Assert.Equal("text/event-stream", Assert.Single(MockStepflowServer.HeaderOf(request, "Accept")));

        Assert.StartsWith("data: ", first, StringComparison.Ordinal);
        var statusEvent = JsonSerializer.Deserialize<V013.StatusEvent>(first!["data: ".Length..], StepflowJson.Options)!;
        Assert.Equal(3, statusEvent.SequenceNumber);
        var completed = Assert.IsType<V013.StepCompletedEvent>(statusEvent.Event!.StepCompleted);
        Assert.Null(statusEvent.Event.RunCreated);
        Assert.Equal(V013.ExecutionStatus.Completed, completed.Status);
        Assert.Equal("rank", completed.StepId);
        Assert.Equal(7.0, completed.Result!["n"]!.GetValue<double>());
    }

    [Fact]
    public void An_event_variant_this_SDK_does_not_know_is_kept()
    {
        var statusEvent = JsonSerializer.Deserialize<V013.StatusEvent>(
            """{"sequenceNumber":9,"timestamp":"2026-04-10T08:00:03Z","event":{"RunArchived":{"runId":"r"}}}""", StepflowJson.Options)!;

        Assert.Equal(9, statusEvent.SequenceNumber);
        Assert.Null(statusEvent.Event!.RunCompleted);
        Assert.True(statusEvent.Event.AdditionalProperties.ContainsKey("RunArchived"));
    }

    [Fact]
    public async Task Health_and_components_read_the_0_13_shapes()
    {
        _mock.RespondJson("GET", "/api/v1/health", """
            {"status":"healthy","timestamp":"2026-04-08T09:14:00.104233612Z",
             "build":{"gitVersion":"stepflow-0.13.0","dirty":false,"rustcVersion":"rustc 1.94.0","profile":"release","features":[],"target":"x86_64-unknown-linux-gnu"}}
            """);
        _mock.RespondJson("GET", "/api/v1/components", """
            {"components":[{"componentId":"/eval","description":"Evaluate a nested flow","inputSchema":{"type":"object"},"path":"/eval","plugin":"builtin"}],
             "complete":false,"failedPlugins":[{"plugin":"python","error":"no python"}]}
            """);

        var health = await new V013.HealthClient(_mock.Http) { BaseUrl = _mock.BaseUrl }.HealthCheckAsync(_mock.Timeout);
        var components = await new V013.ComponentsClient(_mock.Http) { BaseUrl = _mock.BaseUrl }.ListComponentsAsync(excludeSchemas: false, _mock.Timeout);

        Assert.Equal("stepflow-0.13.0", health.Build!.GitVersion);
        Assert.False(health.Build.Dirty);
        var component = Assert.Single(components.Components!);
        Assert.Equal(("/eval", "/eval", "builtin"), (component.ComponentId, component.Path, component.Plugin));
        Assert.Equal("object", component.InputSchema!["type"]!.GetValue<string>());
        Assert.False(components.Complete);
        Assert.Equal("python", Assert.Single(components.FailedPlugins!).Plugin);
    }

    [Fact]
    public async Task The_grpc_fallback_for_an_unknown_route_is_recognised()
    {
        // docs/server-api.md §2.3: the customizations of Stepflow.Api serve the V013 clients too.
        _mock.Respond("GET", RunPath + "/flow", 200, string.Empty, "application/grpc", ("grpc-status", "12"));

        await Assert.ThrowsAsync<StepflowEndpointNotSupportedException>(() => Runs().GetRunFlowAsync(RunIdText, _mock.Timeout));
    }

    private static System.Text.Json.Nodes.JsonNode JsonNodeOf(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!;
}
