using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Tests.Wire013;

/// <summary>Health, components, routing and flows on the emulated 0.13 wire (docs/server-api.md §2, §5–§7).</summary>
public sealed class SystemAndFlowWireTests : RawWireTest
{
    [Fact]
    public async Task Health_has_a_build_object_a_Z_timestamp_and_no_version()
    {
        var health = await GetAsync("health");

        Assert.Equal(200, health.Status);
        Assert.Equal("application/json", health.MediaType);
        AssertTimestamp(health.Json["timestamp"]);
        Assert.Equal(
            """{"status":"healthy","timestamp":"T","build":{"gitVersion":"stepflow-0.13.0","dirty":false,"rustcVersion":"rustc 1.94.0 (4a4ef493e 2026-03-02)","profile":"release","features":[],"target":"x86_64-unknown-linux-gnu"}}""",
            WithoutTimes(health.Body));
    }

    [Fact]
    public async Task Components_are_0_13_entries_with_float_schemas_and_excludeSchemas_is_the_switch()
    {
        Server.SetComponents(
            [StepflowModelFactory.ComponentInfo("/summarize", plugin: "python"),
             StepflowModelFactory.ComponentInfo("/eval", "Runs a nested flow", inputSchema: JsonNode.Parse("""{"type":"object","minProperties":1}"""), plugin: "builtin")],
            [StepflowModelFactory.PluginFailure("langflow", "worker unreachable")]);

        var listed = await GetAsync("components");
        var excluded = await GetAsync("components?excludeSchemas=true");
        var oldSwitch = await GetAsync("components?includeSchemas=false");

        Assert.Equal(
            """{"components":[{"componentId":"/eval","description":"Runs a nested flow","inputSchema":{"type":"object","minProperties":1.0},"path":"/eval","plugin":"builtin"},{"componentId":"/summarize","path":"/summarize","plugin":"python"}],"complete":false,"failedPlugins":[{"plugin":"langflow","error":"worker unreachable"}]}""",
            listed.Body);
        Assert.Equal(
            """{"components":[{"componentId":"/eval","description":"Runs a nested flow","path":"/eval","plugin":"builtin"},{"componentId":"/summarize","path":"/summarize","plugin":"python"}],"complete":false,"failedPlugins":[{"plugin":"langflow","error":"worker unreachable"}]}""",
            excluded.Body);
        Assert.Equal(listed.Body, oldSwitch.Body); // 0.11's switch is an unknown key: ignored.

        Server.SetComponents([]);
        Assert.Equal("""{"components":[],"complete":true,"failedPlugins":[]}""", (await GetAsync("components")).Body);
    }

