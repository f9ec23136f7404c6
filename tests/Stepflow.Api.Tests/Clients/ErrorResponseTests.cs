using System.Text.Json;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Clients;

/// <summary>
/// Error answers (docs/server-api.md §2, §3.1, §11.1): <c>ErrorResponse</c> JSON sent as text/plain, plain-text
/// framework rejections, proxy HTML pages, the gRPC "unknown route" fallback and unreadable bodies.
/// </summary>
public sealed class ErrorResponseTests : IDisposable
{
    private const string TextPlain = "text/plain; charset=utf-8";
    private static readonly string RunPath = "/api/v1/runs/" + ContractSamples.RunIdText;

    private readonly MockStepflowServer _mock = new();

    public void Dispose() => _mock.Dispose();

    private static string ContentTypeOf(StepflowApiException ex)
    {
        var header = Assert.Single(ex.Headers, h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase));
        return string.Join(", ", header.Value);
    }

    [Fact]
    public async Task Error_headers_are_read_after_the_response_is_gone_and_looked_up_by_any_case()
    {
        _mock.Respond("GET", RunPath, 404, ContractSamples.E16RunNotFound, TextPlain, ("X-Request-Id", "req-42"));

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.RunClient().GetRunAsync(ContractSamples.RunId, cancellationToken: _mock.Timeout));

        // Content-Type is a content header, X-Request-Id a response header: both kinds are in the one view.
        Assert.True(ex.Headers.TryGetValue("content-type", out var contentType));
        Assert.Equal(TextPlain, string.Join(", ", contentType));
        Assert.Equal("req-42", Assert.Single(ex.Headers["x-request-id"]));
        Assert.Equal(ex.Headers.Count, ex.Headers.Count(h => ex.Headers.ContainsKey(h.Key)));
    }

    [Fact]
    public async Task GetRun_404_ParsesErrorResponseSentAsTextPlain()
    {
        _mock.RespondText("GET", RunPath, 404, ContractSamples.E16RunNotFound);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.RunClient().GetRunAsync(ContractSamples.RunId, cancellationToken: _mock.Timeout));

        Assert.Equal(404, ex.StatusCode);
        Assert.Equal(ContractSamples.E16RunNotFound, ex.Response);
        Assert.Equal(TextPlain, ContentTypeOf(ex));
        var document = Assert.NotNull(ex.ErrorDocument);
        Assert.Equal(404, document.GetProperty("code").GetInt32());
        var error = ex.GetError<ErrorResponse>();
        Assert.NotNull(error);
        Assert.Equal(404, error.Code);
        Assert.Equal("Execution '00000000-0000-7000-8000-000000000000' not found", error.Message);
        var entry = Assert.Single(error.Stack!);
        Assert.Equal("Execution '00000000-0000-7000-8000-000000000000' not found", entry.Error);
        Assert.Equal(["run lookup"], entry.Attachments!);
        Assert.Equal("   0: stepflow_server::api::runs::get_run", entry.Backtrace);
        Assert.Equal(error.Message, ex.ServerMessage);
    }

    [Fact]
    public async Task CancelRun_409_ParsesE15()
    {
        _mock.RespondText("POST", RunPath + "/cancel", 409, ContractSamples.E15CannotCancel);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.RunClient().CancelRunAsync(ContractSamples.RunId, _mock.Timeout));

        var expectedMessage = $"Run '{ContractSamples.RunIdText}' cannot be cancelled (status: Completed)";
        Assert.Equal(409, ex.StatusCode);
        Assert.Equal(ContractSamples.E15CannotCancel, ex.Response);
        Assert.Equal(TextPlain, ContentTypeOf(ex));
        var error = ex.GetError<ErrorResponse>();
        Assert.NotNull(error);
        Assert.Equal(409, error.Code);
        Assert.Equal(expectedMessage, error.Message);
        Assert.Equal(expectedMessage, Assert.Single(error.Stack!).Error);
    }

    [Fact]
    public async Task GetStepDetail_409_NotYetConsistent()
    {
        _mock.RespondText("GET", RunPath + "/steps/hello", 409, ContractSamples.E13NotConsistent);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.RunClient().GetStepDetailAsync(ContractSamples.RunId, "hello", asof: 9, cancellationToken: _mock.Timeout));

        Assert.Equal(409, ex.StatusCode);
        var error = ex.GetError<ErrorResponse>();
        Assert.NotNull(error);
        Assert.Equal(409, error.Code);
        Assert.Equal("Metadata not yet consistent: step has journal_seqno=3, requested asof=9", error.Message);
        Assert.Null(error.Stack);
        Assert.Equal(new Dictionary<string, string> { ["asof"] = "9" }, MockStepflowServer.QueryOf(_mock.SingleRequest()));
    }

    [Fact]
    public async Task CreateRun_400_OverrideFailureWithAttachments()
    {
        const string body = """{"code":400,"message":"failed to apply workflow overrides","stack":[{"error":"failed to apply workflow overrides","attachments":["step 'nope' not found"]},{"error":"Invalid override"}]}""";
        _mock.RespondText("POST", "/api/v1/runs", 400, body);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.RunClient().CreateRunAsync(new CreateRunRequest { FlowId = ContractSamples.FlowId, Input = [null] }, _mock.Timeout));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(body, ex.Response);
        var error = ex.GetError<ErrorResponse>();
        Assert.NotNull(error);
        Assert.Equal(400, error.Code);
        Assert.Equal("failed to apply workflow overrides", error.Message);
        Assert.Equal(2, error.Stack!.Count);
        Assert.Equal(["step 'nope' not found"], error.Stack[0].Attachments!);
        Assert.Equal("Invalid override", error.Stack[1].Error);
    }

    [Fact]
    public async Task GetFlow_500_UndeclaredStatusStillParsesErrorResponse()
    {
        const string body = """{"code":500,"message":"state store error","stack":[{"error":"state store error"}]}""";
        _mock.RespondText("GET", "/api/v1/flows/" + ContractSamples.FlowId, 500, body);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.FlowClient().GetFlowAsync(ContractSamples.FlowId, _mock.Timeout));

        Assert.Equal(500, ex.StatusCode);
        Assert.Equal(body, ex.Response);
        Assert.Equal(TextPlain, ContentTypeOf(ex));
        var error = ex.GetError<ErrorResponse>();
        Assert.NotNull(error);
        Assert.Equal(500, error.Code);
        Assert.Equal("state store error", error.Message);
    }

    [Fact]
    public async Task GetBlob_404_BlobNotFound()
    {
        var body = $$"""{"code":404,"message":"Blob '{{ContractSamples.BlobId}}' not found"}""";
        _mock.RespondText("GET", "/api/v1/blobs/" + ContractSamples.BlobId, 404, body);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.BlobClient().GetBlobAsync(ContractSamples.BlobId, _mock.Timeout));

        Assert.Equal(404, ex.StatusCode);
        var error = ex.GetError<ErrorResponse>();
        Assert.NotNull(error);
        Assert.Equal($"Blob '{ContractSamples.BlobId}' not found", error.Message);
    }

    [Fact]
    public async Task DeleteRun_409_StillRunning()
    {
        var body = $$"""{"code":409,"message":"Execution '{{ContractSamples.RunIdText}}' is still running and cannot be deleted"}""";
        _mock.RespondText("DELETE", RunPath, 409, body);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.RunClient().DeleteRunAsync(ContractSamples.RunId, _mock.Timeout));

        Assert.Equal(409, ex.StatusCode);
        var error = ex.GetError<ErrorResponse>();
        Assert.NotNull(error);
        Assert.Equal(409, error.Code);
        Assert.Equal($"Execution '{ContractSamples.RunIdText}' is still running and cannot be deleted", error.Message);
    }

    [Fact]
    public async Task PlainText400_FrameworkRejection_HasNoErrorAndExposesText()
    {
        const string body = "Failed to deserialize query string: status: unknown variant `done`, expected one of `running`, `completed`, `failed`, `cancelled`, `paused`, `recoveryFailed`";
        _mock.RespondText("GET", "/api/v1/runs", 400, body);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.RunClient().ListRunsAsync(status: "done", cancellationToken: _mock.Timeout));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(body, ex.Response);
        Assert.Null(ex.ErrorDocument);
        Assert.Equal(body, ex.ServerMessage);
    }

    [Fact]
    public async Task PlainText422_UnprocessableBody_HasNoError()
    {
        const string body = "Failed to deserialize the JSON body into the target type: missing field `flowId` at line 1 column 2";
        _mock.RespondText("POST", "/api/v1/runs", 422, body);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.RunClient().CreateRunAsync(new CreateRunRequest { FlowId = ContractSamples.FlowId }, _mock.Timeout));

        Assert.Equal(422, ex.StatusCode);
        Assert.Null(ex.ErrorDocument);
        Assert.Equal(body, ex.ServerMessage);
    }

    [Fact]
    public async Task JsonWithoutErrorShape_HasNoError()
    {
        const string body = """{"error":"rate limited","retryAfter":3}""";
        _mock.RespondJson("GET", "/api/v1/health", body, status: 429);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.HealthClient().HealthCheckAsync(cancellationToken: _mock.Timeout));

        Assert.Equal(429, ex.StatusCode);
        Assert.Null(ex.ErrorDocument);
        Assert.Equal(body, ex.ServerMessage);
    }

    [Fact]
    public async Task Html502_FromProxy_HasNoErrorAndGivesCollapsedExcerpt()
    {
        const string html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";
        _mock.Respond("GET", "/api/v1/components", 502, html, "text/html");

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.ComponentClient().ListComponentsAsync(cancellationToken: _mock.Timeout));

        Assert.Equal(502, ex.StatusCode);
        Assert.Equal(html, ex.Response);
        Assert.Null(ex.ErrorDocument);
        Assert.Equal(
            "<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> <hr><center>nginx/1.25.3</center> </body> </html>",
            ex.ServerMessage);
    }

    [Fact]
    public async Task LongHtmlPage_ExcerptIsTruncated()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<p>upstream unavailable</p>", 60)) + "</body></html>";
        _mock.Respond("GET", "/api/v1/components", 503, html, "text/html; charset=utf-8");

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.ComponentClient().ListComponentsAsync(cancellationToken: _mock.Timeout));

        Assert.Equal(503, ex.StatusCode);
        Assert.Null(ex.ErrorDocument);
        Assert.NotNull(ex.ServerMessage);
        Assert.Equal(html[..500] + "…", ex.ServerMessage);
    }

    [Fact]
    public async Task GrpcFallback_OnTypedOperation_RaisesEndpointNotSupported()
    {
        _mock.Respond("GET", RunPath + "/steps/hello", 200, body: null, contentType: "application/grpc", ("grpc-status", "12"));

        var ex = await Assert.ThrowsAsync<StepflowEndpointNotSupportedException>(
            () => _mock.RunClient().GetStepDetailAsync(ContractSamples.RunId, "hello", cancellationToken: _mock.Timeout));

        Assert.Equal(200, ex.StatusCode);
        Assert.Equal(RunPath + "/steps/hello", ex.RequestUri);
        Assert.Null(ex.ErrorDocument);
        Assert.Equal(["12"], Assert.Single(ex.Headers, h => string.Equals(h.Key, "grpc-status", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.StartsWith("application/grpc", ContentTypeOf(ex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcFallback_OnVoidOperation_RaisesEndpointNotSupported()
    {
        _mock.Respond("DELETE", "/api/v1/flows/" + ContractSamples.FlowId, 200, body: null, contentType: "application/grpc", ("grpc-status", "12"));

        var ex = await Assert.ThrowsAsync<StepflowEndpointNotSupportedException>(
            () => _mock.FlowClient().DeleteFlowAsync(ContractSamples.FlowId, _mock.Timeout));

        Assert.Equal(200, ex.StatusCode);
        Assert.Equal("/api/v1/flows/" + ContractSamples.FlowId, ex.RequestUri);
    }

    [Fact]
    public async Task GrpcFallback_OnEventStream_RaisesEndpointNotSupported()
    {
        _mock.Respond("GET", RunPath + "/events", 200, body: null, contentType: "application/grpc", ("grpc-status", "12"));

        var ex = await Assert.ThrowsAsync<StepflowEndpointNotSupportedException>(
            () => _mock.RunClient().GetRunStatusStreamAsync(ContractSamples.RunId, cancellationToken: _mock.Timeout));

        Assert.Equal(RunPath + "/events", ex.RequestUri);
        Assert.IsType<StepflowApiException>(ex, exactMatch: false);
    }

    [Fact]
    public async Task TruncatedJsonOn200_RaisesStepflowApiException()
    {
        var truncated = ContractSamples.E9RunDetails[..(ContractSamples.E9RunDetails.Length / 2)];
        _mock.RespondJson("GET", RunPath, truncated);

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.RunClient().GetRunAsync(ContractSamples.RunId, cancellationToken: _mock.Timeout));

        Assert.Equal(200, ex.StatusCode);
        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
        Assert.Null(ex.ErrorDocument);
    }

    [Fact]
    public async Task EmptyJsonBodyOn200_RaisesStepflowApiException()
    {
        _mock.Respond("GET", "/api/v1/runs", 200, body: null, contentType: "application/json");

        var ex = await Assert.ThrowsAsync<StepflowApiException>(
            () => _mock.RunClient().ListRunsAsync(cancellationToken: _mock.Timeout));

        Assert.Equal(200, ex.StatusCode);
        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
    }
}
