using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Operations;

/// <summary>StoreBlobAsync, StoreBinaryBlobAsync, GetBlobAsync, DownloadBlobAsync.</summary>
public sealed class BlobOperationsTests : IDisposable
{
    private const string BlobId = "9b0e5f1c2d3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345a6b";
    private const string BlobPath = "/blobs/" + BlobId;

    // Every byte value, so nothing is re-encoded as text on the way.
    private static readonly byte[] Bytes = [.. Enumerable.Range(0, 256).Select(i => (byte)i), 0x25, 0x50, 0x44, 0x46];

    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    private void RespondBytes(byte[] bytes, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/octet-stream");
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        _server.Server.Given(Request.Create().WithPath("/api/v1" + BlobPath).UsingGet()).RespondWith(response.WithBody(bytes));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    [Fact]
    public async Task StoreBlobAsync_posts_data_blobType_and_filename_as_json()
    {
        _server.Json("POST", "/blobs", $$"""{"blobId":"{{BlobId}}","filename":"udf.json"}""");
        using var client = _server.Client();

        var response = await client.StoreBlobAsync(JsonNode.Parse("""{"code":"input['a'] + input['b']"}"""), BlobType.Data, "udf.json", _server.Timeout);

        var request = Assert.Single(_server.Requests);
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
        _server.Json("POST", "/blobs", $$"""{"blobId":"{{BlobId}}"}""");
        using var client = _server.Client();

        var response = await client.StoreBlobAsync(JsonNode.Parse("""{"name":"greet","steps":[]}"""), BlobType.Flow, cancellationToken: _server.Timeout);

        AssertJsonEqual("""{"data":{"name":"greet","steps":[]},"blobType":"flow"}""", WithoutNullMembers(JsonObjectOf(Assert.Single(_server.Requests))));
        Assert.Equal(BlobId, response.BlobId);
        Assert.Null(response.Filename);
    }

    [Fact]
    public async Task StoreBlobAsync_as_binary_is_refused_without_a_request()
    {
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => client.StoreBlobAsync(JsonValue.Create("AAEC"), BlobType.Binary, cancellationToken: _server.Timeout));

        Assert.Equal("blobType", error.ParamName);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task StoreBinaryBlobAsync_sends_the_exact_bytes_as_octet_stream_with_the_filename_header_and_leaves_the_stream_open()
    {
        _server.Json("POST", "/blobs", $$"""{"blobId":"{{BlobId}}","filename":"doc.pdf"}""");
        using var client = _server.Client();
        using var content = new MemoryStream(Bytes);

        var response = await client.StoreBinaryBlobAsync(content, "doc.pdf", _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", "/api/v1/blobs"), (request.Method, request.Path));
        Assert.Equal("application/octet-stream", HeaderOf(request, "Content-Type"));
        Assert.Equal("doc.pdf", HeaderOf(request, "X-Blob-Filename"));
        Assert.Equal(Bytes, request.BodyAsBytes);
        Assert.Equal(BlobId, response.BlobId);
        Assert.Equal("doc.pdf", response.Filename);

        // Still usable: not disposed by the request.
        Assert.True(content.CanRead);
        content.Position = 0;
        Assert.Equal(Bytes[0..4], (await ReadAllAsync(content, _server.Timeout))[0..4]);
    }

    [Fact]
    public async Task StoreBinaryBlobAsync_sends_from_the_current_position_and_no_filename_header_when_none_is_given()
    {
        _server.Json("POST", "/blobs", $$"""{"blobId":"{{BlobId}}"}""");
        using var client = _server.Client();
        using var content = new MemoryStream(Bytes) { Position = 10 };

        await client.StoreBinaryBlobAsync(content, cancellationToken: _server.Timeout);

        var request = Assert.Single(_server.Requests);
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
        using var client = _server.Client();
        using var content = new MemoryStream(Bytes);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.StoreBinaryBlobAsync(content, filename, _server.Timeout));

        Assert.Equal("filename", error.ParamName);
        Assert.Empty(_server.Requests);
        Assert.Equal(0, content.Position);
    }

    [Fact]
    public async Task GetBlobAsync_asks_for_json_and_returns_data_type_and_filename()
    {
        _server.Json("GET", BlobPath, $$"""{"data":{"code":"input['a'] + input['b']"},"blobType":"data","blobId":"{{BlobId}}","filename":"udf.json"}""");
        using var client = _server.Client();

        var blob = await client.GetBlobAsync(BlobId, _server.Timeout);

        var request = Assert.Single(_server.Requests);
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
        using var client = _server.Client();

        using var blob = await client.DownloadBlobAsync(BlobId, _server.Timeout);
        var bytes = await ReadAllAsync(blob.Content, _server.Timeout);

        var request = Assert.Single(_server.Requests);
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
        using var client = _server.Client();

        await using var blob = await client.DownloadBlobAsync(BlobId, _server.Timeout);

        Assert.Equal(json, await ReadAllAsync(blob.Content, _server.Timeout));
        Assert.Null(blob.Filename);
        Assert.Equal(BlobType.Data, blob.BlobType);
    }

    [Fact]
    public async Task DownloadBlobAsync_of_an_unknown_blob_throws_not_found()
    {
        _server.Text("GET", BlobPath, 404, $$"""{"code":404,"message":"Blob '{{BlobId}}' not found"}""");
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(() => client.DownloadBlobAsync(BlobId, _server.Timeout));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Equal($"Blob '{BlobId}' not found", error.ServerMessage);
    }
}
