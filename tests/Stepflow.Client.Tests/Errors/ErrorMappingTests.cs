using System.Globalization;
using Stepflow.Client.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Stepflow.Client.Tests.Errors;

/// <summary>
/// How server answers and transport failures become the client's exceptions (docs/server-api.md §2, §3), on every
/// server generation: 0.11's <c>ErrorResponse</c> and 0.13's envelope map to the same exception types.
/// </summary>
public abstract class ErrorMappingTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    private const string RunPath = "/runs/" + Infrastructure.Samples.RunIdText;

    private const string AnalysisFailure011 = """
        {"code":400,"message":"error analyzing workflow","stack":[{"error":"error analyzing workflow","attachments":["1 fatal, 0 errors, 0 warnings"]},{"error":"step 'hello' references itself"}]}
        """;

    private const string FlowJson = """{"name":"greet","steps":[]}""";

    private Task<RunDetails> GetRun(StepflowClient client) => client.GetRunAsync(Samples.RunId, Server.Timeout);

    [Fact]
    public async Task Not_found_with_an_ErrorResponse_body_carries_status_message_details_and_body()
    {
        // The generation's error document: 0.11's ErrorResponse as text/plain, 0.13's envelope as JSON (§3.1, §3.2).
        Server.ServiceError("GET", RunPath, 404, Samples.ErrorNotFound);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => GetRun(client));

        var message = OnWire($"Execution '{Samples.RunIdText}' not found", $"run '{Samples.RunIdText}' not found");
        Assert.Equal(404, error.StatusCode);
        Assert.Equal(message, error.ServerMessage);
        // Only 0.11 reports a chain of causes; the envelope has none (§3.2).
        Assert.Equal(OnWire<string[]>([message], []), error.Details);
        Assert.Equal(Samples.ErrorNotFound, error.ResponseBody);
        Assert.NotNull(error.ServerError);
        Assert.Equal(404, error.ServerError.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains(Samples.ErrorNotFound, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StepflowApiGeneration.V011)]
    [InlineData(StepflowApiGeneration.V012)]
    public async Task Either_generations_error_document_is_read_on_every_generation(StepflowApiGeneration shape)
    {
        // §3.6 reads a failed answer the same way whatever the server: the envelope, else an ErrorResponse, else the text.
        var body = shape == StepflowApiGeneration.V011
            ? """{"code":404,"message":"flow 'greet' not found","stack":[{"error":"flow 'greet' not found"}]}"""
            : WireSamples.For(shape).Error(404, "flow 'greet' not found");
        Server.Respond("GET", RunPath, 404, body, ServiceErrorAnswers.ContentType(shape));
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => GetRun(client));

        Assert.Equal("flow 'greet' not found", error.ServerMessage);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Equal(shape == StepflowApiGeneration.V011 ? ["flow 'greet' not found"] : Array.Empty<string>(), error.Details);
        Assert.Equal(body, error.ResponseBody);
    }

    public static TheoryData<string> FallbackCalls => ["GetRun", "DeleteRun", "StoreFlow", "DownloadBlob", "StoreBinaryBlob"];

    [Theory]
    [MemberData(nameof(FallbackCalls))]
    public async Task The_grpc_fallback_answer_means_the_endpoint_is_unavailable(string call)
    {
        // Empty 200 with the gRPC content type: how 0.11 development builds and 0.12/0.13 answer an unknown route (§2.3).
        Server.Server.Given(Request.Create().WithPath("/api/v1/*")).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "application/grpc").WithHeader("grpc-status", "12"));
        using var client = Server.Client();
        using var bytes = new MemoryStream([1, 2, 3]);

        Task action() => call switch
        {
            "GetRun" => GetRun(client),
            "DeleteRun" => client.DeleteRunAsync(Samples.RunId, Server.Timeout),
            "StoreFlow" => client.StoreFlowAsync(FlowSource.FromJson(FlowJson), cancellationToken: Server.Timeout),
            "DownloadBlob" => client.DownloadBlobAsync("abc", Server.Timeout),
            "StoreBinaryBlob" => client.StoreBinaryBlobAsync(bytes, cancellationToken: Server.Timeout),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        var error = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(action);

        Assert.Equal(200, error.StatusCode);
        Assert.Equal("UNIMPLEMENTED", error.ErrorCode);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Conflict_maps_to_StepflowConflictException()
    {
        // A step-detail read whose asof is ahead of the store: 409 on 0.11, 412 FAILED_PRECONDITION on 0.13 (§3.2, §3.5).
        var message = OnWire("Metadata not yet consistent: step has journal_seqno=3, requested asof=9",
            "metadata not yet consistent: step has journal_seqno=3, requested asof=9");
        var status = OnWire(409, 412);
        var body = OnWire($$"""{"code":409,"message":"{{message}}"}""", Samples.Error(412, message));
        Server.ServiceError("GET", RunPath + "/steps/hello", status, body);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(
            () => client.GetStepDetailAsync(Samples.RunId, "hello", asOf: 9, cancellationToken: Server.Timeout));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", error.ErrorCode);
        Assert.Equal(message, error.ServerMessage);
        Assert.Equal(body, error.ResponseBody);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Deleting_a_run_that_is_still_going_is_a_conflict()
    {
        // 0.11 says 409, 0.13 412 FAILED_PRECONDITION in its envelope; both are a conflict (§3.5, §8.9).
        var message = OnWire($"Execution '{Samples.RunIdText}' is still running and cannot be deleted",
            $"run '{Samples.RunIdText}' is still Running and cannot be deleted");
        var status = OnWire(409, 412);
        var body = Samples.Error(status, message);
        Server.ServiceError("DELETE", RunPath, status, body);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(() => client.DeleteRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("FAILED_PRECONDITION", error.ErrorCode);
        Assert.Equal(message, error.ServerMessage);
        Assert.Equal(body, error.ResponseBody);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_plain_text_400_from_the_framework_is_an_invalid_request_whose_text_is_the_server_message()
    {
        // Framework rejections are plain text on both generations (§3.3); the details after the prefix differ.
        var text = OnWire("Failed to deserialize query string: status: unknown variant `Running`, expected one of `running`, `completed`",
            "Failed to deserialize query string: status: invalid digit found in string");
        Server.Text("GET", "/runs", 400, text);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(() => client.ListRunsAsync(cancellationToken: Server.Timeout));

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
        var text = OnWire("Failed to deserialize the JSON body into the target type: missing field `flowId` at line 1 column 14",
            "Failed to deserialize the JSON body into the target type: wait: invalid type: null, expected a boolean at line 1 column 60");
        Server.Text("POST", "/runs", 422, text);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(
            () => client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: Server.Timeout));

        Assert.Equal(typeof(StepflowInvalidRequestException), error.GetType());
        Assert.Equal(422, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.ErrorCode);
        Assert.Equal(text, error.ResponseBody);
    }

    public static TheoryData<int, string> FrameworkRejections => new()
    {
        { 400, "Failed to parse the request body as JSON: expected value at line 1 column 1" },
        { 422, "Failed to deserialize the JSON body into the target type: flowId: invalid type: integer `7`, expected a string at line 1 column 12" },
        { 415, "Expected request with `Content-Type: application/json`" },
    };

    [Theory]
    [MemberData(nameof(FrameworkRejections))]
    public async Task Framework_rejections_of_a_body_are_invalid_requests_whose_text_is_the_message(int status, string text)
    {
        // §3.3: the web framework answers these before any handler runs, in plain text, on every generation.
        Server.Text("POST", "/runs", status, text);
        Server.Text("POST", "/flows", status, text);
        using var client = Server.Client();

        var onRun = await Assert.ThrowsAsync<StepflowInvalidRequestException>(
            () => client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: Server.Timeout));
        var onFlow = await Assert.ThrowsAsync<StepflowInvalidRequestException>(
            () => client.StoreFlowAsync(FlowSource.FromJson(FlowJson), cancellationToken: Server.Timeout));

        Assert.All([onRun, onFlow], error =>
        {
            // Not an invalid flow, and for the run not "uncertain": the server refused the request.
            Assert.Equal(typeof(StepflowInvalidRequestException), error.GetType());
            Assert.Equal(status, error.StatusCode);
            Assert.Equal("INVALID_ARGUMENT", error.ErrorCode);
            Assert.Equal(text, error.ServerMessage);
            Assert.Equal(text, error.ResponseBody);
            Assert.Empty(error.Details);
        });
        // Refusals are final: neither call was repeated.
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task A_413_on_a_raw_upload_is_an_invalid_request()
    {
        Server.Text("POST", "/blobs", 413, "Failed to buffer the request body: length limit exceeded");
        using var client = Server.Client();
        using var bytes = new MemoryStream([1, 2, 3]);

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(() => client.StoreBinaryBlobAsync(bytes, cancellationToken: Server.Timeout));

        Assert.Equal(413, error.StatusCode);
        Assert.Equal("Failed to buffer the request body: length limit exceeded", error.ResponseBody);
    }

    [Fact]
    public async Task An_analysis_failure_on_createRun_is_an_invalid_flow()
    {
        // 0.11 puts the counts and causes in its stack; 0.13's envelope carries the message alone (§3.5).
        var body = OnWire(AnalysisFailure011, Samples.Error(400, "error analyzing workflow"));
        Server.ServiceError("POST", "/runs", 400, body);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidFlowException>(
            () => client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: Server.Timeout));

        Assert.IsAssignableFrom<StepflowInvalidRequestException>(error);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("error analyzing workflow", error.ServerMessage);
        Assert.Equal(body, error.ResponseBody);
        Assert.Contains("fatal problems", error.Message, StringComparison.Ordinal);
        if (Is011)
        {
            Assert.Equal(["error analyzing workflow", "step 'hello' references itself"], error.Details);
            Assert.Contains("step 'hello' references itself", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("INVALID_ARGUMENT", error.ErrorCode);
            Assert.Empty(error.Details);
        }
    }

    [Fact]
    public async Task An_override_failure_on_createRun_is_an_invalid_request_but_not_an_invalid_flow()
    {
        var body = OnWire(
            """{"code":400,"message":"failed to apply workflow overrides","stack":[{"error":"failed to apply workflow overrides"},{"error":"step 'nope' not found"}]}""",
            Samples.Error(400, "failed to apply workflow overrides"));
        Server.ServiceError("POST", "/runs", 400, body);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(
            () => client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: Server.Timeout));

        Assert.Equal(typeof(StepflowInvalidRequestException), error.GetType());
        Assert.Equal("failed to apply workflow overrides", error.ServerMessage);
        Assert.Equal(OnWire<string[]>(["failed to apply workflow overrides", "step 'nope' not found"], []), error.Details);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Refused_credentials_are_unauthorized(int status)
    {
        // No Stepflow server authenticates (§2.1): these come from a gateway, in its own words, whatever stands behind it.
        Server.Text("GET", RunPath, status, "Forbidden by gateway");
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowUnauthorizedException>(() => GetRun(client));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("Forbidden by gateway", error.ResponseBody);
    }

    [Fact]
    public async Task Rate_limiting_reads_Retry_After_seconds()
    {
        Server.Respond("GET", RunPath, 429, "Too Many Requests", "text/plain", ("Retry-After", "7"));
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowRateLimitedException>(() => GetRun(client));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", error.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task Rate_limiting_reads_Retry_After_as_an_http_date()
    {
        var retryAt = DateTimeOffset.UtcNow.AddSeconds(120);
        Server.Respond("GET", RunPath, 429, null, null, ("Retry-After", retryAt.ToString("R", CultureInfo.InvariantCulture)));
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowRateLimitedException>(() => GetRun(client));

        Assert.NotNull(error.RetryAfter);
        Assert.InRange(error.RetryAfter.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task Rate_limiting_without_Retry_After_has_no_delay()
    {
        Server.Respond("GET", RunPath, 429, null, null);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowRateLimitedException>(() => GetRun(client));

        Assert.Null(error.RetryAfter);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Server_failures_are_server_exceptions(int status)
    {
        // 0.13 words a store failure "failed to get run: …" and has no stack (§3.5).
        var body = OnWire(
            $$"""{"code":{{status}},"message":"state store error","stack":[{"error":"state store error"},{"error":"database is locked"}]}""",
            Samples.Error(status, "failed to get run: database is locked"));
        Server.ServiceError("GET", RunPath, status, body);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowServerException>(() => GetRun(client));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(OnWire("state store error", "failed to get run: database is locked"), error.ServerMessage);
        Assert.Equal(OnWire<string[]>(["state store error", "database is locked"], []), error.Details);
        Assert.Equal(body, error.ResponseBody);
    }

    [Fact]
    public async Task A_server_failure_on_a_raw_call_is_a_server_exception()
    {
        Server.ServiceError("POST", "/flows", 500, OnWire("""{"code":500,"message":"analysis crashed"}""", Samples.Error(500, "analysis crashed")));
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowServerException>(
            () => client.StoreFlowAsync(FlowSource.FromJson(FlowJson), cancellationToken: Server.Timeout));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal("analysis crashed", error.ServerMessage);
        Assert.Equal("INTERNAL", error.ErrorCode);
    }

    [Fact]
    public async Task An_html_gateway_page_keeps_the_html_in_the_body_and_the_message_short()
    {
        var html = "<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n"
            + string.Concat(Enumerable.Repeat("<p>upstream connect error or disconnect/reset before headers</p>\n", 60))
            + "<hr><center>nginx</center><!-- END-OF-PAGE -->\n</body>\n</html>\n";
        Server.Respond("GET", RunPath, 502, html, "text/html");
        using var client = Server.Client();

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
        Server.Json("GET", RunPath, Samples.RunDetails("completed")[..80]);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowTransportException>(() => GetRun(client));

        Assert.Equal(200, error.StatusCode);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task Truncated_json_on_a_200_raw_call_is_a_transport_failure()
    {
        Server.Json("POST", "/flows", Samples.StoredFlow[..40]);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowTransportException>(
            () => client.StoreFlowAsync(FlowSource.FromJson(FlowJson), cancellationToken: Server.Timeout));

        Assert.Equal(200, error.StatusCode);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transport_failure_without_status()
    {
        using var refusing = new RefusingEndpoint();
        // Pinned, so the refused request is this generation's own call rather than the detection probe.
        using var client = new StepflowClient(refusing.Url, new StepflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(10), ApiGeneration = Generation });

        var error = await Assert.ThrowsAsync<StepflowTransportException>(() => client.HealthCheckAsync(Server.Timeout));

        Assert.Null(error.StatusCode);
        Assert.Null(error.ResponseBody);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task A_request_slower_than_RequestTimeout_is_a_timeout()
    {
        Server.Server.Given(Request.Create().WithPath("/api/v1" + RunPath).UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Samples.RunDetails("completed"))
            .WithDelay(TimeSpan.FromSeconds(3)));
        using var client = Server.Client(o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.Retry.Enabled = false;
        });

        var error = await Assert.ThrowsAsync<StepflowTimeoutException>(() => GetRun(client));

        Assert.Null(error.StatusCode);
        var attemptTimeout = Assert.IsAssignableFrom<TimeoutException>(error.InnerException);
        Assert.IsAssignableFrom<OperationCanceledException>(attemptTimeout.InnerException);
        Assert.Equal(1, Server.Arrivals);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_propagates_as_OperationCanceledException()
    {
        Server.Server.Given(Request.Create().WithPath("/api/v1" + RunPath).UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Samples.RunDetails("completed"))
            .WithDelay(TimeSpan.FromSeconds(3)));
        using var client = Server.Client();
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Server.Timeout);
        caller.CancelAfter(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetRunAsync(Samples.RunId, caller.Token));

        Assert.IsNotAssignableFrom<StepflowClientException>(error);
        Assert.True(caller.IsCancellationRequested);
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        using var client = Server.Client();
        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.HealthCheckAsync(caller.Token));

        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task An_empty_200_where_json_was_expected_means_the_endpoint_is_not_there()
    {
        Server.Respond("GET", $"/runs/{Samples.RunIdText}", 200, null, null, ("Content-Length", "0"));
        using var client = Server.Client(o => o.Retry.Enabled = false);

        var error = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("GetRun", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class ErrorMappingTestsOn011() : ErrorMappingTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API.</summary>
public sealed class ErrorMappingTestsOn013() : ErrorMappingTests(StepflowApiGeneration.V012);

/// <summary>Error rules that exist on the 0.11 API only.</summary>
public sealed class ErrorMappingTestsOn011Only() : GenerationTest(StepflowApiGeneration.V011)
{
    [Fact]
    public async Task Not_found_with_an_empty_body_means_the_endpoint_is_unavailable()
    {
        // The released 0.11.0/0.11.1 answer routes they lack with a bare 404 (§2.3, §3.4); 0.13's counterpart is in ErrorMappingTestsOn013Only.
        Server.Respond("GET", $"/runs/{Samples.RunIdText}/steps/hello", 404, body: null, contentType: null);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => client.GetStepDetailAsync(Samples.RunId, "hello", cancellationToken: Server.Timeout));

        Assert.IsAssignableFrom<StepflowNotFoundException>(error);
        Assert.Equal(404, error.StatusCode);
        Assert.Null(error.ServerMessage);
        Assert.Empty(error.Details);
    }
}
