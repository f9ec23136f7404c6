using System.Globalization;
using Stepflow.Client.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Stepflow.Client.Tests.Errors;

/// <summary>How server answers and transport failures become the client's exceptions (docs/server-api.md §2, §3.1).</summary>
public sealed class ErrorMappingTests : IDisposable
{
    private const string RunPath = "/runs/" + Samples.RunIdText;

    private const string AnalysisFailure = """
        {"code":400,"message":"error analyzing workflow","stack":[{"error":"error analyzing workflow","attachments":["1 fatal, 0 errors, 0 warnings"]},{"error":"step 'hello' references itself"}]}
        """;

    private const string FlowJson = """{"name":"greet","steps":[]}""";

    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    private Task<RunDetails> GetRun(StepflowClient client) => client.GetRunAsync(Samples.RunId, _server.Timeout);

    [Fact]
    public async Task Not_found_with_an_ErrorResponse_body_carries_status_message_details_and_body()
    {
        _server.Text("GET", RunPath, 404, Samples.ErrorNotFound);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => GetRun(client));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal($"Execution '{Samples.RunIdText}' not found", error.ServerMessage);
        Assert.Equal([$"Execution '{Samples.RunIdText}' not found"], error.Details);
        Assert.Equal(Samples.ErrorNotFound, error.ResponseBody);
        Assert.NotNull(error.ServerError);
        Assert.Equal(404, error.ServerError.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Contains($"Execution '{Samples.RunIdText}' not found", error.Message, StringComparison.Ordinal);
        Assert.Contains(Samples.ErrorNotFound, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_found_with_an_empty_body_means_the_endpoint_is_unavailable()
    {
        _server.Respond("GET", RunPath + "/steps/hello", 404, body: null, contentType: null);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => client.GetStepDetailAsync(Samples.RunId, "hello", cancellationToken: _server.Timeout));

        Assert.IsAssignableFrom<StepflowNotFoundException>(error);
        Assert.Equal(404, error.StatusCode);
        Assert.Null(error.ServerMessage);
        Assert.Empty(error.Details);
    }

    public static TheoryData<string> FallbackCalls => ["GetRun", "DeleteRun", "StoreFlow", "DownloadBlob", "StoreBinaryBlob"];

    [Theory]
    [MemberData(nameof(FallbackCalls))]
    public async Task The_grpc_fallback_answer_means_the_endpoint_is_unavailable(string call)
    {
        _server.Server.Given(Request.Create().WithPath("/api/v1/*")).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "application/grpc").WithHeader("grpc-status", "12"));
        using var client = _server.Client();
        using var bytes = new MemoryStream([1, 2, 3]);

        Task action() => call switch
        {
            "GetRun" => GetRun(client),
            "DeleteRun" => client.DeleteRunAsync(Samples.RunId, _server.Timeout),
            "StoreFlow" => client.StoreFlowAsync(FlowSource.FromJson(FlowJson), cancellationToken: _server.Timeout),
            "DownloadBlob" => client.DownloadBlobAsync("abc", _server.Timeout),
            "StoreBinaryBlob" => client.StoreBinaryBlobAsync(bytes, cancellationToken: _server.Timeout),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        var error = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(action);

        Assert.Equal(200, error.StatusCode);
        Assert.Equal("UNIMPLEMENTED", error.ErrorCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Conflict_maps_to_StepflowConflictException()
    {
        const string body = """{"code":409,"message":"Metadata not yet consistent: step has journal_seqno=3, requested asof=9"}""";
        _server.Text("GET", RunPath + "/steps/hello", 409, body);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(
            () => client.GetStepDetailAsync(Samples.RunId, "hello", asOf: 9, cancellationToken: _server.Timeout));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", error.ErrorCode);
        Assert.Equal("Metadata not yet consistent: step has journal_seqno=3, requested asof=9", error.ServerMessage);
        Assert.Equal(body, error.ResponseBody);
    }

    [Fact]
    public async Task A_plain_text_400_from_the_framework_is_an_invalid_request_whose_text_is_the_server_message()
    {
        const string text = "Failed to deserialize query string: status: unknown variant `Running`, expected one of `running`, `completed`";
        _server.Text("GET", "/runs", 400, text);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(() => client.ListRunsAsync(cancellationToken: _server.Timeout));

        Assert.Equal(typeof(StepflowInvalidRequestException), error.GetType());
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.ErrorCode);
        // The body is no error document but plain text from the server's framework: that text is its message; no details.
        Assert.Equal(text, error.ServerMessage);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
        Assert.Empty(error.Details);
        Assert.Equal(text, error.ResponseBody);
    }

    [Fact]
    public async Task A_422_is_an_invalid_request()
    {
        const string text = "Failed to deserialize the JSON body into the target type: missing field `flowId` at line 1 column 14";
        _server.Text("POST", "/runs", 422, text);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(
            () => client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: _server.Timeout));

        Assert.Equal(typeof(StepflowInvalidRequestException), error.GetType());
        Assert.Equal(422, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.ErrorCode);
        Assert.Equal(text, error.ResponseBody);
    }

