using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Ecosystem;

public sealed class AuthenticationTests : IDisposable
{
    private const string Secret = "sk-test-0123456789";
    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_bearer_token_is_sent_on_generated_and_raw_requests()
    {
        _server.Json("GET", "/health", """{"status":"healthy","timestamp":"2026-03-20T20:15:00+00:00","version":"0.11.1"}""");
        _server.Json("POST", "/flows", Samples.StoredFlow);
        using var client = _server.Client(o => o.BearerToken = Secret);

        await client.HealthCheckAsync(_server.Timeout);
        await client.StoreFlowAsync(FlowSource.FromYaml("name: x"), cancellationToken: _server.Timeout);

        Assert.All(_server.Requests, r => Assert.Equal($"Bearer {Secret}", r.Headers!["Authorization"].Single()));
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task An_api_key_is_sent_in_its_header()
    {
        _server.Json("GET", "/health", """{"status":"healthy","timestamp":"t","version":"v"}""");
        using var client = _server.Client(o =>
        {
            o.ApiKey = Secret;
            o.ApiKeyHeaderName = "X-Stepflow-Key";
        });

        await client.HealthCheckAsync(_server.Timeout);

        Assert.Equal(Secret, _server.Requests.Single().Headers!["X-Stepflow-Key"].Single());
    }

    [Theory]
    [InlineData("http://stepflow.example.com")]
    [InlineData("http://10.1.2.3:7840")]
    public void Credentials_over_plain_http_to_another_host_are_refused(string url)
    {
        var options = new StepflowClientOptions { BearerToken = Secret };

        var error = Assert.Throws<InvalidOperationException>(() => new StepflowClient(new Uri(url), options));

        Assert.Contains("plain http", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://stepflow.example.com", false)]
    [InlineData("http://localhost:7840", false)]
    [InlineData("http://127.0.0.1:7840", false)]
    [InlineData("http://stepflow.internal", true)]
    public void Credentials_are_allowed_over_https_to_loopback_or_when_explicitly_allowed(string url, bool allowHttp)
    {
        var options = new StepflowClientOptions { ApiKey = Secret, AllowCredentialsOverHttp = allowHttp };

        using var client = new StepflowClient(new Uri(url), options);

        Assert.Equal(new Uri(url + "/").Host, client.BaseAddress.Host);
    }

    [Fact]
    public void Options_never_show_their_secrets()
    {
        var options = new StepflowClientOptions { BearerToken = Secret, ApiKey = Secret + "2" };

        var text = options.ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("BearerToken = ***", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_do_not_carry_the_credentials()
    {
        _server.Text("GET", $"/runs/{Samples.RunIdText}", 401, """{"code":401,"message":"bad token"}""");
        using var client = _server.Client(o => o.BearerToken = Secret);

        var error = await Assert.ThrowsAsync<StepflowUnauthorizedException>(() => client.GetRunAsync(Samples.RunId, _server.Timeout));

        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }
}
