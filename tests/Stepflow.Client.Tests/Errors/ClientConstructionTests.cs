using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Errors;

/// <summary>
/// Server URL forms, caller-owned HttpClients, options, headers and disposal, on every server generation. Most clients
/// here are left on automatic detection, so the health answer that reaches them is also the detection probe (§1.2).
/// </summary>
public abstract class ClientConstructionTests : GenerationTest
{
    private const string Health011 = """{"status":"healthy","timestamp":"2026-03-20T20:15:00.123456789+00:00","version":"0.11.1"}""";

    protected ClientConstructionTests(StepflowApiGeneration generation)
        : base(generation)
    {
        Server.Json("GET", "/health", Health);
    }

    private string Health => OnWire(Health011, Samples.Health);

    private string Root => Server.Url.GetLeftPart(UriPartial.Authority);

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/api/v1")]
    [InlineData("/api/v1/")]
    public async Task Every_form_of_the_server_url_reaches_api_v1(string suffix)
    {
        using var client = new StepflowClient(new Uri(Root + suffix));

        var health = await client.HealthCheckAsync(Server.Timeout);

        Assert.Equal("healthy", health.Status);
        Assert.Equal(Generation, health.ApiGeneration);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("/api/v1/health", request.Path);
        Assert.Equal(new Uri(Root + "/"), client.BaseAddress);
    }

    [Fact]
    public async Task A_server_behind_a_path_prefix_keeps_the_prefix()
    {
        Server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/gateway/stepflow/api/v1/health").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Health));
        using var client = new StepflowClient(new Uri(Root + "/gateway/stepflow/api/v1/"));

        await client.HealthCheckAsync(Server.Timeout);

        Assert.Equal("/gateway/stepflow/api/v1/health", Assert.Single(Server.Requests).Path);
        Assert.Equal(new Uri(Root + "/gateway/stepflow/"), client.BaseAddress);
    }

    [Fact]
    public async Task A_caller_HttpClient_with_BaseAddress_is_used_and_not_disposed()
    {
        using var http = new HttpClient { BaseAddress = Server.Url };
        var client = new StepflowClient(http);

        var health = await client.HealthCheckAsync(Server.Timeout);
        client.Dispose();

        if (Is011)
        {
            Assert.Equal("0.11.1", health.Version);
        }
        else
        {
            Assert.Equal("stepflow-0.13.0", health.Build?.GitVersion);
        }

        using var response = await http.GetAsync(new Uri("api/v1/health", UriKind.Relative), Server.Timeout);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var second = new StepflowClient(http);
        Assert.Equal("healthy", (await second.HealthCheckAsync(Server.Timeout)).Status);
        Assert.Equal(3, Server.RequestsTo("GET", "/health").Count);
    }

