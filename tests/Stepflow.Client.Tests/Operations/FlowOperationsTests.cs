using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Operations;

/// <summary>StoreFlowAsync, ValidateAsync, GetFlowAsync, DeleteFlowAsync, GetFlowVariablesAsync, GetVariablesFromEnvironmentAsync.</summary>
public sealed class FlowOperationsTests : IDisposable
{
    private const string FlowPath = "/flows/" + Samples.FlowId;

    // Keys in a deliberately unusual order, with keys the server does not model at several levels.
    private const string FlowJson = """
        {"zeta":{"b":2,"a":1},"name":"greet","steps":[{"input":{"msg":{"$input":"name"}},"id":"hello","component":"/python/echo","x-note":"kept"}],"output":{"$step":"hello","path":"msg"},"unknownTopLevel":[1,"two",null,1.50]}
        """;

    private static readonly string FlowResponse = Ids.Fill("""
        {"flow":{"name":"greet","steps":[{"id":"hello","component":"/python/echo","input":{"msg":{"$input":"$.name"}}}],
        "output":{"$step":"hello","path":"$.msg"}},"flowId":"@F@"}
        """);

    private static readonly string VariablesResponse = Ids.Fill("""
        {"flowId":"@F@","schema":{"type":"object","properties":{"api_key":{"type":"string","is_secret":true,
        "env_var":"OPENAI_API_KEY"}},"required":["api_key"]},"envVars":{"api_key":"OPENAI_API_KEY"}}
        """);

    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task StoreFlowAsync_sends_the_json_document_exactly_as_written_with_dryRun_false()
    {
        _server.Json("POST", "/flows", Samples.StoredFlow);
        using var client = _server.Client();

        var response = await client.StoreFlowAsync(FlowSource.FromJson(FlowJson), cancellationToken: _server.Timeout);

        var request = Assert.Single(_server.Requests);
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
        Assert.Equal(DiagnosticLevel.Warning, diagnostic.Level);
        Assert.Equal("flow has no description", diagnostic.Message);
        Assert.Equal("$.description", diagnostic.Path);
        Assert.Equal(1, response.WarningCount);
        Assert.Equal(0, response.FatalCount);
        Assert.Equal(0, response.ErrorCount);
        Assert.True(response.IsValid);
    }

    [Fact]
    public async Task StoreFlowAsync_dry_run_sends_dryRun_true()
    {
        _server.Json("POST", "/flows", Samples.StoredFlow.Replace("\"stored\":true", "\"stored\":false", StringComparison.Ordinal));
        using var client = _server.Client();

        // The dry run is ValidateAsync now; its result has no Stored flag (a dry run never stores).
        var response = await client.ValidateAsync(FlowSource.FromJson(FlowJson), _server.Timeout);

        var body = JsonObjectOf(Assert.Single(_server.RequestsTo("POST", "/flows")));
        Assert.True(body["dryRun"]!.GetValue<bool>());
        Assert.Equal(JsonNode.Parse(FlowJson)!.ToJsonString(), body["flow"]!.ToJsonString());
        Assert.Equal(Samples.FlowId, response.FlowId);
        Assert.Equal("missingFlowDescription", Assert.Single(response.Diagnostics).Kind);
        Assert.True(response.IsValid);
    }

    [Fact]
    public async Task StoreFlowAsync_returns_a_rejected_flow_instead_of_throwing()
    {
        _server.Json("POST", "/flows", Samples.RejectedFlow);
        using var client = _server.Client();

        var response = await client.StoreFlowAsync(FlowSource.FromJson(FlowJson), cancellationToken: _server.Timeout);

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
    }

