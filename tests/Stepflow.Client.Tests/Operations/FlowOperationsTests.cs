using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Operations;

/// <summary>
/// StoreFlowAsync, ValidateAsync, GetFlowAsync, DeleteFlowAsync, GetFlowVariablesAsync, GetVariablesFromEnvironmentAsync, on every
/// server generation. Behaviour of one generation only is in the sealed subclasses at the end of the file.
/// </summary>
public abstract class FlowOperationsTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    // Keys in a deliberately unusual order, with keys the server does not model at several levels.
    private const string FlowJson = """
        {"zeta":{"b":2,"a":1},"name":"greet","steps":[{"input":{"msg":{"$input":"name"}},"id":"hello","component":"/python/echo","x-note":"kept"}],"output":{"$step":"hello","path":"msg"},"unknownTopLevel":[1,"two",null,1.50]}
        """;

    protected string FlowPath => "/flows/" + Samples.FlowId;

    // 0.13 renders the flow through a Struct (keys in any order) and always sends allExamples (docs/server-api.md §7.4).
    private string FlowResponse => Ids.Fill(OnWire(
        """
        {"flow":{"name":"greet","steps":[{"id":"hello","component":"/python/echo","input":{"msg":{"$input":"$.name"}}}],
        "output":{"$step":"hello","path":"$.msg"}},"flowId":"@F@"}
        """,
        """
        {"flow":{"output":{"path":"$.msg","$step":"hello"},"steps":[{"input":{"msg":{"$input":"$.name"}},"component":"/python/echo","id":"hello"}],
        "name":"greet"},"flowId":"@F@","allExamples":[]}
        """));

    // 0.11 sends the raw variables schema and envVars; 0.13 one entry per variable without schema or description (docs/server-api.md §7.6).
    private string VariablesResponse => Ids.Fill(OnWire(
        """
        {"flowId":"@F@","schema":{"type":"object","properties":{"api_key":{"type":"string","is_secret":true,
        "env_var":"OPENAI_API_KEY"}},"required":["api_key"]},"envVars":{"api_key":"OPENAI_API_KEY"}}
        """,
        """
        {"flowId":"@F@","variables":{"api_key":{"required":true,"envVar":"OPENAI_API_KEY"}}}
        """));

    [Fact]
    public async Task StoreFlowAsync_sends_the_json_document_exactly_as_written_with_dryRun_false()
    {
        Server.Json("POST", "/flows", Samples.StoredFlow);
        using var client = Server.Client();

        var response = await client.StoreFlowAsync(FlowSource.FromJson(FlowJson), cancellationToken: Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/flows", request.Path);
        Assert.Empty(QueryOf(request));
        Assert.StartsWith("application/json", HeaderOf(request, "Content-Type"), StringComparison.Ordinal);
        var body = JsonObjectOf(request);
        Assert.Equal(["flow", "dryRun"], body.Select(member => member.Key));

        // Same text after compacting: same keys, same order, unknown keys kept, 1.50 not reprinted.
        Assert.Equal(JsonNode.Parse(FlowJson)!.ToJsonString(), body["flow"]!.ToJsonString());
        Assert.False(body["dryRun"]!.GetValue<bool>());

        Assert.Equal(Samples.FlowId, response.FlowId);
        Assert.True(response.Stored);
        var diagnostic = Assert.Single(response.Diagnostics);
        Assert.Equal("missingFlowDescription", diagnostic.Kind);
        Assert.Equal(1002, diagnostic.Code);
        // 0.11 "warning", 0.13 level 3 (docs/server-api.md §4.1).
        Assert.Equal(DiagnosticLevel.Warning, diagnostic.Level);
        Assert.Equal("flow has no description", diagnostic.Message);
        Assert.Equal("$.description", diagnostic.Path);
        Assert.False(diagnostic.Experimental);
        Assert.Equal(1, response.WarningCount);
        Assert.Equal(0, response.FatalCount);
        Assert.Equal(0, response.ErrorCount);
        Assert.True(response.IsValid);
    }

    [Fact]
    public async Task StoreFlowAsync_dry_run_sends_dryRun_true()
    {
        Server.Json("POST", "/flows", Samples.StoredFlow.Replace("\"stored\":true", "\"stored\":false", StringComparison.Ordinal));
        using var client = Server.Client();

        // The dry run is ValidateAsync now; its result has no Stored flag (a dry run never stores).
        var response = await client.ValidateAsync(FlowSource.FromJson(FlowJson), Server.Timeout);

        var body = JsonObjectOf(Assert.Single(Server.RequestsTo("POST", "/flows")));
        Assert.True(body["dryRun"]!.GetValue<bool>());
        Assert.Equal(JsonNode.Parse(FlowJson)!.ToJsonString(), body["flow"]!.ToJsonString());
        Assert.Equal(Samples.FlowId, response.FlowId);
        Assert.Equal("missingFlowDescription", Assert.Single(response.Diagnostics).Kind);
        Assert.True(response.IsValid);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task StoreFlowAsync_returns_a_rejected_flow_instead_of_throwing()
    {
        Server.Json("POST", "/flows", Samples.RejectedFlow);
        using var client = Server.Client();

        var response = await client.StoreFlowAsync(FlowSource.FromJson(FlowJson), cancellationToken: Server.Timeout);

        Assert.False(response.Stored);
        Assert.Equal(Samples.FlowId, response.FlowId);
        Assert.Equal(1, response.FatalCount);
        Assert.False(response.IsValid);
        var diagnostic = Assert.Single(response.Diagnostics);
        Assert.Equal(DiagnosticLevel.Fatal, diagnostic.Level);
        Assert.Equal("selfReference", diagnostic.Kind);
        Assert.Equal(3002, diagnostic.Code);
        Assert.Equal("step 'hello' references itself", diagnostic.Message);
        Assert.Equal("hello", diagnostic.Data?["step_id"]?.GetValue<string>());
        Assert.Equal("$.steps[0].input.msg", diagnostic.Path);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task StoreFlowAsync_of_a_stored_flow_reads_it_back_then_posts_that_document()
    {
        Server.Json("GET", FlowPath, FlowResponse);
        Server.Json("POST", "/flows", Samples.StoredFlow);
        using var client = Server.Client();

        var response = await client.StoreFlowAsync(FlowSource.Stored(Samples.FlowId), Server.Timeout);

        Assert.Collection(Server.Requests,
            first => Assert.Equal(("GET", "/api/v1" + FlowPath), (first.Method, first.Path)),
            second => Assert.Equal(("POST", "/api/v1/flows"), (second.Method, second.Path)));
        var body = JsonObjectOf(Server.Requests[1]);
        AssertJsonEqual(JsonNode.Parse(FlowResponse)!["flow"], WithoutNullMembers(body["flow"]));
        AssertFlowSentWithoutNulls(body["flow"]);
        Assert.False(body["dryRun"]!.GetValue<bool>());
        Assert.Equal(Samples.FlowId, response.FlowId);
        Assert.True(response.Stored);

        // The dry run (ValidateAsync) of a stored flow reads it back the same way.
        var validation = await client.ValidateAsync(FlowSource.Stored(Samples.FlowId), Server.Timeout);

        Assert.Equal(4, Server.Requests.Count);
        Assert.Equal(("GET", "/api/v1" + FlowPath), (Server.Requests[2].Method, Server.Requests[2].Path));
        Assert.Equal(("POST", "/api/v1/flows"), (Server.Requests[3].Method, Server.Requests[3].Path));
        var dryRunBody = JsonObjectOf(Server.Requests[3]);
        AssertJsonEqual(JsonNode.Parse(FlowResponse)!["flow"], WithoutNullMembers(dryRunBody["flow"]));
        AssertFlowSentWithoutNulls(dryRunBody["flow"]);
        Assert.True(dryRunBody["dryRun"]!.GetValue<bool>());
        Assert.Equal(Samples.FlowId, validation.FlowId);
    }

    /// <summary>0.13 refuses <c>null</c> for several flow keys (docs/server-api.md §4.5): what was read is sent back as is.</summary>
    private void AssertFlowSentWithoutNulls(JsonNode? sent)
    {
        if (!Is011)
        {
            AssertJsonEqual(JsonNode.Parse(FlowResponse)!["flow"], sent);
        }
    }

    [Fact]
    public async Task GetFlowAsync_gets_the_flow_by_id()
    {
        Server.Json("GET", FlowPath, FlowResponse);
        using var client = Server.Client();

        var response = await client.GetFlowAsync(Samples.FlowId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1" + FlowPath), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        Assert.Equal(Samples.FlowId, response.FlowId);
        Assert.Equal("greet", response.Name);
        Assert.Equal("greet", response.Document["name"]!.GetValue<string>());
        var step = Assert.Single(Assert.IsType<JsonArray>(response.Document["steps"]))!;
        Assert.Equal("hello", step["id"]!.GetValue<string>());
        Assert.Equal("/python/echo", step["component"]!.GetValue<string>());
        AssertJsonEqual("""{"msg":{"$input":"$.name"}}""", step["input"]);
        AssertJsonEqual("""{"$step":"hello","path":"$.msg"}""", response.Document["output"]);
        AssertJsonEqual(JsonNode.Parse(FlowResponse)!["flow"], response.Document);
        Assert.Empty(response.Examples);
    }

    [Fact]
    public async Task GetFlowVariablesAsync_returns_schema_and_env_vars()
    {
        Server.Json("GET", FlowPath + "/variables", VariablesResponse);
        using var client = Server.Client();

        var response = await client.GetFlowVariablesAsync(Samples.FlowId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1" + FlowPath + "/variables"), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        var variable = Assert.Single(response);
        Assert.Equal("api_key", variable.Name);
        Assert.Equal("OPENAI_API_KEY", variable.EnvironmentVariable);
        Assert.True(variable.IsRequired);
        Assert.Null(variable.DefaultValue);
        Assert.Null(variable.Description);
        if (Is011)
        {
            Assert.True(variable.IsSecret);
            AssertJsonEqual("""{"type":"string","is_secret":true,"env_var":"OPENAI_API_KEY"}""", variable.Schema);
        }
        else
        {
            // 0.13 sends no schema and so no secret marker (docs/server-api.md §7.6).
            Assert.False(variable.IsSecret);
            Assert.Null(variable.Schema);
        }
    }

    [Fact]
    public async Task GetVariablesFromEnvironmentAsync_reads_the_mapped_environment_variables_and_skips_unset_ones()
    {
        var set = "STEPFLOW_TEST_" + Guid.NewGuid().ToString("N");
        var unset = "STEPFLOW_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        Server.Json("GET", FlowPath + "/variables", OperationWire.VariablesWithEnvironment(Generation, ("api_key", set), ("region", unset)));
        using var client = Server.Client();
        Environment.SetEnvironmentVariable(set, "sk-from-env");
        try
        {
            var values = await client.GetVariablesFromEnvironmentAsync(Samples.FlowId, Server.Timeout);

            Assert.Equal(new Dictionary<string, string> { ["api_key"] = "sk-from-env" }, values);
            var request = Assert.Single(Server.Requests);
            Assert.Equal(("GET", "/api/v1" + FlowPath + "/variables"), (request.Method, request.Path));
        }
        finally
        {
            Environment.SetEnvironmentVariable(set, null);
        }
    }

    [Fact]
    public async Task DeleteFlowAsync_accepts_an_empty_200()
    {
        // 0.13 sends {} (next test), but an empty 200 is accepted from either generation (docs/server-api.md §7.5).
        Server.Respond("DELETE", FlowPath, 200, body: null, contentType: null);
        using var client = Server.Client();

        await client.DeleteFlowAsync(Samples.FlowId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("DELETE", "/api/v1" + FlowPath), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
    }

    [Fact]
    public async Task DeleteFlowAsync_accepts_200_with_an_empty_object()
    {
        Server.Json("DELETE", FlowPath, "{}");
        using var client = Server.Client();

        await client.DeleteFlowAsync(Samples.FlowId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("DELETE", "/api/v1" + FlowPath), (request.Method, request.Path));
        Assert.True(string.IsNullOrEmpty(request.Body));
    }

    [Fact]
    public async Task GetFlowAsync_of_a_data_blob_is_an_invalid_request()
    {
        // 0.11: ErrorResponse as text/plain; 0.13: the INVALID_ARGUMENT envelope (docs/server-api.md §3.5).
        var message = OnWire("Blob is not a flow", "blob is not a flow");
        if (Is011)
        {
            Server.Text("GET", FlowPath, 400, """{"code":400,"message":"Blob is not a flow"}""");
        }
        else
        {
            Server.Json("GET", FlowPath, Samples.Error(400, message), 400);
        }

        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(() => client.GetFlowAsync(Samples.FlowId, Server.Timeout));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.ErrorCode);
        Assert.Equal(message, error.ServerMessage);
    }

    [Fact]
    public async Task GetFlowAsync_of_an_unknown_flow_is_not_found()
    {
        var message = OnWire("Flow not found", $"flow '{Samples.FlowId}' not found");
        if (Is011)
        {
            Server.Text("GET", FlowPath, 404, Samples.Error(404, message));
        }
        else
        {
            Server.Json("GET", FlowPath, Samples.Error(404, message), 404);
        }

        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => client.GetFlowAsync(Samples.FlowId, Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Equal(message, error.ServerMessage);
        Assert.Single(Server.Requests);
    }
}

/// <summary>Against the 0.11 API, with the behaviour only 0.11 servers have.</summary>
public sealed class FlowOperationsTestsOn011() : FlowOperationsTests(StepflowApiGeneration.V011)
{
    [Fact]
    public async Task StoreFlowAsync_of_a_flow_with_maxRetries_posts_it_to_flows_as_is()
    {
        // 0.11 keeps integers in flows: no detour through a blob (docs/server-api.md §7.7).
        const string Flow = """{"steps":[{"id":"s","component":"/python/udf","onError":{"action":"retry","maxRetries":2}}]}""";
        Server.Json("POST", "/flows", Samples.StoredFlow);
        using var client = Server.Client();

        var stored = await client.StoreFlowAsync(FlowSource.FromJson(Flow), Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("POST", "/api/v1/flows"), (request.Method, request.Path));
        Assert.Equal(JsonNode.Parse(Flow)!.ToJsonString(), JsonObjectOf(request)["flow"]!.ToJsonString());
        Assert.Equal(Samples.FlowId, stored.FlowId);
        Assert.True(stored.Stored);
    }
}

/// <summary>
/// Against the 0.12/0.13 API, with the behaviour only 0.12/0.13 servers have: flows whose integers the server's float
/// detour would refuse are stored as <c>flow</c> blobs (docs/server-api.md §7.7).
/// </summary>
public sealed class FlowOperationsTestsOn013() : FlowOperationsTests(StepflowApiGeneration.V012)
{
    private const string BlobId = "5d2e8a41c0b7f39e6a1d4c2b8f07e5a93c6d1b2e4f5a6b7c8d9e0f1a2b3c4d5e";

    private const string RetryingFlow = """
        {"name":"retrying","steps":[{"id":"call","component":"/python/udf","input":{"n":{"$input":"$.n"}},"onError":{"action":"retry","maxRetries":2}},
        {"id":"quote","component":"/builtin/eval","input":{"$literal":{"onError":{"action":"retry","maxRetries":9}}}}],"output":{"$step":"call"}}
        """;

    // What the dry run gets: the same flow without maxRetries in any onError; a $literal is data and stays as it is.
    private const string RetryingFlowWithoutCounts = """
        {"name":"retrying","steps":[{"id":"call","component":"/python/udf","input":{"n":{"$input":"$.n"}},"onError":{"action":"retry"}},
        {"id":"quote","component":"/builtin/eval","input":{"$literal":{"onError":{"action":"retry","maxRetries":9}}}}],"output":{"$step":"call"}}
        """;

    private string ValidatedCopy => Samples.StoredFlow.Replace("\"stored\":true", "\"stored\":false", StringComparison.Ordinal);

    [Fact]
    public async Task StoreFlowAsync_of_a_flow_with_maxRetries_validates_a_copy_without_them_and_stores_the_flow_as_a_flow_blob()
    {
        Server.Json("POST", "/flows", ValidatedCopy);
        Server.Json("POST", "/blobs", $$"""{"blobId":"{{BlobId}}"}""");
        using var client = Server.Client();

        var stored = await client.StoreFlowAsync(FlowSource.FromJson(RetryingFlow), Server.Timeout);

        Assert.Collection(Server.Requests,
            validate =>
            {
                Assert.Equal(("POST", "/api/v1/flows"), (validate.Method, validate.Path));
                var body = JsonObjectOf(validate);
                Assert.Equal(["flow", "dryRun"], body.Select(member => member.Key));
                Assert.Equal(JsonNode.Parse(RetryingFlowWithoutCounts)!.ToJsonString(), body["flow"]!.ToJsonString());
                Assert.True(body["dryRun"]!.GetValue<bool>());
            },
            blob =>
            {
                Assert.Equal(("POST", "/api/v1/blobs"), (blob.Method, blob.Path));
                Assert.StartsWith("application/json", HeaderOf(blob, "Content-Type"), StringComparison.Ordinal);
                var body = JsonObjectOf(blob);
                Assert.Equal(["data", "blobType"], body.Select(member => member.Key));
                // The flow as written: the integer 2 stays an integer, as blobs keep it (docs/server-api.md §9.1).
                Assert.Equal(JsonNode.Parse(RetryingFlow)!.ToJsonString(), body["data"]!.ToJsonString());
                Assert.Equal("flow", body["blobType"]!.GetValue<string>());
            });
        // The blob id is the flow id; the diagnostics are the copy's.
        Assert.Equal(BlobId, stored.FlowId);
        Assert.True(stored.Stored);
        Assert.Equal("missingFlowDescription", Assert.Single(stored.Diagnostics).Kind);
    }

    [Fact]
    public async Task RunAsync_of_a_flow_with_maxRetries_runs_the_flow_blob_by_its_id()
    {
        Server.Json("POST", "/flows", ValidatedCopy);
        Server.Json("POST", "/blobs", $$"""{"blobId":"{{BlobId}}"}""");
        Server.Json("POST", "/runs", Samples.CreatedRunWithResult().Replace(Samples.FlowId, BlobId, StringComparison.Ordinal));
        using var client = Server.Client();

        var result = await client.RunAsync(FlowSource.FromJson(RetryingFlow), new { n = 1 }, cancellationToken: Server.Timeout);

        Assert.Equal(["/api/v1/flows", "/api/v1/blobs", "/api/v1/runs"], Server.Requests.Select(r => r.Path));
        var run = JsonObjectOf(Server.Requests[2]);
        Assert.Equal(BlobId, run["flowId"]!.GetValue<string>());
        AssertJsonEqual("""[{"n":1}]""", run["input"]);
        Assert.True(result.IsSuccess);
        Assert.Equal("Ada", result.Output!.GetValue<string>());
    }

    [Fact]
    public async Task ValidateAsync_of_a_flow_with_maxRetries_validates_the_copy_and_stores_nothing()
    {
        Server.Json("POST", "/flows", ValidatedCopy);
        using var client = Server.Client();

        var validation = await client.ValidateAsync(FlowSource.FromJson(RetryingFlow), Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(JsonNode.Parse(RetryingFlowWithoutCounts)!.ToJsonString(), JsonObjectOf(request)["flow"]!.ToJsonString());
        Assert.True(JsonObjectOf(request)["dryRun"]!.GetValue<bool>());
        Assert.Equal(Samples.FlowId, validation.FlowId);
        Assert.True(validation.IsValid);
    }

    [Fact]
    public async Task A_flow_with_maxRetries_whose_copy_has_fatal_problems_is_not_stored_and_RunAsync_refuses_it()
    {
        Server.Json("POST", "/flows", Samples.RejectedFlow);
        using var client = Server.Client();

        var stored = await client.StoreFlowAsync(FlowSource.FromJson(RetryingFlow), Server.Timeout);
        var error = await Assert.ThrowsAsync<StepflowInvalidFlowException>(
            () => client.RunAsync(FlowSource.FromJson(RetryingFlow), new { n = 1 }, cancellationToken: Server.Timeout));

        Assert.False(stored.Stored);
        Assert.Equal(DiagnosticLevel.Fatal, Assert.Single(stored.Diagnostics).Level);
        Assert.Contains("step 'hello' references itself", error.Message, StringComparison.Ordinal);
        // Only the two dry runs: no blob, no run.
        Assert.Equal(["/api/v1/flows", "/api/v1/flows"], Server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_flow_refused_for_a_floating_point_integer_is_stored_as_a_flow_blob()
    {
        // An integer field the client does not know of: POST /flows answers 400 `invalid flow definition: invalid type:
        // floating point …` and the client stores the flow unchecked as a blob (docs/server-api.md §7.7, §14 #1).
        Server.Json("POST", "/flows", Samples.Error(400, "invalid flow definition: invalid type: floating point `5.0`, expected u32"), 400);
        Server.Json("POST", "/blobs", $$"""{"blobId":"{{BlobId}}"}""");
        using var client = Server.Client();
        const string Flow = """{"steps":[{"id":"s","component":"/python/udf","futureLimit":5}]}""";

        var stored = await client.StoreFlowAsync(FlowSource.FromJson(Flow), Server.Timeout);

        Assert.Collection(Server.Requests,
            post =>
            {
                Assert.Equal("/api/v1/flows", post.Path);
                Assert.False(JsonObjectOf(post)["dryRun"]!.GetValue<bool>());
            },
            blob =>
            {
                Assert.Equal("/api/v1/blobs", blob.Path);
                AssertJsonEqual($$"""{"data":{{Flow}},"blobType":"flow"}""", JsonObjectOf(blob));
            });
        Assert.Equal(BlobId, stored.FlowId);
        Assert.True(stored.Stored);
        Assert.Empty(stored.Diagnostics);
    }

    [Fact]
    public async Task Other_invalid_flow_definitions_are_invalid_requests_and_store_nothing()
    {
        Server.Json("POST", "/flows", Samples.Error(400, "invalid flow definition: missing field `component`"), 400);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(
            () => client.StoreFlowAsync(FlowSource.FromJson("""{"steps":[{"id":"s"}]}"""), Server.Timeout));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("invalid flow definition: missing field `component`", error.ServerMessage);
        Assert.Equal(["/api/v1/flows"], Server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_dry_run_refused_for_a_floating_point_integer_is_an_invalid_request()
    {
        // Nothing is to be stored, so there is no blob to fall back to: the refusal is the answer.
        Server.Json("POST", "/flows", Samples.Error(400, "invalid flow definition: invalid type: floating point `5.0`, expected u32"), 400);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(
            () => client.ValidateAsync(FlowSource.FromJson("""{"steps":[{"id":"s","component":"/python/udf","futureLimit":5}]}"""), Server.Timeout));

        Assert.StartsWith("invalid flow definition: invalid type: floating point", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(["/api/v1/flows"], Server.Requests.Select(r => r.Path));
    }
}
