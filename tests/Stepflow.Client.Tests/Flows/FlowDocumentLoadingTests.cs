using System.Text.Json.Nodes;

namespace Stepflow.Client.Tests.Flows;

public class FlowDocumentLoadingTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Flows", "Fixtures", name);

    private static Task<JsonObject> Load(string name) => FlowSource.FromFile(Fixture(name)).LoadAsync();

    [Fact]
    public async Task Yaml_and_json_files_of_the_same_flow_load_to_the_same_document_apart_from_extra_keys()
    {
        var yaml = await Load("greet.yaml");
        var json = await Load("greet.json");

        Assert.Equal("https://stepflow.org/schemas/v1/flow.json", yaml["schema"]!.GetValue<string>());
        yaml.Remove("schema");
        yaml.Remove("description");
        Assert.True(JsonNode.DeepEquals(json, yaml), $"{json.ToJsonString()}\n{yaml.ToJsonString()}");
    }

    [Fact]
    public async Task Expressions_and_key_order_pass_through_untouched()
    {
        var flow = await Load("greet.yaml");
        Assert.Equal(["schema", "name", "description", "steps", "output"], flow.Select(p => p.Key));
        Assert.Equal("""{"$input":"name"}""", flow["steps"]![0]!["input"]!["msg"]!.ToJsonString());
        Assert.Equal("""{"$step":"hello","path":"msg"}""", flow["output"]!.ToJsonString());
    }

    [Theory]
    [InlineData("int", "42")]
    [InlineData("negative", "-7")]
    [InlineData("plus", "5")]
    [InlineData("leadingZeros", "7")]
    [InlineData("big", "123456789012345678901234567890")]
    [InlineData("hex", "31")]
    [InlineData("octal", "15")]
    [InlineData("float", "3.25")]
    [InlineData("floatExp", "1.5e3")]
    [InlineData("dotFloat", "0.5")]
    [InlineData("trailingDot", "2.0")]
    [InlineData("version", "1.10")]
    [InlineData("quotedNumber", "\"123\"")]
    [InlineData("singleQuoted", "\"0x1F\"")]
    [InlineData("yes11", "\"yes\"")]
    [InlineData("trueValue", "true")]
    [InlineData("falseCaps", "false")]
    [InlineData("date", "\"2026-03-20\"")]
    [InlineData("literal", "\"line one\\nline two\\n\"")]
    [InlineData("taggedString", "\"99\"")]
    [InlineData("unknownKey", "\"kept\"")]
    public async Task Yaml_scalars_follow_the_yaml_1_2_core_schema_and_keep_their_digits(string key, string expectedJson)
    {
        var metadata = (await Load("scalars.yaml"))["metadata"]!.AsObject();
        Assert.Equal(expectedJson, metadata[key]?.ToJsonString() ?? "null");
    }

    [Theory]
    [InlineData("nullWord")]
    [InlineData("tilde")]
    [InlineData("empty")]
    public async Task Yaml_null_forms_become_json_null_and_the_key_is_kept(string key)
    {
        var metadata = (await Load("scalars.yaml"))["metadata"]!.AsObject();
        Assert.True(metadata.ContainsKey(key));
        Assert.Null(metadata[key]);
    }

    [Fact]
    public async Task A_literal_expression_is_carried_verbatim()
    {
        var metadata = (await Load("scalars.yaml"))["metadata"]!;
        Assert.Equal("""{"$literal":{"$input":"not-an-expression"}}""", metadata["expression"]!.ToJsonString());
    }

    [Fact]
    public async Task Anchors_and_merge_keys_are_expanded()
    {
        var flow = await Load("scalars.yaml");
        var step = flow["steps"]![0]!.AsObject();
        Assert.Equal("/builtin/eval", step["component"]!.GetValue<string>());
        Assert.Equal("first", step["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_file_is_reported_with_its_path()
    {
        var path = Fixture("does-not-exist.yaml");
        var error = await Assert.ThrowsAsync<StepflowFlowLoadException>(() => FlowSource.FromFile(path).LoadAsync());
        Assert.Equal(path, error.FilePath);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_yaml_is_reported_with_file_and_line()
    {
        var error = await Assert.ThrowsAsync<StepflowFlowLoadException>(() => Load("bad-indent.yaml"));
        Assert.EndsWith("bad-indent.yaml", error.FilePath, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
        Assert.Contains("not valid YAML (line 4)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_json_is_reported_with_file_and_line()
    {
        var error = await Assert.ThrowsAsync<StepflowFlowLoadException>(() => Load("broken.json"));
        Assert.Equal(2, error.Line);
        Assert.Contains("not valid JSON (line 2)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list.yaml", "a list")]
    [InlineData("string.json", "string")]
    public async Task A_document_that_is_not_a_mapping_is_rejected(string file, string found)
    {
        var error = await Assert.ThrowsAsync<StepflowFlowLoadException>(() => Load(file));
        Assert.Contains(found, error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_with_two_yaml_documents_is_rejected()
    {
        var error = await Assert.ThrowsAsync<StepflowFlowLoadException>(() => Load("two-documents.yaml"));
        Assert.Contains("2 YAML documents", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicated_key_is_rejected_instead_of_silently_keeping_one_value()
    {
        var error = await Assert.ThrowsAsync<StepflowFlowLoadException>(() => Load("duplicate-key.yaml"));
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yaml_infinity_is_rejected_because_json_cannot_hold_it()
    {
        var error = await Assert.ThrowsAsync<StepflowFlowLoadException>(() => Load("infinity.yaml"));
        Assert.Equal(3, error.Line);
        Assert.Contains(".inf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inline_yaml_text_and_json_objects_load_and_are_copied()
    {
        var fromYaml = await FlowSource.FromYaml("name: inline\nsteps: []\n").LoadAsync();
        Assert.Equal("""{"name":"inline","steps":[]}""", fromYaml.ToJsonString());

        var original = new JsonObject { ["name"] = "mutable" };
        var source = FlowSource.FromJson(original);
        original["name"] = "changed";
        Assert.Equal("mutable", (await source.LoadAsync())["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Empty_yaml_text_is_rejected()
    {
        var error = await Assert.ThrowsAsync<StepflowFlowLoadException>(() => FlowSource.FromYaml("   \n").LoadAsync());
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
        Assert.Null(error.FilePath);
    }

    [Fact]
    public void Blank_paths_and_ids_are_rejected_before_anything_is_read()
    {
        Assert.Throws<ArgumentException>(() => FlowSource.FromFile(" "));
        Assert.Throws<ArgumentException>(() => FlowSource.Stored(""));
        Assert.Throws<ArgumentNullException>(() => FlowSource.FromFile(null!));
    }

    [Fact]
    public async Task A_stored_flow_source_has_no_document_to_load()
    {
        var source = FlowSource.Stored("abc");
        Assert.Equal("abc", source.StoredFlowId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => source.LoadAsync());
    }
}
