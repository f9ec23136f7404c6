using System.Text.Json.Nodes;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Models;

/// <summary><c>Step.onError</c> (<c>ErrorAction</c>) is tagged by <c>action</c> (docs/server-api.md §7.1).</summary>
public class ErrorActionSerializationTests
{
    private static Step ReadStep(string onError) =>
        JsonAssert.Deserialize<Step>("""{"id":"hello","component":"/python/echo","onError":""" + onError + "}");

    [Fact]
    public void Fail_DeserializesAndSerializesBack()
    {
        var step = ReadStep("""{"action":"fail"}""");

        Assert.IsType<OnErrorFail>(step.OnError);
        var node = JsonAssert.SerializeToNode(step)!;
        JsonAssert.Equal("""{"action":"fail"}""", node["onError"]);
    }

    [Theory]
    [InlineData("\"n/a\"")]
    [InlineData("""{"greeting":"hi","count":0,"tags":[]}""")]
    [InlineData("[1,2,3]")]
    [InlineData("0")]
    [InlineData("false")]
    public void UseDefault_KeepsDefaultValueOfAnyShape(string defaultValue)
    {
        var step = ReadStep("""{"defaultValue":""" + defaultValue + ""","action":"useDefault"}""");

        var useDefault = Assert.IsType<OnErrorDefault>(step.OnError);
        JsonAssert.Equal(JsonNode.Parse(defaultValue), useDefault.DefaultValue);

        var node = JsonAssert.SerializeToNode(step)!;
        JsonAssert.Equal("""{"action":"useDefault","defaultValue":""" + defaultValue + "}", node["onError"]);
    }

    [Fact]
    public void UseDefault_WithoutDefaultValue_HasNullDefault()
    {
        var step = ReadStep("""{"action":"useDefault"}""");

        var useDefault = Assert.IsType<OnErrorDefault>(step.OnError);
        Assert.Null(useDefault.DefaultValue);
        Assert.Equal("useDefault", JsonAssert.SerializeToNode(step)!["onError"]!["action"]!.GetValue<string>());
    }

    [Fact]
    public void Retry_KeepsMaxRetries()
    {
        var step = ReadStep("""{"action":"retry","maxRetries":5}""");

        var retry = Assert.IsType<OnErrorRetry>(step.OnError);
        Assert.Equal(5, retry.MaxRetries);

        var node = JsonAssert.SerializeToNode(step)!;
        JsonAssert.Equal("""{"action":"retry","maxRetries":5}""", node["onError"]);
    }

    [Fact]
    public void Retry_WithoutMaxRetries_LeavesItUnset()
    {
        var step = ReadStep("""{"action":"retry"}""");

        var retry = Assert.IsType<OnErrorRetry>(step.OnError);
        Assert.Null(retry.MaxRetries);
    }

    [Fact]
    public void OnErrorNullOrAbsent_IsNull()
    {
        Assert.Null(ReadStep("null").OnError);
        Assert.Null(JsonAssert.Deserialize<Step>("""{"id":"a","component":"/builtin/eval"}""").OnError);
    }

    [Fact]
    public void ActionTag_IsWrittenExactlyOnce()
    {
        var step = new Step { Id = "hello", Component = "/python/echo", OnError = new OnErrorRetry { MaxRetries = 2 } };

        var json = System.Text.Json.JsonSerializer.Serialize(step, Stepflow.Api.Serialization.StepflowJson.Options);

        Assert.Equal(1, JsonAssert.CountProperty(json, "action"));
        Assert.Equal("retry", JsonNode.Parse(json)!["onError"]!["action"]!.GetValue<string>());
    }
}
