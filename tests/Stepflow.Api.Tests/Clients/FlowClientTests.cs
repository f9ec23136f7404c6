using System.Text.Json.Nodes;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Clients;

/// <summary>The four <c>/flows</c> operations (docs/server-api.md §7.2–§7.6).</summary>
public sealed class FlowClientTests : IDisposable
{
    private static readonly string FlowPath = "/api/v1/flows/" + ContractSamples.FlowId;

    private readonly MockStepflowServer _mock = new();

    public void Dispose() => _mock.Dispose();

    [Fact]
    public async Task StoreFlow_PostsE1Body_AndParsesDiagnostics()
    {
        _mock.RespondJson("POST", "/api/v1/flows", ContractSamples.E1StoreFlowResponse);
        var body = new StoreFlowRequest
        {
            Flow = new Flow
            {
                Name = "greet",
                Steps = [new Step { Id = "hello", Component = "/python/echo", Input = JsonNode.Parse("""{"msg":{"$input":"name"}}""") }],
                Output = JsonNode.Parse("""{"$step":"hello","path":"msg"}"""),
            },
            DryRun = true,
        };

        var response = await _mock.FlowClient().StoreFlowAsync(body, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/flows", request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.StartsWith("application/json", Assert.Single(MockStepflowServer.HeaderOf(request, "Content-Type")), StringComparison.Ordinal);
        var sent = MockStepflowServer.JsonBodyOf(request);
        Assert.True(sent!["dryRun"]!.GetValue<bool>());
        sent.AsObject().Remove("dryRun");
        JsonAssert.EqualIgnoringNullMembers(ContractSamples.E1StoreFlowRequest, sent);
        Assert.Equal(ContractSamples.FlowId, response.FlowId);
        Assert.True(response.Stored);
        Assert.Equal(1, response.Diagnostics.NumWarning);
        var diagnostic = Assert.Single(response.Diagnostics.Items);
        Assert.Equal("missingFlowDescription", diagnostic.Kind);
        Assert.Equal(DiagnosticLevel.Warning, diagnostic.Level);
    }

    [Fact]
    public async Task StoreFlow_FatalFlow_IsNotAnHttpError()
    {
        _mock.RespondJson("POST", "/api/v1/flows", ContractSamples.E2StoreFlowResponseFatal);

        var response = await _mock.FlowClient().StoreFlowAsync(new StoreFlowRequest { Flow = new Flow { Name = "self" } }, _mock.Timeout);

        Assert.False(response.Stored);
        Assert.Equal(1, response.Diagnostics.NumFatal);
        Assert.Equal("hello", Assert.Single(response.Diagnostics.Items).Data!["step_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetFlow_WithoutAllExamples_ParsesE3()
    {
        _mock.RespondJson("GET", FlowPath, ContractSamples.E3FlowResponse);

        var response = await _mock.FlowClient().GetFlowAsync(ContractSamples.FlowId, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal(FlowPath, request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.Equal(ContractSamples.FlowId, response.FlowId);
        Assert.Equal("greet", response.Flow.Name);
        JsonAssert.Equal("""{"msg":{"$input":"$.name"}}""", Assert.Single(response.Flow.Steps!).Input);
        Assert.Empty(response.AllExamples);
    }

    [Fact]
    public async Task DeleteFlow_EmptyBodyWithoutContentType_Succeeds()
    {
        _mock.Respond("DELETE", FlowPath, 200, body: null, contentType: null);

        await _mock.FlowClient().DeleteFlowAsync(ContractSamples.FlowId, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("DELETE", request.Method);
        Assert.Equal(FlowPath, request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
    }

    [Fact]
    public async Task GetFlowVariables_ParsesE18()
    {
        _mock.RespondJson("GET", FlowPath + "/variables", ContractSamples.E18FlowVariables);

        var response = await _mock.FlowClient().GetFlowVariablesAsync(ContractSamples.FlowId, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal(FlowPath + "/variables", request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.Equal(ContractSamples.FlowId, response.FlowId);
        Assert.Equal("OPENAI_API_KEY", response.EnvVars["api_key"]);
        Assert.True(response.Schema!["properties"]!["api_key"]!["is_secret"]!.GetValue<bool>());
        Assert.Equal("api_key", response.Schema["required"]![0]!.GetValue<string>());
    }
}
