using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.Client.Tests.Serialization;

/// <summary>
/// The application's own values (inputs, variables, outputs read back): camelCase web JSON, common shapes without
/// reflection, and a clear error instead of a crash where a trimmed or AOT application turned reflection off.
/// </summary>
public sealed partial class ValueJsonTests
{
    private sealed record Order(string CustomerEmail, int Quantity);

    [JsonSerializable(typeof(Order))]
    private sealed partial class OrderJson : JsonSerializerContext;

    [Fact]
    public void With_reflection_on_any_object_is_written_in_camel_case()
    {
        var node = ValueJson.ToNode(new Order("ada@example.com", 2), ValueJson.Create(reflectionEnabled: true), "input");

        Assert.Equal("""{"customerEmail":"ada@example.com","quantity":2}""", node!.ToJsonString());
    }

    [Fact]
    public void With_reflection_off_common_shapes_still_serialize()
    {
        var options = ValueJson.Create(reflectionEnabled: false);
        var values = new Dictionary<string, object> { ["name"] = "Ada", ["count"] = 3, ["tags"] = new[] { "a", "b" }, ["ok"] = true };

        Assert.Equal("""{"name":"Ada","count":3,"tags":["a","b"],"ok":true}""", ValueJson.ToNode(values, options, "input")!.ToJsonString());
        Assert.Equal("\"text\"", ValueJson.ToNode("text", options, "input")!.ToJsonString());
        Assert.Equal("42", ValueJson.ToNode(42L, options, "input")!.ToJsonString());
    }

    [Fact]
    public void With_reflection_off_an_unknown_type_is_a_clear_argument_error_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(
            () => ValueJson.ToNode(new Order("ada@example.com", 2), ValueJson.Create(reflectionEnabled: false), "input"));

        Assert.Equal("input", error.ParamName);
        Assert.Contains("JsonNode", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Order), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_is_sent_as_a_copy_and_an_element_as_its_json()
    {
        var node = new JsonObject { ["a"] = 1 };
        var copy = ValueJson.ToNode(node, "input");
        node["a"] = 2;

        Assert.Equal("""{"a":1}""", copy!.ToJsonString());
        Assert.Equal("[1,2]", ValueJson.ToNode(JsonDocument.Parse("[1,2]").RootElement, "input")!.ToJsonString());
        Assert.Null(ValueJson.ToNode(null, "input"));
    }

    [Fact]
    public void GetOutput_with_source_generated_metadata_reads_the_output_without_reflection()
    {
        var output = JsonNode.Parse("""{"CustomerEmail":"ada@example.com","Quantity":2}""");
        var result = new RunResult(Guid.NewGuid(), RunStatus.Completed, [new ItemResult { ItemIndex = 0, Status = RunStatus.Completed, Outcome = ResultOutcome.Succeeded, Output = output }]);

        Assert.Equal(new Order("ada@example.com", 2), result.GetOutput(OrderJson.Default.Order));
    }

    [Fact]
    public void GetOutput_with_source_generated_metadata_still_refuses_an_unfinished_run_and_null_metadata()
    {
        var result = new RunResult(Guid.NewGuid(), RunStatus.Running, []);

        Assert.Throws<InvalidOperationException>(() => result.GetOutput(OrderJson.Default.Order));
        Assert.Throws<ArgumentNullException>(() => result.GetOutput<Order>((System.Text.Json.Serialization.Metadata.JsonTypeInfo<Order>)null!));
    }
}
