using Stepflow.Client.Tests.Errors;
using Stepflow.Client.Tests.Infrastructure;
using WireMock.ResponseBuilders;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Ecosystem;

/// <summary>Credentials on every request, detection included, whichever server generation stands behind the gateway that reads them.</summary>
public abstract class AuthenticationTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    private const string Secret = "sk-test-0123456789";

    [Fact]
    public async Task A_bearer_token_is_sent_on_generated_and_raw_requests()
    {
        Server.Json("GET", "/health", OnWire("""{"status":"healthy","timestamp":"2026-03-20T20:15:00+00:00","version":"0.11.1"}""", Samples.Health));
        Server.Json("POST", "/flows", Samples.StoredFlow);
        using var client = Server.Client(o => o.BearerToken = Secret);

        await client.HealthCheckAsync(Server.Timeout);
        await client.StoreFlowAsync(FlowSource.FromYaml("name: x"), cancellationToken: Server.Timeout);

        Assert.All(Server.Requests, r => Assert.Equal($"Bearer {Secret}", r.Headers!["Authorization"].Single()));
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task An_api_key_is_sent_in_its_header()
    {
        Server.Json("GET", "/health", OnWire("""{"status":"healthy","timestamp":"t","version":"v"}""", Samples.Health));
        using var client = Server.Client(o =>
        {
            o.ApiKey = Secret;
            o.ApiKeyHeaderName = "X-Stepflow-Key";
        });

        await client.HealthCheckAsync(Server.Timeout);

        Assert.Equal(Secret, Server.Requests.Single().Headers!["X-Stepflow-Key"].Single());
    }

    [Fact]
    public async Task Credentials_are_also_sent_on_the_detection_request()
    {
        // With ApiGeneration left on Automatic, GET /health goes first (§1.2); a gateway that wants credentials sees it too.
        Server.Json("GET", "/health", Samples.Health);
        Server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("completed"));
        using var client = Server.Client(o =>
        {
            o.ApiGeneration = StepflowApiGeneration.Automatic;
            o.BearerToken = Secret;
            o.ApiKey = Secret + "-key";
        });

        var run = await client.GetRunAsync(Samples.RunId, Server.Timeout);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(["/api/v1/health", $"/api/v1/runs/{Samples.RunIdText}"], Server.Requests.Select(r => r.Path));
        Assert.All(Server.Requests, r =>
        {
            Assert.Equal($"Bearer {Secret}", HeaderOf(r, "Authorization"));
            Assert.Equal(Secret + "-key", HeaderOf(r, "X-API-Key"));
        });
    }

    [Fact]
    public async Task A_gateway_refusing_the_detection_request_is_unauthorized_and_the_next_call_detects_again()
    {
        // A 401 on the probe is about the credentials, not the server (§1.2); it must not be cached as a verdict either.
        Server.Script("GET", "/health",
            Response.Create().WithStatusCode(401).WithHeader("Content-Type", "text/plain").WithBody("missing credentials"),
            Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Samples.Health));
        using var client = Server.Client(o =>
        {
            o.ApiGeneration = StepflowApiGeneration.Automatic;
            o.BearerToken = Secret;
        });

        var refused = await Assert.ThrowsAsync<StepflowUnauthorizedException>(() => client.HealthCheckAsync(Server.Timeout));
        var health = await client.HealthCheckAsync(Server.Timeout);

        Assert.Equal(401, refused.StatusCode);
        Assert.DoesNotContain(Secret, refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(Generation, health.ApiGeneration);
        Assert.Equal(2, Server.RequestsTo("GET", "/health").Count);
    }

    [Fact]
    public async Task Failures_do_not_carry_the_credentials()
    {
        Server.ServiceError("GET", $"/runs/{Samples.RunIdText}", 401, OnWire("""{"code":401,"message":"bad token"}""", Samples.Error(401, "bad token")));
        using var client = Server.Client(o => o.BearerToken = Secret);

        var error = await Assert.ThrowsAsync<StepflowUnauthorizedException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal("bad token", error.ServerMessage);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class AuthenticationTestsOn011() : AuthenticationTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API.</summary>
public sealed class AuthenticationTestsOn013() : AuthenticationTests(StepflowApiGeneration.V012);

/// <summary>Checks of the credential options themselves, made before any request: the same for every generation, so run once.</summary>
public sealed class AuthenticationWithoutServerTests
{
    private const string Secret = "sk-test-0123456789";

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
}
