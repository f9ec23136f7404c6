using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Errors;

/// <summary>Server URL forms, caller-owned HttpClients, options, headers and disposal.</summary>
public sealed class ClientConstructionTests : IDisposable
{
    private const string Health = """{"status":"healthy","timestamp":"2026-03-20T20:15:00.123456789+00:00","version":"0.11.1"}""";

    private readonly FakeServer _server = new();

    public ClientConstructionTests()
    {
        _server.Json("GET", "/health", Health);
    }

    public void Dispose() => _server.Dispose();

    private string Root => _server.Url.GetLeftPart(UriPartial.Authority);

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/api/v1")]
    [InlineData("/api/v1/")]
    public async Task Every_form_of_the_server_url_reaches_api_v1(string suffix)
    {
        using var client = new StepflowClient(new Uri(Root + suffix));

        var health = await client.HealthCheckAsync(_server.Timeout);

        Assert.Equal("healthy", health.Status);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/api/v1/health", request.Path);
        Assert.Equal(new Uri(Root + "/"), client.BaseAddress);
    }

    [Fact]
    public async Task A_server_behind_a_path_prefix_keeps_the_prefix()
    {
        _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/gateway/stepflow/api/v1/health").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Health));
        using var client = new StepflowClient(new Uri(Root + "/gateway/stepflow/api/v1/"));

        await client.HealthCheckAsync(_server.Timeout);

        Assert.Equal("/gateway/stepflow/api/v1/health", Assert.Single(_server.Requests).Path);
        Assert.Equal(new Uri(Root + "/gateway/stepflow/"), client.BaseAddress);
    }

    [Fact]
    public async Task A_caller_HttpClient_with_BaseAddress_is_used_and_not_disposed()
    {
        using var http = new HttpClient { BaseAddress = _server.Url };
        var client = new StepflowClient(http);

        var health = await client.HealthCheckAsync(_server.Timeout);
        client.Dispose();

        Assert.Equal("0.11.1", health.Version);
        using var response = await http.GetAsync(new Uri("api/v1/health", UriKind.Relative), _server.Timeout);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var second = new StepflowClient(http);
        Assert.Equal("healthy", (await second.HealthCheckAsync(_server.Timeout)).Status);
        Assert.Equal(3, _server.RequestsTo("GET", "/health").Count);
    }

    [Fact]
    public async Task A_caller_HttpClient_with_an_api_v1_BaseAddress_works()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Root + "/api/v1/") };
        using var client = new StepflowClient(http);

        await client.HealthCheckAsync(_server.Timeout);

        Assert.Equal("/api/v1/health", Assert.Single(_server.Requests).Path);
    }

    [Fact]
    public async Task A_caller_HttpClient_without_BaseAddress_works_with_an_explicit_url()
    {
        using var http = new HttpClient();
        using var client = new StepflowClient(http, _server.Url);

        await client.HealthCheckAsync(_server.Timeout);

        Assert.Equal("/api/v1/health", Assert.Single(_server.Requests).Path);
    }

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
            () => new StepflowClient(_server.Url, new StepflowClientOptions { RequestTimeout = TimeSpan.Zero })).ParamName);
        Assert.Equal("DefaultWaitTimeout", Assert.Throws<ArgumentOutOfRangeException>(
            () => new StepflowClient(_server.Url, new StepflowClientOptions { DefaultWaitTimeout = TimeSpan.FromSeconds(-5) })).ParamName);
        Assert.Equal("LongPollWindow", Assert.Throws<ArgumentOutOfRangeException>(
            () => new StepflowClient(_server.Url, new StepflowClientOptions { LongPollWindow = TimeSpan.FromMilliseconds(500) })).ParamName);
        Assert.Equal("RunsPageSize", Assert.Throws<ArgumentOutOfRangeException>(
            () => new StepflowClient(_server.Url, new StepflowClientOptions { RunsPageSize = 0 })).ParamName);
    }

    [Fact]
    public async Task Default_headers_and_the_user_agent_go_on_generated_and_raw_requests()
    {
        _server.Json("POST", "/flows", Samples.StoredFlow);
        _server.Json("POST", "/blobs", """{"blobId":"abc"}""");
        using var client = _server.Client(o =>
        {
            o.DefaultHeaders["X-Tenant"] = "acme";
            o.DefaultHeaders["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        });
        using var bytes = new MemoryStream([1, 2, 3]);

        await client.HealthCheckAsync(_server.Timeout);
        await client.StoreFlowAsync(FlowSource.FromJson("""{"name":"greet"}"""), cancellationToken: _server.Timeout);
        await client.StoreBinaryBlobAsync(bytes, cancellationToken: _server.Timeout);

        Assert.Equal(3, _server.Requests.Count);
        Assert.All(_server.Requests, request =>
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
        using var client = new StepflowClient(_server.Url, options);
        options.DefaultHeaders["X-Tenant"] = "other";
        options.DefaultHeaders["X-Added"] = "late";

        await client.HealthCheckAsync(_server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("acme", HeaderOf(request, "X-Tenant"));
        Assert.Null(HeaderOf(request, "X-Added"));
    }

    public static TheoryData<string> CallsAfterDispose =>
        ["HealthCheck", "GetRun", "StoreFlow", "DownloadBlob", "StoreBinaryBlob", "ListRuns", "GetAllRuns", "CreateRun"];

    [Theory]
    [MemberData(nameof(CallsAfterDispose))]
    public async Task Calls_after_Dispose_throw_ObjectDisposedException(string call)
    {
        var client = _server.Client();
        client.Dispose();
        client.Dispose();
        using var bytes = new MemoryStream([1]);

        Task action() => call switch
        {
            "HealthCheck" => client.HealthCheckAsync(_server.Timeout),
            "GetRun" => client.GetRunAsync(Samples.RunId, _server.Timeout),
            "StoreFlow" => client.StoreFlowAsync(FlowSource.FromJson("""{"name":"greet"}"""), cancellationToken: _server.Timeout),
            "DownloadBlob" => client.DownloadBlobAsync("abc", _server.Timeout),
            "StoreBinaryBlob" => client.StoreBinaryBlobAsync(bytes, cancellationToken: _server.Timeout),
            "ListRuns" => client.ListRunsAsync(cancellationToken: _server.Timeout),
            "GetAllRuns" => client.GetAllRunsAsync(cancellationToken: _server.Timeout).GetAsyncEnumerator(_server.Timeout).MoveNextAsync().AsTask(),
            "CreateRun" => client.CreateRunAsync(Samples.FlowId, 1, cancellationToken: _server.Timeout),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        await Assert.ThrowsAsync<ObjectDisposedException>(action);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Disposing_a_client_over_a_caller_HttpClient_also_stops_its_calls()
    {
        using var http = new HttpClient { BaseAddress = _server.Url };
        var client = new StepflowClient(http);
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.HealthCheckAsync(_server.Timeout));

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void A_null_http_client_is_an_argument_null_error()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new StepflowClient((HttpClient)null!));
        Assert.Equal("httpClient", error.ParamName);
    }
}
