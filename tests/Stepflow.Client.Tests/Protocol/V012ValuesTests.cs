using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Client.Protocol.V012;

namespace Stepflow.Client.Tests.Protocol;

/// <summary>The 0.12/0.13 value encodings (docs/server-api.md §4.1, §4.3).</summary>
public sealed class V012ValuesTests
{
    [Theory]
    [InlineData("""{"n":7.0}""", """{"n":7}""")]
    [InlineData("""{"a":[1.0,2.5,-3.0,0.0]}""", """{"a":[1,2.5,-3,0]}""")]
    [InlineData("""{"deep":{"deeper":[{"x":1e3}]}}""", """{"deep":{"deeper":[{"x":1000}]}}""")]
    [InlineData("""{"big":9007199254740992.0}""", """{"big":9007199254740992}""")]
    [InlineData("""{"beyond":9007199254740994.0}""", """{"beyond":9007199254740994.0}""")]
    [InlineData("""{"s":"7.0","b":true,"z":null}""", """{"s":"7.0","b":true,"z":null}""")]
    [InlineData("""{"i":7}""", """{"i":7}""")]
    public void Integral_floats_become_integers_within_2_to_the_53(string wire, string expected)
    {
        var node = V012Values.Integral(JsonNode.Parse(wire));

        Assert.Equal(expected, node!.ToJsonString());
    }

    [Fact]
    public void A_bare_integral_float_value_becomes_an_integer()
    {
        var node = V012Values.Integral(JsonNode.Parse("42.0"));

        Assert.Equal(42, node!.GetValue<long>());
        Assert.Equal("42", node.ToJsonString());
    }

    [Fact]
    public void Integral_keeps_key_order()
    {
        var node = V012Values.Integral(JsonNode.Parse("""{"z":1.0,"a":"x","m":2.0}"""));

        Assert.Equal(["z", "a", "m"], node!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData(0, "unspecified")]
    [InlineData(1, "running")]
    [InlineData(2, "completed")]
    [InlineData(3, "failed")]
    [InlineData(4, "cancelled")]
    [InlineData(5, "paused")]
    [InlineData(6, "recoveryFailed")]
    [InlineData(9, "9")]
    public void Run_statuses_come_from_the_proto_numbering(int wire, string expected) =>
        Assert.Equal(new RunStatus(expected), V012Values.RunStatusOf(WireEnum.Of(wire)));

    [Theory]
    [InlineData(0, "runnable")]
    [InlineData(1, "running")]
    [InlineData(2, "completed")]
    [InlineData(3, "failed")]
    public void Step_statuses_fold_as_the_server_folds_them(int wire, string expected) =>
        Assert.Equal(new StepStatus(expected), V012Values.StepStatusOf(WireEnum.Of(wire)));

    [Theory]
    [InlineData(1, "fatal")]
    [InlineData(2, "error")]
    [InlineData(3, "warning")]
    [InlineData(0, "0")]
    [InlineData(4, "4")]
    public void Diagnostic_levels_start_at_one(int wire, string expected) =>
        Assert.Equal(new DiagnosticLevel(expected), V012Values.LevelOf(WireEnum.Of(wire)));

    [Theory]
    [InlineData(3, "COMPONENT_FAILED")]
    [InlineData(10, "WORKER_ERROR")]
    [InlineData(11, "11")]
    public void Error_codes_come_from_the_proto_numbering(int wire, string expected) =>
        Assert.Equal(new TaskErrorCode(expected), V012Values.ErrorCodeOf(WireEnum.Of(wire)));

    [Theory]
    [InlineData("\"EXECUTION_STATUS_COMPLETED\"", "completed")]
    [InlineData("\"EXECUTION_STATUS_RECOVERY_FAILED\"", "recoveryFailed")]
    [InlineData("\"EXECUTION_STATUS_SOMETHING_NEW\"", "something_new")]
    [InlineData("\"2\"", "completed")]
    [InlineData("2", "completed")]
    public void A_server_that_follows_its_document_and_sends_names_is_read_too(string json, string expected)
    {
        var value = JsonSerializer.Deserialize<WireEnum>(json);

        Assert.Equal(new RunStatus(expected), V012Values.RunStatusOf(value));
    }

    [Fact]
    public void A_status_filter_is_sent_as_its_integer()
    {
        Assert.Equal(2, V012Values.NumberOf(RunStatus.Completed));
        Assert.Equal(6, V012Values.NumberOf(RunStatus.RecoveryFailed));
        Assert.Equal(9, V012Values.NumberOf(new RunStatus("9")));
        Assert.Null(V012Values.NumberOf(new RunStatus("made-up")));
    }
}
