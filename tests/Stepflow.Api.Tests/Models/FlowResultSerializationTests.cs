using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Models;

/// <summary><c>FlowResult</c> is internally tagged by <c>outcome</c> (docs/server-api.md §4.1).</summary>
public class FlowResultSerializationTests
{
    [Fact]
    public void Success_WithStringResult_DeserializesToSuccessVariant()
    {
        var result = JsonAssert.Deserialize<FlowResult>("""{"outcome":"success","result":"Ada"}""");

        var success = Assert.IsType<FlowResultSuccess>(result);
        Assert.NotNull(success.Result);
        Assert.Equal(JsonValueKind.String, success.Result.GetValueKind());
        Assert.Equal("Ada", success.Result.GetValue<string>());
        Assert.Empty(success.AdditionalProperties);
    }

    [Fact]
    public void Success_SerializesBackWithOutcomeTagExactlyOnce()
    {
        var result = JsonAssert.Deserialize<FlowResult>("""{"result":"Ada","outcome":"success"}""");

        var json = JsonSerializer.Serialize(result, Stepflow.Api.Serialization.StepflowJson.Options);

        Assert.Equal(1, JsonAssert.CountProperty(json, "outcome"));
        JsonAssert.Equal("""{"outcome":"success","result":"Ada"}""", JsonNode.Parse(json));
    }

    [Fact]
    public void Failed_DeserializesToFailedVariantWithErrorCodeAndMessage()
    {
        var result = JsonAssert.Deserialize<FlowResult>(
            """{"outcome":"failed","error":{"code":"COMPONENT_FAILED","message":"echo failed: boom"}}""");

        var failed = Assert.IsType<FlowResultFailed>(result);
        Assert.Equal(TaskErrorCode.ComponentFailed, failed.Error.Code);
        Assert.Equal("echo failed: boom", failed.Error.Message);
        Assert.Null(failed.Error.Data);
    }

    [Fact]
    public void Failed_WithData_RoundTripsTagCodeMessageAndData()
    {
        const string wire = """{"outcome":"failed","error":{"code":"ORCHESTRATOR_ERROR","message":"state store error","data":{"stack":[{"error":"state store error","attachments":["sqlite: locked"]}]}}}""";
        var result = JsonAssert.Deserialize<FlowResult>(wire);

        var failed = Assert.IsType<FlowResultFailed>(result);
        Assert.Equal(TaskErrorCode.OrchestratorError, failed.Error.Code);
        Assert.Equal("sqlite: locked", failed.Error.Data!["stack"]![0]!["attachments"]![0]!.GetValue<string>());

        var json = JsonSerializer.Serialize(result, Stepflow.Api.Serialization.StepflowJson.Options);
        Assert.Equal(1, JsonAssert.CountProperty(json, "outcome"));
        JsonAssert.Equal(wire, JsonNode.Parse(json));
    }

    [Fact]
    public void Failed_WithoutData_SerializesCodeAsWireName()
    {
        FlowResult result = new FlowResultFailed
        {
            Error = new FlowError { Code = TaskErrorCode.ComponentFailed, Message = "boom" },
        };

        var node = JsonAssert.SerializeToNode(result)!.AsObject();

        Assert.Equal("failed", node["outcome"]!.GetValue<string>());
        Assert.Equal("COMPONENT_FAILED", node["error"]!["code"]!.GetValue<string>());
        Assert.Equal("boom", node["error"]!["message"]!.GetValue<string>());
        Assert.True(node["error"]!["data"] is null, "data must be absent or null when unset");
    }

    [Theory]
    [InlineData("""{"name":"Ada","tags":["a","b"],"nested":{"n":1.5,"ok":true,"none":null}}""")]
    [InlineData("""[1,"two",{"three":3},[4],null,false]""")]
    [InlineData("42")]
    [InlineData("-0.125")]
    [InlineData("12345678901234567890")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("\"\"")]
    public void Success_ResultOfAnyJsonShape_RoundTripsLosslessly(string resultJson)
    {
        var wire = """{"outcome":"success","result":""" + resultJson + "}";

        var result = JsonAssert.Deserialize<FlowResult>(wire);
        var success = Assert.IsType<FlowResultSuccess>(result);
        JsonAssert.Equal(JsonNode.Parse(resultJson), success.Result);

        var json = JsonSerializer.Serialize(result, Stepflow.Api.Serialization.StepflowJson.Options);
        Assert.Equal(1, JsonAssert.CountProperty(json, "outcome"));
        var node = JsonNode.Parse(json)!.AsObject();
        Assert.True(node.ContainsKey("result"), "result must be written even when it is JSON null");
        JsonAssert.Equal(wire, node);
    }

    [Fact]
    public void NestedInItemResult_KeepsVariantAndValues()
    {
        var item = JsonAssert.Deserialize<ItemResult>(
            """{"itemIndex":3,"status":"failed","result":{"outcome":"failed","error":{"code":"TIMEOUT","message":"step timed out"}},"completedAt":"2026-03-20T20:15:03.9Z"}""");

        Assert.Equal(3, item.ItemIndex);
        Assert.Equal(ExecutionStatus.Failed, item.Status);
        var failed = Assert.IsType<FlowResultFailed>(item.Result);
        Assert.Equal(TaskErrorCode.Timeout, failed.Error.Code);
        Assert.Equal("step timed out", failed.Error.Message);
        Assert.Equal(ContractSamples.CompletedAt, item.CompletedAt);
    }
}
