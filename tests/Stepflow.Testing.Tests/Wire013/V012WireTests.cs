using System.Text.Json.Nodes;

namespace Stepflow.Testing.Tests.Wire013;

/// <summary>0.12 answers like 0.13 except for component entries and the health answer's tag (docs/server-api.md §12.3).</summary>
public sealed class V012WireTests : RawWireTest
{
    public V012WireTests()
        : base(StepflowServerEmulation.V0_12)
    {
    }

    [Fact]
    public async Task Components_carry_component_instead_of_componentId_path_and_plugin()
    {
        Server.SetComponents(
            [StepflowModelFactory.ComponentInfo("/eval", "Runs a nested flow", JsonNode.Parse("""{"type":"object","maxProperties":3}"""), plugin: "builtin"),
             StepflowModelFactory.ComponentInfo("/summarize", plugin: "python")]);

        var listed = await GetAsync("components");
        var excluded = await GetAsync("components?excludeSchemas=true");

        Assert.Equal(
            """{"components":[{"component":"/eval","description":"Runs a nested flow","inputSchema":{"type":"object","maxProperties":3.0}},{"component":"/summarize"}],"complete":true,"failedPlugins":[]}""",
            listed.Body);
        Assert.Equal("""{"components":[{"component":"/eval","description":"Runs a nested flow"},{"component":"/summarize"}],"complete":true,"failedPlugins":[]}""", excluded.Body);
    }

    [Fact]
    public async Task Health_names_0_12_and_the_rest_of_the_wire_is_the_0_13_one()
    {
        var health = await GetAsync("health");
        var runId = await StartRunAsync(AddFlow(), extra: ""","wait":true,"timeoutSecs":20""");

        Assert.Equal("stepflow-0.12.0", (string?)health.Json["build"]!["gitVersion"]);
        Assert.False(health.Json.AsObject().ContainsKey("version"));
        Assert.Equal(2, (int)(await GetAsync($"runs/{runId}")).Json["summary"]!["status"]!);
        AssertEnvelope(await GetAsync($"runs/{Guid.Empty}"), 404, "NOT_FOUND", $"run '{Guid.Empty}' not found");
    }
}
