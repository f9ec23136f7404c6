using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Operations;

/// <summary>
/// StoreBlobAsync, StoreBinaryBlobAsync, GetBlobAsync, DownloadBlobAsync, on every server generation. The blob routes keep the
/// 0.11 JSON shapes on 0.12/0.13 (docs/server-api.md §9); their errors differ, and what only 0.13 does is in the last class.
/// </summary>
public abstract class BlobOperationsTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    protected const string BlobId = "9b0e5f1c2d3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345a6b";
    protected const string BlobPath = "/blobs/" + BlobId;

    // Every byte value, so nothing is re-encoded as text on the way.
    private static readonly byte[] Bytes = [.. Enumerable.Range(0, 256).Select(i => (byte)i), 0x25, 0x50, 0x44, 0x46];

    protected void RespondBytes(byte[] bytes, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/octet-stream");
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        Server.Server.Given(Request.Create().WithPath("/api/v1" + BlobPath).UsingGet()).RespondWith(response.WithBody(bytes));
    }

    protected static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    [Fact]
    public async Task StoreBlobAsync_posts_data_blobType_and_filename_as_json()
    {
        Server.Json("POST", "/blobs", $$"""{"blobId":"{{BlobId}}","filename":"udf.json"}""");
        using var client = Server.Client();

        var response = await client.StoreBlobAsync(JsonNode.Parse("""{"code":"input['a'] + input['b']"}"""), BlobType.Data, "udf.json", Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("POST", "/api/v1/blobs"), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        Assert.StartsWith("application/json", HeaderOf(request, "Content-Type"), StringComparison.Ordinal);
        AssertJsonEqual("""{"data":{"code":"input['a'] + input['b']"},"blobType":"data","filename":"udf.json"}""", JsonObjectOf(request));
        Assert.Equal(BlobId, response.BlobId);
        Assert.Equal("udf.json", response.Filename);
    }

    [Fact]
    public async Task StoreBlobAsync_as_a_flow_without_filename_sends_blobType_flow()
    {
        Server.Json("POST", "/blobs", $$"""{"blobId":"{{BlobId}}"}""");
        using var client = Server.Client();

        var response = await client.StoreBlobAsync(JsonNode.Parse("""{"name":"greet","steps":[]}"""), BlobType.Flow, cancellationToken: Server.Timeout);

        var body = JsonObjectOf(Assert.Single(Server.Requests));
        AssertJsonEqual("""{"data":{"name":"greet","steps":[]},"blobType":"flow"}""", WithoutNullMembers(body));
        if (!Is011)
        {
            // No filename key at all, never a null (docs/server-api.md §4.5).
            AssertJsonEqual("""{"data":{"name":"greet","steps":[]},"blobType":"flow"}""", body);
        }

        Assert.Equal(BlobId, response.BlobId);
        Assert.Null(response.Filename);
    }

    [Fact]
    public async Task StoreBlobAsync_as_binary_is_refused_without_a_request()
    {
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => client.StoreBlobAsync(JsonValue.Create("AAEC"), BlobType.Binary, cancellationToken: Server.Timeout));

        Assert.Equal("blobType", error.ParamName);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task StoreBinaryBlobAsync_sends_the_exact_bytes_as_octet_stream_with_the_filename_header_and_leaves_the_stream_open()
    {
        Server.Json("POST", "/blobs", $$"""{"blobId":"{{BlobId}}","filename":"doc.pdf"}""");
        using var client = Server.Client();
        using var content = new MemoryStream(Bytes);

        var response = await client.StoreBinaryBlobAsync(content, "doc.pdf", Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("POST", "/api/v1/blobs"), (request.Method, request.Path));
        Assert.Equal("application/octet-stream", HeaderOf(request, "Content-Type"));
        Assert.Equal("doc.pdf", HeaderOf(request, "X-Blob-Filename"));
        Assert.Equal(Bytes, request.BodyAsBytes);
        Assert.Equal(BlobId, response.BlobId);
        Assert.Equal("doc.pdf", response.Filename);

        // Still usable: not disposed by the request.
        Assert.True(content.CanRead);
        content.Position = 0;
        Assert.Equal(Bytes[0..4], (await ReadAllAsync(content, Server.Timeout))[0..4]);
    }

    [Fact]
    public async Task StoreBinaryBlobAsync_sends_from_the_current_position_and_no_filename_header_when_none_is_given()
    {
        Server.Json("POST", "/blobs", $$"""{"blobId":"{{BlobId}}"}""");
        using var client = Server.Client();
        using var content = new MemoryStream(Bytes) { Position = 10 };

        await client.StoreBinaryBlobAsync(content, cancellationToken: Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Null(HeaderOf(request, "X-Blob-Filename"));
        Assert.Equal(Bytes[10..], request.BodyAsBytes);
    }

    [Theory]
    [InlineData("résumé.pdf")]
    [InlineData("two\nlines.txt")]
    [InlineData("tab\there.txt")]
    [InlineData("")]
    public async Task StoreBinaryBlobAsync_refuses_a_filename_that_cannot_travel_in_a_header(string filename)
    {
        using var client = Server.Client();
        using var content = new MemoryStream(Bytes);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.StoreBinaryBlobAsync(content, filename, Server.Timeout));

        Assert.Equal("filename", error.ParamName);
        Assert.Empty(Server.Requests);
        Assert.Equal(0, content.Position);
    }

    [Fact]
    public async Task GetBlobAsync_asks_for_json_and_returns_data_type_and_filename()
    {
        Server.Json("GET", BlobPath, $$"""{"data":{"code":"input['a'] + input['b']"},"blobType":"data","blobId":"{{BlobId}}","filename":"udf.json"}""");
        using var client = Server.Client();

        var blob = await client.GetBlobAsync(BlobId, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1" + BlobPath), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        Assert.Equal("application/json", HeaderOf(request, "Accept"));
        AssertJsonEqual("""{"code":"input['a'] + input['b']"}""", blob.Data);
        Assert.Equal(BlobType.Data, blob.BlobType);
        Assert.Equal(BlobId, blob.BlobId);
        Assert.Equal("udf.json", blob.Filename);
    }

    [Fact]
    public async Task DownloadBlobAsync_asks_for_octet_stream_and_exposes_bytes_filename_and_type()
    {
        RespondBytes(Bytes, ("x-blob-type", "binary"), ("Content-Disposition", "attachment; filename=\"doc.pdf\""));
        using var client = Server.Client();

        using var blob = await client.DownloadBlobAsync(BlobId, Server.Timeout);
        var bytes = await ReadAllAsync(blob.Content, Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1" + BlobPath), (request.Method, request.Path));
        Assert.Equal("application/octet-stream", HeaderOf(request, "Accept"));
        Assert.Equal(Bytes, bytes);
        Assert.Equal(BlobId, blob.BlobId);
        Assert.Equal("doc.pdf", blob.Filename);
        Assert.Equal(BlobType.Binary, blob.BlobType);
    }

    [Fact]
    public async Task DownloadBlobAsync_of_a_data_blob_without_filename()
    {
        var json = """{"code":"x"}"""u8.ToArray();
        RespondBytes(json, ("x-blob-type", "data"));
        using var client = Server.Client();

        await using var blob = await client.DownloadBlobAsync(BlobId, Server.Timeout);

        Assert.Equal(json, await ReadAllAsync(blob.Content, Server.Timeout));
        Assert.Null(blob.Filename);
        Assert.Equal(BlobType.Data, blob.BlobType);
    }

    /// <summary>An unknown blob: 0.11 a 404 ErrorResponse as text; 0.13 a bare 404, no body, no content type (docs/server-api.md §3.4).</summary>
    private void UnknownBlob()
    {
        if (Is011)
        {
            Server.Text("GET", BlobPath, 404, $$"""{"code":404,"message":"Blob '{{BlobId}}' not found"}""");
        }
        else
        {
            Server.Respond("GET", BlobPath, 404, body: null, contentType: null);
        }
    }

    [Fact]
    public async Task DownloadBlobAsync_of_an_unknown_blob_throws_not_found()
    {
        UnknownBlob();
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => client.DownloadBlobAsync(BlobId, Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Equal(OnWire<string?>($"Blob '{BlobId}' not found", null), error.ServerMessage);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task GetBlobAsync_of_an_unknown_blob_throws_not_found()
    {
        UnknownBlob();
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => client.GetBlobAsync(BlobId, Server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Equal(OnWire<string?>($"Blob '{BlobId}' not found", null), error.ServerMessage);
        Assert.Single(Server.Requests);
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class BlobOperationsTestsOn011() : BlobOperationsTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API, with the blob behaviour only 0.12/0.13 servers have (docs/server-api.md §3.4, §9).</summary>
public sealed class BlobOperationsTestsOn013() : BlobOperationsTests(StepflowApiGeneration.V012)
{
    [Fact]
    public async Task An_empty_404_from_the_blob_route_is_a_missing_blob_not_a_missing_endpoint()
    {
        // On 0.11 a bare 404 means "no such route"; the 0.13 blob routes send it for a blob they do not have (docs/server-api.md §3.4).
        Server.Respond("GET", BlobPath, 404, body: null, contentType: null);
        using var client = Server.Client();

        var error = await Record.ExceptionAsync(() => client.GetBlobAsync(BlobId, Server.Timeout));

        Assert.IsNotType<StepflowEndpointUnavailableException>(error);
        var notFound = Assert.IsType<StepflowNotFoundException>(error);
        Assert.Equal(404, notFound.StatusCode);
        Assert.True(string.IsNullOrEmpty(notFound.ServerError?.ResponseBody));
    }

    [Fact]
    public async Task GetBlobAsync_of_a_binary_blob_reads_data_null_with_its_type_and_filename()
    {
        // A JSON read of a binary blob: 200 with "data": null, and contentType when a filename is stored (docs/server-api.md §9.2).
        Server.Json("GET", BlobPath, $$"""
            {"data":null,"blobType":"binary","blobId":"{{BlobId}}","filename":"doc.pdf","contentType":"application/octet-stream"}
            """);
        using var client = Server.Client();

        var blob = await client.GetBlobAsync(BlobId, Server.Timeout);

        Assert.Null(blob.Data);
        Assert.Equal(BlobType.Binary, blob.BlobType);
        Assert.Equal(BlobId, blob.BlobId);
        Assert.Equal("doc.pdf", blob.Filename);
    }

    [Fact]
    public async Task A_store_refused_with_an_empty_400_is_an_invalid_request()
    {
        // The 0.13 blob routes refuse with a bare status (docs/server-api.md §3.4, §9.1).
        Server.Respond("POST", "/blobs", 400, body: null, contentType: null);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(
            () => client.StoreBlobAsync(JsonNode.Parse("""{"a":1}"""), cancellationToken: Server.Timeout));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.ErrorCode);
        Assert.Null(error.ServerMessage);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_malformed_blob_id_refused_with_an_empty_400_is_an_invalid_request()
    {
        Server.Respond("GET", "/blobs/not-hex", 400, body: null, contentType: null);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowInvalidRequestException>(() => client.DownloadBlobAsync("not-hex", Server.Timeout));

        Assert.Equal(400, error.StatusCode);
        Assert.Single(Server.Requests);
    }
}