    [Fact]
    public async Task Unknown_routes_get_the_gRPC_fallback_wrong_methods_405_with_allow_and_HEAD_works()
    {
        var openApi = await GetAsync("openapi.json");
        var trailingSlash = await GetAsync("runs/");
        var wrongMethod = await SendAsync(HttpMethod.Put, "health", "{}");
        var wrongOnRun = await SendAsync(HttpMethod.Post, $"runs/{Guid.NewGuid()}", "{}");
        var head = await SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("health", UriKind.Relative)));

        foreach (var unknown in (Raw[])[openApi, trailingSlash])
        {
            Assert.Equal(200, unknown.Status);
            Assert.Equal("application/grpc", unknown.ContentType);
            Assert.Equal("12", unknown.Header("grpc-status"));
            Assert.Empty(unknown.Bytes);
        }

        AssertEmpty(wrongMethod, 405);
        Assert.Equal("GET,HEAD", wrongMethod.Header("allow"));
        Assert.Equal("GET,HEAD,DELETE", wrongOnRun.Header("allow"));
        Assert.Equal(200, head.Status);
    }

    [Fact]
    public async Task Storing_a_flow_answers_diagnostics_with_integer_levels_float_data_and_experimental_always()
    {
        Server.FlowValidator = _ =>
        [
            StepflowModelFactory.Diagnostic(DiagnosticLevel.Warning, "missingFlowDescription", 1002, "Flow has no description", "$.description"),
            StepflowModelFactory.Diagnostic(DiagnosticLevel.Error, "unusedStep", 2001, "Step is never used", "$.steps[1]", JsonNode.Parse("""{"step_index":1}""")),
        ];

        var stored = await PostAsync("flows", Fill("""{"flow":%0%}""", Flow().ToJsonString()));
        var dryRun = await PostAsync("flows", Fill("""{"flow":%0%,"dryRun":true}""", Flow("other").ToJsonString()));

        Assert.Equal(200, stored.Status);
        var flowId = (string)stored.Json["flowId"]!;
        Assert.Matches("^[0-9a-f]{64}$", flowId);
        Assert.Equal(
            Fill("""{"flowId":"%0%","stored":true,"diagnostics":{"diagnostics":[{"kind":"missingFlowDescription","code":1002,"level":3,"formatted":"Flow has no description","path":"$.description","experimental":false},{"kind":"unusedStep","code":2001,"level":2,"formatted":"Step is never used","data":{"step_index":1.0},"path":"$.steps[1]","experimental":false}],"numFatal":0,"numError":1,"numWarning":1}}""", flowId),
            stored.Body);
        Assert.False((bool)dryRun.Json["stored"]!);
        Assert.Contains(flowId, Server.Flows.Keys);
        Assert.DoesNotContain((string)dryRun.Json["flowId"]!, Server.Flows.Keys);
    }

    [Fact]
    public async Task Flow_bodies_are_refused_with_the_envelope_or_the_framework_texts()
    {
        AssertEnvelope(await PostAsync("flows", "{}"), 400, "INVALID_ARGUMENT", "flow is required");
        AssertEnvelope(await PostAsync("flows", """{"flow":null}"""), 400, "INVALID_ARGUMENT", "flow is required");
        AssertEnvelope(await PostAsync("flows", """{"flow":{"steps":[{"id":"a"}]}}"""), 400, "INVALID_ARGUMENT",
            "invalid flow definition: missing field `component`");
        AssertPlainText(await PostAsync("flows", """{"flow":[]}"""), 422, "Failed to deserialize the JSON body into the target type: ");
        AssertPlainText(await PostAsync("flows", """{"flow":{},"dryRun":null}"""), 422, "Failed to deserialize the JSON body into the target type: ");
        AssertPlainText(await PostAsync("flows", "{not json"), 400, "Failed to parse the request body as JSON: ");
        AssertPlainText(await PostAsync("flows", "{}", contentType: "text/plain"), 415, "Expected request with `Content-Type: application/json`");
        AssertPlainText(await PostAsync("flows", "{}", contentType: null), 415, "Expected request with `Content-Type: application/json`");
        Assert.Empty(Server.Flows);
    }

    [Fact]
    public async Task A_flow_with_maxRetries_is_refused_by_POST_flows_but_runs_when_stored_as_a_flow_blob()
    {
        var flow = Flow("retrying");
        flow["steps"]![0]!["onError"] = new JsonObject { ["action"] = "retry", ["maxRetries"] = 2 };

        var refused = await PostAsync("flows", Fill("""{"flow":%0%}""", flow.ToJsonString()));
        AssertEnvelope(refused, 400, "INVALID_ARGUMENT", "invalid flow definition: invalid type: floating point `2.0`, expected u32");

        var blob = await PostAsync("blobs", Fill("""{"data":%0%,"blobType":"flow"}""", flow.ToJsonString()));
        var flowId = (string)blob.Json["blobId"]!;
        var read = await GetAsync($"flows/{flowId}");
        var variables = await GetAsync($"flows/{flowId}/variables");
        var run = await PostAsync("runs", Fill("""{"flowId":"%0%","input":[{"name":"Ada"}],"wait":true,"timeoutSecs":20}""", flowId));

        Assert.Equal(200, read.Status);
        Assert.Contains("\"onError\":{\"action\":\"retry\",\"maxRetries\":2.0}", read.Body, StringComparison.Ordinal);
        Assert.Equal(Fill("""{"flowId":"%0%","variables":{}}""", flowId), variables.Body);
        Assert.Equal(2, (int)run.Json["summary"]!["status"]!);
        Assert.Equal("retrying", (string?)run.Json["summary"]!["flowName"]);
        // The blob itself keeps the integer: blobs are plain JSON.
        Assert.Contains("\"maxRetries\":2}", (await GetAsync($"blobs/{flowId}")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flow_reads_back_through_a_Struct_with_allExamples_always_and_checked_ids()
    {
        var flow = Flow();
        flow["steps"]![0]!["input"] = JsonNode.Parse("""{"count":3,"ratio":0.25,"big":10000000000000000,"tiny":1e-7}""");
        var flowId = AddFlow(flow);
        var withExamples = Flow("examples");
        withExamples["examples"] = JsonNode.Parse("""[{"name":"ada","input":{"n":1}}]""");
        withExamples["test"] = JsonNode.Parse("""{"cases":[{"name":"ada","input":{"n":9}},{"name":"bob","description":"second","input":null}]}""");
        var examplesId = AddFlow(withExamples);
        var dataBlob = (string)(await PostAsync("blobs", """{"data":{"n":1}}""")).Json["blobId"]!;

        var read = await GetAsync($"flows/{flowId}");
        var examples = await GetAsync($"flows/{examplesId}");

        Assert.Equal(
            Fill("""{"flow":{"name":"greet","steps":[{"id":"hello","component":"/python/echo","input":{"count":3.0,"ratio":0.25,"big":1e16,"tiny":1e-7}},{"id":"shout","component":"/python/upper","input":{"$step":"hello"}}],"output":{"$step":"shout"}},"flowId":"%0%","allExamples":[]}""", flowId),
            read.Body);
        Assert.Equal("""[{"name":"ada","input":{"n":1.0}},{"name":"bob","description":"second","input":null}]""", examples.Json["allExamples"]!.ToJsonString());
        AssertEnvelope(await GetAsync("flows/nonexistent"), 400, "INVALID_ARGUMENT", "invalid flow_id format");
        AssertEnvelope(await GetAsync($"flows/{new string('a', 64)}"), 404, "NOT_FOUND", $"flow '{new string('a', 64)}' not found");
        AssertEnvelope(await GetAsync($"flows/{flowId.ToUpperInvariant()}"), 404, "NOT_FOUND", $"flow '{flowId.ToUpperInvariant()}' not found");
        AssertEnvelope(await GetAsync($"flows/{dataBlob}"), 400, "INVALID_ARGUMENT", "blob is not a flow");
        AssertEnvelope(await GetAsync($"flows/{dataBlob}/variables"), 400, "INVALID_ARGUMENT", "blob is not a flow");
    }

    [Fact]
    public async Task Variables_list_default_required_and_envVar_and_deleting_a_flow_is_always_an_empty_object()
    {
        var flow = Flow();
        flow["schemas"] = JsonNode.Parse("""
            {"type":"object","properties":{"variables":{"type":"object","required":["api_key"],"properties":{
              "api_key":{"type":"string","env_var":"SEARCH_API_KEY","description":"never sent on 0.13"},
              "top_k":{"type":"integer","default":5}}}}}
            """);
        var flowId = AddFlow(flow);

        var variables = await GetAsync($"flows/{flowId}/variables");
        var deleted = await SendAsync(HttpMethod.Delete, $"flows/{flowId}");
        var deletedNonsense = await SendAsync(HttpMethod.Delete, "flows/not-even-an-id");

        Assert.Equal(
            Fill("""{"flowId":"%0%","variables":{"api_key":{"required":true,"envVar":"SEARCH_API_KEY"},"top_k":{"defaultValue":5.0,"required":false}}}""", flowId),
            variables.Body);
        Assert.Equal((200, "{}", "application/json"), (deleted.Status, deleted.Body, deleted.MediaType));
        Assert.Equal((200, "{}"), (deletedNonsense.Status, deletedNonsense.Body));
        Assert.Equal(200, (await GetAsync($"flows/{flowId}")).Status); // Nothing is deleted.
    }

    [Fact]
    public async Task CreateClient_pins_the_client_to_the_0_12_API_unless_the_options_choose()
    {
        var options = new StepflowClientOptions();
        Server.CreateClient(options); // Disposed with the server.
        var chosen = new StepflowClientOptions { ApiGeneration = StepflowApiGeneration.V011 };
        Server.CreateClient(chosen);

        Assert.Equal(StepflowApiGeneration.V012, options.ApiGeneration);
        Assert.Equal(StepflowApiGeneration.V011, chosen.ApiGeneration);
        Assert.Equal(StepflowServerEmulation.V0_13, Server.Emulation);
    }
}
