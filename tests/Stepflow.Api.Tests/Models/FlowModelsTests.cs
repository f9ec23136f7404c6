using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Models;

/// <summary>The Flow document (docs/server-api.md §7.1) and the flow endpoints' bodies (E1–E3, E18).</summary>
public class FlowModelsTests
{
    private const string FullFlow = """
        {
          "schema": "https://stepflow.org/schemas/v1/flow.json",
          "name": "greet",
          "description": "Greets people",
          "version": "1.2.0",
          "schemas": {"type":"object","properties":{"input":{"type":"object","properties":{"name":{"type":"string"}}},"variables":{"type":"object","properties":{"api_key":{"type":"string","is_secret":true}}}}},
          "steps": [
            {"id":"hello","component":"/python/echo","onError":{"action":"retry","maxRetries":2},"input":{"msg":{"$input":"$.name"},"key":{"$variable":"$.api_key","default":{"$literal":"none"}}},"mustExecute":true,"metadata":{"owner":"team-a"}},
            {"id":"shout","component":"/builtin/eval","onError":{"action":"useDefault","defaultValue":{"text":"HI"}},"input":{"$if":{"$step":"hello","path":"$.ok"},"then":{"$step":"hello"},"else":{"$coalesce":[{"$input":"$.fallback"},"n/a"]}},"futureStepKey":1}
          ],
          "output": {"$step":"shout","path":"$.text"},
          "test": {"config":{"plugins":{}},"cases":[{"name":"ada","description":"greets Ada","input":{"name":"Ada"},"output":{"outcome":"success","result":{"text":"HI"}}},{"name":"bad","input":{},"output":{"outcome":"failed","error":{"code":"INVALID_INPUT","message":"name missing"}}}]},
          "examples": [{"name":"ada","input":{"name":"Ada"}}],
          "metadata": {"ui":{"x":1}},
          "inputSchema": {"type":"object"}
        }
        """;

    [Fact]
    public void Flow_ReadsEveryMember()
    {
        var flow = JsonAssert.Deserialize<Flow>(FullFlow);

        Assert.Equal("greet", flow.Name);
        Assert.Equal("Greets people", flow.Description);
        Assert.Equal("1.2.0", flow.Version);
        Assert.Equal("string", flow.Schemas!["properties"]!["input"]!["properties"]!["name"]!["type"]!.GetValue<string>());
        Assert.True(flow.Schemas["properties"]!["variables"]!["properties"]!["api_key"]!["is_secret"]!.GetValue<bool>());
        JsonAssert.Equal("""{"$step":"shout","path":"$.text"}""", flow.Output);
        JsonAssert.Equal("""{"ui":{"x":1}}""", flow.Metadata);

        Assert.NotNull(flow.Steps);
        Assert.Equal(2, flow.Steps.Count);
        var hello = flow.Steps[0];
        Assert.Equal("hello", hello.Id);
        Assert.Equal("/python/echo", hello.Component);
        Assert.Equal(2, Assert.IsType<OnErrorRetry>(hello.OnError).MaxRetries);
        JsonAssert.Equal("""{"msg":{"$input":"$.name"},"key":{"$variable":"$.api_key","default":{"$literal":"none"}}}""", hello.Input);
        Assert.True(hello.MustExecute);
        JsonAssert.Equal("""{"owner":"team-a"}""", hello.Metadata);

        var shout = flow.Steps[1];
        Assert.Equal("shout", shout.Id);
        Assert.Equal("/builtin/eval", shout.Component);
        JsonAssert.Equal("""{"text":"HI"}""", Assert.IsType<OnErrorDefault>(shout.OnError).DefaultValue);
        JsonAssert.Equal(
            """{"$if":{"$step":"hello","path":"$.ok"},"then":{"$step":"hello"},"else":{"$coalesce":[{"$input":"$.fallback"},"n/a"]}}""",
            shout.Input);
        Assert.Null(shout.MustExecute);
        Assert.Null(shout.Metadata);

        Assert.NotNull(flow.Test);
        Assert.Null(flow.Test.ConfigFile);
        JsonAssert.Equal("""{"plugins":{}}""", flow.Test.Config);
        Assert.Equal(2, flow.Test.Cases!.Count);
        Assert.Equal("ada", flow.Test.Cases[0].Name);
        Assert.Equal("greets Ada", flow.Test.Cases[0].Description);
        JsonAssert.Equal("""{"name":"Ada"}""", flow.Test.Cases[0].Input);
        JsonAssert.Equal("""{"text":"HI"}""", Assert.IsType<FlowResultSuccess>(flow.Test.Cases[0].Output).Result);
        var bad = Assert.IsType<FlowResultFailed>(flow.Test.Cases[1].Output);
        Assert.Equal(TaskErrorCode.InvalidInput, bad.Error.Code);
        Assert.Equal("name missing", bad.Error.Message);

        var example = Assert.Single(flow.Examples!);
        Assert.Equal("ada", example.Name);
        JsonAssert.Equal("""{"name":"Ada"}""", example.Input);
    }