    [Fact]
    public async Task A_413_on_a_raw_upload_is_an_invalid_request()
    {
        _server.Text("POST", "/blobs", 413, "Failed to buffer the request body: length limit exceeded");
        using var client = _server.Client();
        using var bytes = new MemoryStream([1, 2, 3]);

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(() => client.StoreBinaryBlobAsync(bytes, cancellationToken: _server.Timeout));

        Assert.Equal(413, error.StatusCode);
        Assert.Equal("Failed to buffer the request body: length limit exceeded", error.ResponseBody);
    }

    [Fact]
    public async Task An_analysis_failure_on_createRun_is_an_invalid_flow()
    {
        _server.Text("POST", "/runs", 400, AnalysisFailure);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidFlowException>(
            () => client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: _server.Timeout));

        Assert.IsAssignableFrom<StepflowInvalidRequestException>(error);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("error analyzing workflow", error.ServerMessage);
        Assert.Equal(["error analyzing workflow", "step 'hello' references itself"], error.Details);
        Assert.Equal(AnalysisFailure, error.ResponseBody);
        Assert.Contains("step 'hello' references itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_override_failure_on_createRun_is_an_invalid_request_but_not_an_invalid_flow()
    {
        _server.Text("POST", "/runs", 400, """{"code":400,"message":"failed to apply workflow overrides","stack":[{"error":"failed to apply workflow overrides"},{"error":"step 'nope' not found"}]}""");
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(
            () => client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: _server.Timeout));

        Assert.Equal(typeof(StepflowInvalidRequestException), error.GetType());
        Assert.Equal("failed to apply workflow overrides", error.ServerMessage);
        Assert.Equal(["failed to apply workflow overrides", "step 'nope' not found"], error.Details);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Refused_credentials_are_unauthorized(int status)
    {
        _server.Text("GET", RunPath, status, "Forbidden by gateway");
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowUnauthorizedException>(() => GetRun(client));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("Forbidden by gateway", error.ResponseBody);
    }

    [Fact]
    public async Task Rate_limiting_reads_Retry_After_seconds()
    {
        _server.Respond("GET", RunPath, 429, "Too Many Requests", "text/plain", ("Retry-After", "7"));
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowRateLimitedException>(() => GetRun(client));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", error.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task Rate_limiting_reads_Retry_After_as_an_http_date()
    {
        var retryAt = DateTimeOffset.UtcNow.AddSeconds(120);
        _server.Respond("GET", RunPath, 429, null, null, ("Retry-After", retryAt.ToString("R", CultureInfo.InvariantCulture)));
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowRateLimitedException>(() => GetRun(client));

        Assert.NotNull(error.RetryAfter);
        Assert.InRange(error.RetryAfter.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task Rate_limiting_without_Retry_After_has_no_delay()
    {
        _server.Respond("GET", RunPath, 429, null, null);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowRateLimitedException>(() => GetRun(client));

        Assert.Null(error.RetryAfter);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Server_failures_are_server_exceptions(int status)
    {
        var body = $$"""{"code":{{status}},"message":"state store error","stack":[{"error":"state store error"},{"error":"database is locked"}]}""";
        _server.Text("GET", RunPath, status, body);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowServerException>(() => GetRun(client));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("state store error", error.ServerMessage);
        Assert.Equal(["state store error", "database is locked"], error.Details);
    }

    [Fact]
    public async Task A_server_failure_on_a_raw_call_is_a_server_exception()
    {
        _server.Text("POST", "/flows", 500, """{"code":500,"message":"analysis crashed"}""");
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowServerException>(
            () => client.StoreFlowAsync(FlowSource.FromJson(FlowJson), cancellationToken: _server.Timeout));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal("analysis crashed", error.ServerMessage);
    }

    [Fact]
    public async Task An_html_gateway_page_keeps_the_html_in_the_body_and_the_message_short()
    {
        var html = "<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n"
            + string.Concat(Enumerable.Repeat("<p>upstream connect error or disconnect/reset before headers</p>\n", 60))
            + "<hr><center>nginx</center><!-- END-OF-PAGE -->\n</body>\n</html>\n";
        _server.Respond("GET", RunPath, 502, html, "text/html");
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowServerException>(() => GetRun(client));

        Assert.Equal(502, error.StatusCode);
        Assert.Equal(html, error.ResponseBody);
        Assert.Null(error.ServerMessage);
        Assert.Contains("502", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("END-OF-PAGE", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(error.Message.Length <= 600, $"Message is {error.Message.Length} characters long.");
        Assert.Contains("END-OF-PAGE", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_json_on_a_200_is_a_transport_failure()
    {
        _server.Json("GET", RunPath, Samples.RunDetails("completed")[..80]);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowTransportException>(() => GetRun(client));

        Assert.Equal(200, error.StatusCode);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task Truncated_json_on_a_200_raw_call_is_a_transport_failure()
    {
        _server.Json("POST", "/flows", Samples.StoredFlow[..40]);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowTransportException>(
            () => client.StoreFlowAsync(FlowSource.FromJson(FlowJson), cancellationToken: _server.Timeout));

        Assert.Equal(200, error.StatusCode);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transport_failure_without_status()
    {
        using var refusing = new RefusingEndpoint();
        using var client = new StepflowClient(refusing.Url, new StepflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(10) });

        var error = await Assert.ThrowsAsync<StepflowTransportException>(() => client.HealthCheckAsync(_server.Timeout));

        Assert.Null(error.StatusCode);
        Assert.Null(error.ResponseBody);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task A_request_slower_than_RequestTimeout_is_a_timeout()
    {
        _server.Server.Given(Request.Create().WithPath("/api/v1" + RunPath).UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Samples.RunDetails("completed"))
            .WithDelay(TimeSpan.FromSeconds(3)));
        using var client = _server.Client(o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.Retry.Enabled = false;
        });

        var error = await Assert.ThrowsAsync<StepflowTimeoutException>(() => GetRun(client));

        Assert.Null(error.StatusCode);
        var attemptTimeout = Assert.IsAssignableFrom<TimeoutException>(error.InnerException);
        Assert.IsAssignableFrom<OperationCanceledException>(attemptTimeout.InnerException);
        Assert.Equal(1, _server.Arrivals);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_propagates_as_OperationCanceledException()
    {
        _server.Server.Given(Request.Create().WithPath("/api/v1" + RunPath).UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Samples.RunDetails("completed"))
            .WithDelay(TimeSpan.FromSeconds(3)));
        using var client = _server.Client();
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(_server.Timeout);
        caller.CancelAfter(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetRunAsync(Samples.RunId, caller.Token));

        Assert.IsNotAssignableFrom<StepflowClientException>(error);
        Assert.True(caller.IsCancellationRequested);
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        using var client = _server.Client();
        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.HealthCheckAsync(caller.Token));

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task An_empty_200_where_json_was_expected_means_the_endpoint_is_not_there()
    {
        _server.Respond("GET", $"/runs/{Samples.RunIdText}", 200, null, null, ("Content-Length", "0"));
        using var client = _server.Client(o => o.Retry.Enabled = false);

        var error = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(() => client.GetRunAsync(Samples.RunId, _server.Timeout));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("GetRun", error.Message, StringComparison.Ordinal);
    }
}
