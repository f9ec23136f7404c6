using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Clients;

/// <summary><c>GET /health</c> (op <c>healthCheck</c>).</summary>
public sealed class HealthClientTests : IDisposable
{
    private readonly MockStepflowServer _mock = new();

    public void Dispose() => _mock.Dispose();

    [Fact]
    public async Task HealthCheck_SendsGetWithoutQuery_AndParsesE19()
    {
        _mock.RespondJson("GET", "/api/v1/health", ContractSamples.E19Health);

        var health = await _mock.HealthClient().HealthCheckAsync(cancellationToken: _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/health", request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.Contains("application/json", MockStepflowServer.HeaderOf(request, "Accept"));
        Assert.Equal("healthy", health.Status);
        Assert.Equal("2026-03-20T20:15:00.123456789+00:00", health.Timestamp);
        Assert.Equal("0.11.1", health.Version);
    }

    [Fact]
    public async Task HealthCheck_WithErrorHook_SendsErrorQueryParameter()
    {
        _mock.RespondText("GET", "/api/v1/health", 500, """{"code":500,"message":"Forced error: boom"}""");

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.HealthClient().HealthCheckAsync("boom", _mock.Timeout));

        var request = _mock.SingleRequest();
        Assert.Equal("/api/v1/health", request.Path);
        Assert.Equal(new Dictionary<string, string> { ["error"] = "boom" }, MockStepflowServer.QueryOf(request));
        Assert.Equal(500, ex.StatusCode);
        var error = ex.GetError<ErrorResponse>();
        Assert.NotNull(error);
        Assert.Equal(500, error.Code);
        Assert.Equal("Forced error: boom", error.Message);
    }
}
