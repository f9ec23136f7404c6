using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Clients;

/// <summary><c>GET /components</c> (op <c>listComponents</c>).</summary>
public sealed class ComponentClientTests : IDisposable
{
    private readonly MockStepflowServer _mock = new();

    public void Dispose() => _mock.Dispose();

    [Fact]
    public async Task ListComponents_WithIncludeSchemasFalse_SendsQuery_AndParsesE17()
    {
        _mock.RespondJson("GET", "/api/v1/components", ContractSamples.E17ListComponents);

        var response = await _mock.ComponentClient().ListComponentsAsync(includeSchemas: false, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/components", request.Path);
        Assert.Equal(new Dictionary<string, string> { ["includeSchemas"] = "false" }, MockStepflowServer.QueryOf(request));
        Assert.False(response.Complete);
        Assert.Equal(["/builtin/eval", "/python/udf"], response.Components.Select(c => c.Component));
        Assert.Equal("Evaluate a nested flow", response.Components[0].Description);
        var failure = Assert.Single(response.FailedPlugins!);
        Assert.Equal("langflow", failure.Plugin);
        Assert.Equal("connection refused", failure.Error);
    }

    [Fact]
    public async Task ListComponents_WithSchemas_MapsSnakeCaseSchemas()
    {
        _mock.RespondJson("GET", "/api/v1/components", ContractSamples.E17ListComponentsWithSchemas);

        var response = await _mock.ComponentClient().ListComponentsAsync(cancellationToken: _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("/api/v1/components", request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.True(response.Complete);
        var component = Assert.Single(response.Components);
        Assert.Equal("flow", component.InputSchema!["required"]![0]!.GetValue<string>());
        Assert.Equal("object", component.OutputSchema!["type"]!.GetValue<string>());
    }
}