    [Fact]
    public void Flow_UnknownKeys_DoNotBreakReading()
    {
        var flow = JsonAssert.Deserialize<Flow>(FullFlow);

        // `schema` (YAML header) and legacy `inputSchema` are not Flow fields (docs/server-api.md §7.1): they are
        // kept aside, not mapped and not an error; the same holds for unknown step keys.
        Assert.Equal("greet", flow.Name);
        Assert.Equal(2, flow.Steps!.Count);
        Assert.Equal(["inputSchema", "schema"], flow.AdditionalProperties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("https://stepflow.org/schemas/v1/flow.json", ((JsonElement)flow.AdditionalProperties["schema"]).GetString());
        Assert.Empty(flow.Steps[0].AdditionalProperties);
        Assert.Equal(1, ((JsonElement)Assert.Single(flow.Steps[1].AdditionalProperties).Value).GetInt32());
    }

    [Fact]
    public void Flow_RoundTrip_PreservesExpressionsAndKnownMembers()
    {
        var flow = JsonAssert.Deserialize<Flow>(FullFlow);

        var node = JsonAssert.SerializeToNode(flow)!;

        Assert.Equal("greet", node["name"]!.GetValue<string>());
        JsonAssert.Equal(JsonNode.Parse(FullFlow)!["steps"]![1]!["input"], node["steps"]![1]!["input"]);
        // Unset optional members come back as explicit nulls, which the server accepts (docs/server-api.md §7.1).
        JsonAssert.EqualIgnoringNullMembers(JsonNode.Parse(FullFlow)!["test"]!["cases"]!.ToJsonString(), node["test"]!["cases"]);
        JsonAssert.Equal("""{"action":"retry","maxRetries":2}""", node["steps"]![0]!["onError"]);
        JsonAssert.Equal("""{"action":"useDefault","defaultValue":{"text":"HI"}}""", node["steps"]![1]!["onError"]);
        JsonAssert.Equal("""{"$step":"shout","path":"$.text"}""", node["output"]);
    }

    [Fact]
    public void StoreFlowRequest_E1_SerializesContractShape()
    {
        var request = new StoreFlowRequest
        {
            Flow = new Flow
            {
                Name = "greet",
                Steps =
                [
                    new Step { Id = "hello", Component = "/python/echo", Input = JsonNode.Parse("""{"msg":{"$input":"name"}}""") },
                ],
                Output = JsonNode.Parse("""{"$step":"hello","path":"msg"}"""),
            },
            DryRun = null,
        };

        JsonAssert.EqualIgnoringNullMembers(ContractSamples.E1StoreFlowRequest, JsonAssert.SerializeToNode(request));
    }

    [Fact]
    public void StoreFlowResponse_E1_WarningDiagnostic()
    {
        var response = JsonAssert.Deserialize<StoreFlowResponse>(ContractSamples.E1StoreFlowResponse);

        Assert.Equal(ContractSamples.FlowId, response.FlowId);
        Assert.True(response.Stored);
        Assert.Equal(0, response.Diagnostics.NumFatal);
        Assert.Equal(0, response.Diagnostics.NumError);
        Assert.Equal(1, response.Diagnostics.NumWarning);
        var diagnostic = Assert.Single(response.Diagnostics.Items);
        Assert.Equal("missingFlowDescription", diagnostic.Kind);
        Assert.Equal(1002, diagnostic.Code);
        Assert.Equal(DiagnosticLevel.Warning, diagnostic.Level);
        Assert.Equal("Flow has no description", diagnostic.Formatted);
        Assert.Equal("$.description", diagnostic.Path);
        Assert.Null(diagnostic.Data);
        Assert.Null(diagnostic.Experimental);
    }

    [Fact]
    public void StoreFlowResponse_E2_FatalDiagnosticKeepsSnakeCaseDataKeys()
    {
        var response = JsonAssert.Deserialize<StoreFlowResponse>(ContractSamples.E2StoreFlowResponseFatal);

        Assert.Equal(ContractSamples.FatalFlowId, response.FlowId);
        Assert.False(response.Stored);
        Assert.Equal(1, response.Diagnostics.NumFatal);
        Assert.Equal(0, response.Diagnostics.NumError);
        Assert.Equal(0, response.Diagnostics.NumWarning);
        var diagnostic = Assert.Single(response.Diagnostics.Items);
        Assert.Equal("selfReference", diagnostic.Kind);
        Assert.Equal(3002, diagnostic.Code);
        Assert.Equal(DiagnosticLevel.Fatal, diagnostic.Level);
        Assert.Equal("Step 'hello' references itself", diagnostic.Formatted);
        Assert.Equal("$.steps[0].input.msg", diagnostic.Path);
        Assert.True(diagnostic.Experimental);
        var data = Assert.IsType<JsonObject>(diagnostic.Data);
        Assert.Equal(["step_id", "referenced_step_id"], data.Select(p => p.Key));
        Assert.Equal("hello", data["step_id"]!.GetValue<string>());

        var roundTripped = JsonAssert.SerializeToNode(diagnostic)!;
        JsonAssert.Equal("""{"step_id":"hello","referenced_step_id":"hello"}""", roundTripped["data"]);
    }

    [Fact]
    public void FlowResponse_E3_ReadsNormalizedFlow()
    {
        var response = JsonAssert.Deserialize<FlowResponse>(ContractSamples.E3FlowResponse);

        Assert.Equal(ContractSamples.FlowId, response.FlowId);
        Assert.Equal("greet", response.Flow.Name);
        var step = Assert.Single(response.Flow.Steps!);
        Assert.Equal("hello", step.Id);
        Assert.Equal("/python/echo", step.Component);
        JsonAssert.Equal("""{"msg":{"$input":"$.name"}}""", step.Input);
        JsonAssert.Equal("""{"$step":"hello","path":"$.msg"}""", response.Flow.Output);
        Assert.Empty(response.AllExamples);
    }

    [Fact]
    public void RunFlowResponse_ReadsFlowAndId()
    {
        var response = JsonAssert.Deserialize<RunFlowResponse>(ContractSamples.E3FlowResponse);

        Assert.Equal(ContractSamples.FlowId, response.FlowId);
        Assert.Equal("greet", response.Flow.Name);
        Assert.Equal("hello", Assert.Single(response.Flow.Steps!).Id);
    }

    [Fact]
    public void FlowVariablesResponse_E18()
    {
        var response = JsonAssert.Deserialize<FlowVariablesResponse>(ContractSamples.E18FlowVariables);

        Assert.Equal(ContractSamples.FlowId, response.FlowId);
        JsonAssert.Equal(
            """{"type":"object","properties":{"api_key":{"type":"string","is_secret":true,"env_var":"OPENAI_API_KEY"}},"required":["api_key"]}""",
            response.Schema);
        Assert.Equal(new Dictionary<string, string> { ["api_key"] = "OPENAI_API_KEY" }, response.EnvVars);
    }

    [Fact]
    public void FlowVariablesResponse_WithoutSchemaAndEmptyEnvVars()
    {
        var response = JsonAssert.Deserialize<FlowVariablesResponse>(ContractSamples.Fill("""{"flowId":"<F>","envVars":{}}"""));

        Assert.Equal(ContractSamples.FlowId, response.FlowId);
        Assert.Null(response.Schema);
        Assert.Empty(response.EnvVars);
    }

    [Fact]
    public void Step_SerializesWithCamelCaseKeys()
    {
        var step = new Step { Id = "s", Component = "/builtin/eval", MustExecute = true, OnError = new OnErrorFail() };

        var json = JsonSerializer.Serialize(step, Stepflow.Api.Serialization.StepflowJson.Options);
        var node = JsonNode.Parse(json)!.AsObject();

        Assert.True(node["mustExecute"]!.GetValue<bool>());
        Assert.Equal("fail", node["onError"]!["action"]!.GetValue<string>());
        Assert.Equal("s", node["id"]!.GetValue<string>());
        Assert.Equal("/builtin/eval", node["component"]!.GetValue<string>());
    }
}
