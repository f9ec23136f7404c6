using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Tests;

/// <summary>Blobs, flows, components and health through the client, against each emulated generation.</summary>
public abstract class BlobAndFlowTests(StepflowServerEmulation emulation) : ServerTest(emulation)
{
    private bool Is011 => Server.Emulation == StepflowServerEmulation.V0_11;

    [Fact]
    public async Task A_JSON_blob_round_trips_with_its_filename_under_the_hash_of_its_compact_JSON()
    {
        var data = JsonNode.Parse("""{ "code": "input['a'] + input['b']", "n": 1 }""");

        var stored = await Client.StoreBlobAsync(data, BlobType.Data, "udf.json", Timeout);
        var read = await Client.GetBlobAsync(stored.BlobId, Timeout);

        Assert.Equal("udf.json", stored.Filename);
        Assert.Equal(Sha256("""{"code":"input['a'] + input['b']","n":1}"""u8.ToArray()), stored.BlobId);
        Assert.True(JsonNode.DeepEquals(data, read.Data));
        Assert.Equal(BlobType.Data, read.BlobType);
        Assert.Equal("udf.json", read.Filename);
        Assert.Equal(stored.BlobId, read.BlobId);
    }

    [Fact]
    public async Task A_binary_blob_round_trips_as_bytes_with_its_filename_and_type()
    {
        var bytes = new byte[] { 0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0x10, 0x80 };
        using var upload = new MemoryStream(bytes);

        var stored = await Client.StoreBinaryBlobAsync(upload, "doc.pdf", Timeout);
        await using var content = await Client.DownloadBlobAsync(stored.BlobId, Timeout);
        using var copy = new MemoryStream();
        await content.Content.CopyToAsync(copy, Timeout);

        Assert.Equal(Sha256(bytes), stored.BlobId);
        Assert.Equal("doc.pdf", stored.Filename);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal("doc.pdf", content.Filename);
        Assert.Equal(BlobType.Binary, content.BlobType);

        var missing = await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.GetBlobAsync(new string('0', 64), Timeout));
        Assert.Equal(404, missing.StatusCode);
        if (Is011)
        {
            Assert.Equal($"Blob '{new string('0', 64)}' not found", missing.ServerMessage);
        }
        else
        {
            // The 0.13 blob routes answer with a bare status: no body, so no message (docs/server-api.md §3.4, §9.2).
            Assert.Null(missing.ServerMessage);
            Assert.True(string.IsNullOrEmpty(missing.ResponseBody));
        }
    }

    [Fact]
    public async Task A_stored_flow_is_read_back_and_its_variables_list_their_environment_variables()
    {
        var flow = Flow();
        flow["schemas"] = JsonNode.Parse("""
            { "type": "object", "properties": { "variables": { "type": "object",
              "properties": { "api_key": { "type": "string", "env_var": "OPENAI_API_KEY" }, "model": { "type": "string" } } } } }
            """);
        flow["examples"] = JsonNode.Parse("""[{ "name": "ada", "input": { "name": "Ada" } }]""");

        var stored = await Client.StoreFlowAsync(FlowSource.FromJson(flow), cancellationToken: Timeout);
        var again = await Client.StoreFlowAsync(FlowSource.FromJson(flow), cancellationToken: Timeout);
        var read = await Client.GetFlowAsync(stored.FlowId, Timeout);
        var variables = await Client.GetFlowVariablesAsync(stored.FlowId, Timeout);

        Assert.Equal(stored.FlowId, again.FlowId);
        Assert.Matches("^[0-9a-f]{64}$", stored.FlowId);
        Assert.Equal(0, stored.FatalCount);
        Assert.Empty(stored.Diagnostics);
        Assert.Equal("greet", read.Name);
        Assert.Equal(2, read.Document["steps"]!.AsArray().Count);
        var example = Assert.Single(read.Examples);
        Assert.Equal("ada", example.Name);
        Assert.Equal("Ada", (string?)example.Input?["name"]);
        Assert.Equal(["api_key", "model"], variables.Select(v => v.Name));
        Assert.Equal(new Dictionary<string, string> { ["api_key"] = "OPENAI_API_KEY" },
            variables.Where(v => v.EnvironmentVariable is not null).ToDictionary(v => v.Name, v => v.EnvironmentVariable!));
        var raw = (await Client.SendRequestAsync(HttpMethod.Get, $"flows/{stored.FlowId}/variables", cancellationToken: Timeout)).ReadAsJson();
        Assert.Equal(stored.FlowId, (string?)raw!["flowId"]);
        if (Is011)
        {
            // The answer's own envVars map (the SDK would also fall back to the schema's env_var).
            Assert.Equal("""{"api_key":"OPENAI_API_KEY"}""", raw["envVars"]!.ToJsonString());
        }
        else
        {
            // 0.13 has no envVars map: each variable carries its own envVar, and none is required here (docs/server-api.md §7.6).
            Assert.Null(raw["envVars"]);
            Assert.Equal("""{"api_key":{"required":false,"envVar":"OPENAI_API_KEY"},"model":{"required":false}}""", raw["variables"]!.ToJsonString());
        }

        await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.GetFlowAsync(new string('a', 64), Timeout));
    }

    [Fact]
    public async Task The_validator_adds_diagnostics_and_a_fatal_one_keeps_the_flow_from_being_stored()
    {
        Server.FlowValidator = flow => flow["description"] is null
            ? [StepflowModelFactory.Diagnostic(DiagnosticLevel.Warning, "missingFlowDescription", path: "$.description")]
            : [];
        var validation = await Client.ValidateAsync(FlowSource.FromJson(Flow()), Timeout);
        Assert.True(validation.IsValid);
        Assert.Equal(1, validation.WarningCount);
        Assert.Equal("$.description", Assert.Single(validation.Diagnostics).Path);
        Assert.Empty(Server.Flows);

        Server.FlowValidator = _ => [StepflowModelFactory.Diagnostic(DiagnosticLevel.Fatal, "selfReference", message: "step refers to itself")];
        var error = await Assert.ThrowsAsync<StepflowInvalidFlowException>(() =>
            Client.RunAsync(FlowSource.FromJson(Flow()), new { name = "Ada" }, cancellationToken: Timeout));
        Assert.Contains("step refers to itself", error.Message, StringComparison.Ordinal);
        Assert.Equal("selfReference", Assert.Single(error.Diagnostics).Kind);
        Assert.Empty(Server.Runs);
    }

    [Fact]
    public async Task Components_and_health_answer_as_configured()
    {
        var health = await Client.HealthCheckAsync(Timeout);
        Assert.Equal("healthy", health.Status);
        if (Is011)
        {
            Assert.Equal("0.11.1", health.Version);
            Assert.Null(health.Build);
        }
        else
        {
            // 0.12/0.13 report a build object instead of a version (docs/server-api.md §5).
            Assert.Null(health.Version);
            Assert.Equal("stepflow-0.13.0", health.Build?.GitVersion);
        }

        Server.SetComponents(
            [StepflowModelFactory.ComponentInfo("/python/udf", "Run code", inputSchema: JsonNode.Parse("""{"type":"object"}""")),
             StepflowModelFactory.ComponentInfo("/builtin/eval")],
            [StepflowModelFactory.PluginFailure("langflow", "down")]);
        var listed = await Client.ListComponentsAsync(new ListComponentsOptions { IncludeSchemas = false }, Timeout);
        Assert.Equal(["/builtin/eval", "/python/udf"], listed.Select(c => c.Path));
        Assert.Equal("Run code", listed[1].Description);
        Assert.Null(listed[1].InputSchema);
        Assert.False(listed.IsComplete);
        Assert.Equal(new PluginFailure("langflow", "down"), Assert.Single(listed.FailedPlugins));

        var withSchemas = await ((IStepflowExecutor)Client).ListComponentsAsync(Timeout);
        Assert.NotNull(withSchemas[1].InputSchema);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}

/// <summary>Against the 0.11 emulation.</summary>
public sealed class BlobAndFlowTestsOn011() : BlobAndFlowTests(StepflowServerEmulation.V0_11);

/// <summary>Against the 0.13 emulation.</summary>
public sealed class BlobAndFlowTestsOn013() : BlobAndFlowTests(StepflowServerEmulation.V0_13);