    [Fact]
    public async Task A_caller_HttpClient_with_an_api_v1_BaseAddress_works()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Root + "/api/v1/") };
        using var client = new StepflowClient(http);

        await client.HealthCheckAsync(Server.Timeout);

        Assert.Equal("/api/v1/health", Assert.Single(Server.Requests).Path);
    }

    [Fact]
    public async Task A_caller_HttpClient_without_BaseAddress_works_with_an_explicit_url()
    {
        using var http = new HttpClient();
        using var client = new StepflowClient(http, Server.Url);

        await client.HealthCheckAsync(Server.Timeout);

        Assert.Equal("/api/v1/health", Assert.Single(Server.Requests).Path);
    }

    [Fact]
    public async Task Default_headers_and_the_user_agent_go_on_generated_and_raw_requests()
    {
        Server.Json("POST", "/flows", Samples.StoredFlow);
        Server.Json("POST", "/blobs", """{"blobId":"abc"}""");
        using var client = Server.Client(o =>
        {
            o.DefaultHeaders["X-Tenant"] = "acme";
            o.DefaultHeaders["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        });
        using var bytes = new MemoryStream([1, 2, 3]);

        await client.HealthCheckAsync(Server.Timeout);
        await client.StoreFlowAsync(FlowSource.FromJson("""{"name":"greet"}"""), cancellationToken: Server.Timeout);
        await client.StoreBinaryBlobAsync(bytes, cancellationToken: Server.Timeout);

        Assert.Equal(3, Server.Requests.Count);
        Assert.All(Server.Requests, request =>
        {
            Assert.Equal("acme", HeaderOf(request, "X-Tenant"));
            Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", HeaderOf(request, "traceparent"));
            Assert.StartsWith("Stepflow.Client/", HeaderOf(request, "User-Agent"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Later_changes_to_the_options_do_not_affect_the_client()
    {
        var options = new StepflowClientOptions();
        options.DefaultHeaders["X-Tenant"] = "acme";
        using var client = new StepflowClient(Server.Url, options);
        options.DefaultHeaders["X-Tenant"] = "other";
        options.DefaultHeaders["X-Added"] = "late";

        await client.HealthCheckAsync(Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("acme", HeaderOf(request, "X-Tenant"));
        Assert.Null(HeaderOf(request, "X-Added"));
    }

    public static TheoryData<string> CallsAfterDispose =>
        ["HealthCheck", "GetRun", "StoreFlow", "DownloadBlob", "StoreBinaryBlob", "ListRuns", "GetAllRuns", "CreateRun"];

    [Theory]
    [MemberData(nameof(CallsAfterDispose))]
    public async Task Calls_after_Dispose_throw_ObjectDisposedException(string call)
    {
        var client = Server.Client();
        client.Dispose();
        client.Dispose();
        using var bytes = new MemoryStream([1]);

        Task action() => call switch
        {
            "HealthCheck" => client.HealthCheckAsync(Server.Timeout),
            "GetRun" => client.GetRunAsync(Samples.RunId, Server.Timeout),
            "StoreFlow" => client.StoreFlowAsync(FlowSource.FromJson("""{"name":"greet"}"""), cancellationToken: Server.Timeout),
            "DownloadBlob" => client.DownloadBlobAsync("abc", Server.Timeout),
            "StoreBinaryBlob" => client.StoreBinaryBlobAsync(bytes, cancellationToken: Server.Timeout),
            "ListRuns" => client.ListRunsAsync(cancellationToken: Server.Timeout),
            "GetAllRuns" => client.GetAllRunsAsync(cancellationToken: Server.Timeout).GetAsyncEnumerator(Server.Timeout).MoveNextAsync().AsTask(),
            "CreateRun" => client.CreateRunAsync(Samples.FlowId, 1, cancellationToken: Server.Timeout),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        await Assert.ThrowsAsync<ObjectDisposedException>(action);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Disposing_a_client_over_a_caller_HttpClient_also_stops_its_calls()
    {
        using var http = new HttpClient { BaseAddress = Server.Url };
        var client = new StepflowClient(http);
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.HealthCheckAsync(Server.Timeout));

        Assert.Empty(Server.Requests);
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class ClientConstructionTestsOn011() : ClientConstructionTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API.</summary>
public sealed class ClientConstructionTestsOn013() : ClientConstructionTests(StepflowApiGeneration.V012);

/// <summary>Construction checks that refuse a client before any server is involved: the same for every generation, so run once.</summary>
public sealed class ClientConstructionWithoutServerTests
{
    private static readonly Uri AnyServer = new("http://localhost:7840/");

    [Fact]
    public void A_caller_HttpClient_without_BaseAddress_and_no_url_is_refused()
    {
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>(() => new StepflowClient(http));

        Assert.Equal("httpClient", error.ParamName);
    }

    [Theory]
    [InlineData("ftp://example.com/")]
    [InlineData("file:///tmp/stepflow")]
    [InlineData("ws://localhost:7840/")]
    public void A_non_http_url_is_refused(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => new StepflowClient(new Uri(url)));

        Assert.Equal("serverUrl", error.ParamName);
    }

    [Fact]
    public void A_relative_url_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new StepflowClient(new Uri("/api/v1", UriKind.Relative)));

        Assert.Equal("serverUrl", error.ParamName);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Equal("RequestTimeout", Assert.Throws<ArgumentOutOfRangeException>(
            () => new StepflowClient(AnyServer, new StepflowClientOptions { RequestTimeout = TimeSpan.Zero })).ParamName);
        Assert.Equal("DefaultWaitTimeout", Assert.Throws<ArgumentOutOfRangeException>(
            () => new StepflowClient(AnyServer, new StepflowClientOptions { DefaultWaitTimeout = TimeSpan.FromSeconds(-5) })).ParamName);
        Assert.Equal("LongPollWindow", Assert.Throws<ArgumentOutOfRangeException>(
            () => new StepflowClient(AnyServer, new StepflowClientOptions { LongPollWindow = TimeSpan.FromMilliseconds(500) })).ParamName);
        Assert.Equal("RunsPageSize", Assert.Throws<ArgumentOutOfRangeException>(
            () => new StepflowClient(AnyServer, new StepflowClientOptions { RunsPageSize = 0 })).ParamName);
    }

    [Fact]
    public void A_null_http_client_is_an_argument_null_error()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new StepflowClient((HttpClient)null!));
        Assert.Equal("httpClient", error.ParamName);
    }
}