    [Fact]
    public async Task StoreFlowAsync_of_a_stored_flow_reads_it_back_then_posts_that_document()
    {
        _server.Json("GET", FlowPath, FlowResponse);
        _server.Json("POST", "/flows", Samples.StoredFlow);
        using var client = _server.Client();

        var response = await client.StoreFlowAsync(FlowSource.Stored(Samples.FlowId), _server.Timeout);

        Assert.Collection(_server.Requests,
            first => Assert.Equal(("GET", "/api/v1" + FlowPath), (first.Method, first.Path)),
            second => Assert.Equal(("POST", "/api/v1/flows"), (second.Method, second.Path)));
        var body = JsonObjectOf(_server.Requests[1]);
        AssertJsonEqual(JsonNode.Parse(FlowResponse)!["flow"], WithoutNullMembers(body["flow"]));
        Assert.False(body["dryRun"]!.GetValue<bool>());
        Assert.Equal(Samples.FlowId, response.FlowId);
        Assert.True(response.Stored);

        // The dry run (ValidateAsync) of a stored flow reads it back the same way.
        var validation = await client.ValidateAsync(FlowSource.Stored(Samples.FlowId), _server.Timeout);

        Assert.Equal(4, _server.Requests.Count);
        Assert.Equal(("GET", "/api/v1" + FlowPath), (_server.Requests[2].Method, _server.Requests[2].Path));
        Assert.Equal(("POST", "/api/v1/flows"), (_server.Requests[3].Method, _server.Requests[3].Path));
        var dryRunBody = JsonObjectOf(_server.Requests[3]);
        AssertJsonEqual(JsonNode.Parse(FlowResponse)!["flow"], WithoutNullMembers(dryRunBody["flow"]));
        Assert.True(dryRunBody["dryRun"]!.GetValue<bool>());
        Assert.Equal(Samples.FlowId, validation.FlowId);
    }

    [Fact]
    public async Task GetFlowAsync_gets_the_flow_by_id()
    {
        _server.Json("GET", FlowPath, FlowResponse);
        using var client = _server.Client();

        var response = await client.GetFlowAsync(Samples.FlowId, _server.Timeout);

        var request = Assert.Single(_server.Requests);
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
        _server.Json("GET", FlowPath + "/variables", VariablesResponse);
        using var client = _server.Client();

        var response = await client.GetFlowVariablesAsync(Samples.FlowId, _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/api/v1" + FlowPath + "/variables"), (request.Method, request.Path));
        var variable = Assert.Single(response);
        Assert.Equal("api_key", variable.Name);
        Assert.Equal("OPENAI_API_KEY", variable.EnvironmentVariable);
        Assert.True(variable.IsRequired);
        Assert.True(variable.IsSecret);
        Assert.Null(variable.DefaultValue);
        AssertJsonEqual("""{"type":"string","is_secret":true,"env_var":"OPENAI_API_KEY"}""", variable.Schema);
    }

    [Fact]
    public async Task GetVariablesFromEnvironmentAsync_reads_the_mapped_environment_variables_and_skips_unset_ones()
    {
        var set = "STEPFLOW_TEST_" + Guid.NewGuid().ToString("N");
        var unset = "STEPFLOW_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        _server.Json("GET", FlowPath + "/variables", $$$"""
            {"flowId":"{{{Samples.FlowId}}}","envVars":{"api_key":"{{{set}}}","region":"{{{unset}}}"}}
            """);
        using var client = _server.Client();
        Environment.SetEnvironmentVariable(set, "sk-from-env");
        try
        {
            var values = await client.GetVariablesFromEnvironmentAsync(Samples.FlowId, _server.Timeout);

            Assert.Equal(new Dictionary<string, string> { ["api_key"] = "sk-from-env" }, values);
            var request = Assert.Single(_server.Requests);
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
        _server.Respond("DELETE", FlowPath, 200, body: null, contentType: null);
        using var client = _server.Client();

        await client.DeleteFlowAsync(Samples.FlowId, _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("DELETE", "/api/v1" + FlowPath), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
    }

    [Fact]
    public async Task GetFlowAsync_of_a_data_blob_is_an_invalid_request()
    {
        _server.Text("GET", FlowPath, 400, """{"code":400,"message":"Blob is not a flow"}""");
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(() => client.GetFlowAsync(Samples.FlowId, _server.Timeout));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.ErrorCode);
        Assert.Equal("Blob is not a flow", error.ServerMessage);
    }
}
