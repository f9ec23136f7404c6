using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Errors;

/// <summary>
/// Error rules of the 0.12/0.13 API that 0.11 has no counterpart for (docs/server-api.md §3.2, §3.4, §3.6): the
/// envelope's own gRPC status, envelopes read whatever their content type, and the blob routes' empty-bodied errors.
/// </summary>
public sealed class ErrorMappingTestsOn013Only() : GenerationTest(StepflowApiGeneration.V012)
{
    private const string RunPath = "/runs/" + Infrastructure.Samples.RunIdText;

    private const string BlobId = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData(null)]
    public async Task The_envelope_is_read_whatever_content_type_it_comes_with(string? contentType)
    {
        // §3.6: the body is read as text and recognised by its shape, never by its header.
        var body = $$$"""{"error":{"code":404,"message":"run '{{{Samples.RunIdText}}}' not found","status":"NOT_FOUND"}}""";
        Server.Respond("GET", RunPath, 404, body, contentType);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(typeof(StepflowNotFoundException), error.GetType());
        var server = Assert.IsType<ServerError>(error.ServerError);
        Assert.Equal(404, server.StatusCode);
        Assert.Equal("NOT_FOUND", server.Code);
        Assert.Equal($"run '{Samples.RunIdText}' not found", server.Message);
        Assert.Empty(server.Details);
        Assert.Equal(body, server.ResponseBody);
    }

    public static TheoryData<int, string, Type> EnvelopeStatuses => new()
    {
        // ABORTED shares 409 with ALREADY_EXISTS, OUT_OF_RANGE shares 400 with INVALID_ARGUMENT (§3.2): the name is the server's.
        { 409, "ABORTED", typeof(StepflowConflictException) },
        { 400, "OUT_OF_RANGE", typeof(StepflowInvalidRequestException) },
        { 412, "FAILED_PRECONDITION", typeof(StepflowConflictException) },
        { 504, "DEADLINE_EXCEEDED", typeof(StepflowServerException) },
        // 5xx is a server failure whatever its name (§3.6), even UNIMPLEMENTED: unknown routes get the gRPC fallback instead.
        { 501, "UNIMPLEMENTED", typeof(StepflowServerException) },
    };

    [Theory]
    [MemberData(nameof(EnvelopeStatuses))]
    public async Task The_envelope_status_is_the_error_code_and_the_http_status_picks_the_exception(int status, string grpcStatus, Type expected)
    {
        var body = $$$"""{"error":{"code":{{{status}}},"message":"no","status":"{{{grpcStatus}}}"}}""";
        Server.Json("GET", RunPath, body, status);
        using var client = Server.Client(o => o.Retry.Enabled = false);

        var error = await Assert.ThrowsAnyAsync<StepflowClientException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(expected, error.GetType());
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(grpcStatus, error.ErrorCode);
        Assert.Equal("no", error.ServerMessage);
    }

    [Fact]
    public async Task An_envelope_with_members_this_sdk_does_not_know_is_still_read()
    {
        // Rich gRPC details are dropped today (§3.2); a server that starts sending them, or other members, must not change the reading.
        var body = $$"""
            {"error":{"code":412,"message":"run '{{Samples.RunIdText}}' is still Running and cannot be deleted","status":"FAILED_PRECONDITION",
            "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RUN_ACTIVE"}]},"traceId":"4bf92f3577b34da6"}
            """;
        Server.Json("DELETE", RunPath, body, 412);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowConflictException>(() => client.DeleteRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal("FAILED_PRECONDITION", error.ErrorCode);
        Assert.Equal($"run '{Samples.RunIdText}' is still Running and cannot be deleted", error.ServerMessage);
        Assert.Equal(body, error.ResponseBody);
    }

    public static TheoryData<string> NotAnEnvelope =>
    [
        """{"error":"boom"}""",
        """{"error":{"code":null,"message":"boom","status":"NOT_FOUND"}}""",
        """{"error":{"code":404,"status":"NOT_FOUND"}}""",
        """{"error":{"code":404,"message":"boom","status":"NOT_FOUND"}""",
    ];

    [Theory]
    [MemberData(nameof(NotAnEnvelope))]
    public async Task A_json_body_that_is_not_the_envelope_is_surfaced_as_text(string body)
    {
        // §3.6 step 3 needs an `error` object with a numeric code and a string message; anything else is step 5, the raw text.
        Server.Json("GET", RunPath, body, 404);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        Assert.Equal(body, error.ServerMessage);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Empty(error.Details);
        Assert.Equal(body, error.ResponseBody);
    }

    public static TheoryData<string, int> BlobCalls
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var call in new[] { "GetBlob", "DownloadBlob", "StoreBlob", "StoreBinaryBlob" })
            {
                foreach (var status in new[] { 400, 404, 500 })
                {
                    data.Add(call, status);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BlobCalls))]
    public async Task Empty_bodied_blob_errors_map_by_their_status(string call, int status)
    {
        // The hand-written blob routes answer with a bare status: no body, no content type (§3.4, §9).
        Server.Respond("GET", "/blobs/" + BlobId, status, body: null, contentType: null);
        Server.Respond("POST", "/blobs", status, body: null, contentType: null);
        using var client = Server.Client(o => o.Retry.Enabled = false);
        using var bytes = new MemoryStream([1, 2, 3]);

        Task action() => call switch
        {
            "GetBlob" => client.GetBlobAsync(BlobId, Server.Timeout),
            "DownloadBlob" => client.DownloadBlobAsync(BlobId, Server.Timeout),
            "StoreBlob" => client.StoreBlobAsync(JsonValue.Create(7), cancellationToken: Server.Timeout),
            "StoreBinaryBlob" => client.StoreBinaryBlobAsync(bytes, cancellationToken: Server.Timeout),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        var error = await Assert.ThrowsAnyAsync<StepflowClientException>(action);

        var expected = status switch
        {
            400 => typeof(StepflowInvalidRequestException),
            // A missing blob, never a missing endpoint: on 0.13 unknown routes get the gRPC fallback instead (§2.3).
            404 => typeof(StepflowNotFoundException),
            _ => typeof(StepflowServerException),
        };
        Assert.Equal(expected, error.GetType());
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(status switch { 400 => "INVALID_ARGUMENT", 404 => "NOT_FOUND", _ => "INTERNAL" }, error.ErrorCode);
        Assert.Null(error.ServerMessage);
        Assert.Empty(error.Details);
        Assert.Equal(string.Empty, error.ResponseBody);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Not_found_with_an_empty_body_is_not_found_rather_than_a_missing_endpoint()
    {
        // The counterpart of the 0.11-only rule: 0.13 says "no such route" with the gRPC fallback, so an empty 404 is a 404 (§2.3).
        Server.Respond("GET", RunPath + "/steps/hello", 404, body: null, contentType: null);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(
            () => client.GetStepDetailAsync(Samples.RunId, "hello", cancellationToken: Server.Timeout));

        Assert.Equal(typeof(StepflowNotFoundException), error.GetType());
        Assert.Equal(404, error.StatusCode);
        Assert.Null(error.ServerMessage);
    }

    [Fact]
    public async Task Cancelling_a_finished_run_is_no_conflict()
    {
        // 0.13 overwrites a finished run's status with cancelled and answers 200 (§8.8); 0.11's 409 is in FaultInjectionTestsOn011Only.
        Server.Json("POST", RunPath + "/cancel", $$"""{"summary":{{Samples.RunSummary("cancelled", "\"2026-03-20T20:15:09Z\"")}}}""");
        using var client = Server.Client();

        var summary = await client.CancelRunAsync(Samples.RunId, Server.Timeout);

        Assert.Equal(RunStatus.Cancelled, summary.Status);
        Assert.Equal(Samples.RunId, summary.RunId);
        Assert.Single(Server.Requests);
    }
}
