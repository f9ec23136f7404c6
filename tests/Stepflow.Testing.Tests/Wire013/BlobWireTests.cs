using System.Security.Cryptography;
using System.Text;

namespace Stepflow.Testing.Tests.Wire013;

/// <summary>The hand-written blob routes of 0.12/0.13: plain JSON with integers kept, and bare-status errors (docs/server-api.md §3.4, §9).</summary>
public sealed class BlobWireTests : RawWireTest
{
    [Fact]
    public async Task A_JSON_blob_keeps_its_integers_and_accepts_every_spelling_of_its_keys()
    {
        var stored = await PostAsync("blobs", """{"data":{"b":1,"a":[2,3.5]},"blobType":"data","filename":"nums.json"}""");
        var blobId = Sha256("""{"b":1,"a":[2,3.5]}""");

        Assert.Equal(200, stored.Status);
        Assert.Equal(Fill("""{"blobId":"%0%","filename":"nums.json"}""", blobId), stored.Body);
        Assert.Equal(Fill("""{"data":{"b":1,"a":[2,3.5]},"blobType":"data","blobId":"%0%","filename":"nums.json"}""", blobId), (await GetAsync($"blobs/{blobId}")).Body);

        var snake = await PostAsync("blobs", """{"json_data":{"n":1},"jsonData":{"n":2},"data":{"n":3},"blob_type":"flow"}""");
        Assert.Equal(Fill("""{"blobId":"%0%"}""", Sha256("""{"n":1}""")), snake.Body);
        Assert.Equal("flow", (string?)(await GetAsync($"blobs/{Sha256("""{"n":1}""")}")).Json["blobType"]);
        var camel = await PostAsync("blobs", """{"jsonData":[7],"blobType":""}""");
        Assert.Equal("data", (string?)(await GetAsync($"blobs/{(string)camel.Json["blobId"]!}")).Json["blobType"]);
        // Any content type but octet-stream is JSON mode, a missing one too.
        Assert.Equal(200, (await PostAsync("blobs", """{"data":true}""", contentType: null)).Status);
        Assert.Equal(200, (await PostAsync("blobs", """{"data":true}""", contentType: "text/plain")).Status);
    }

    [Fact]
    public async Task A_binary_blob_reads_as_null_data_in_JSON_and_as_bytes_with_its_headers()
    {
        var bytes = new byte[] { 0x25, 0x50, 0x44, 0x46, 0x00, 0xFF };
        using var upload = new HttpRequestMessage(HttpMethod.Post, new Uri("blobs", UriKind.Relative)) { Content = new ByteArrayContent(bytes) };
        upload.Content.Headers.ContentType = new("application/octet-stream");
        upload.Headers.Add("X-Blob-Filename", "doc \"v1\".pdf");
        var stored = await SendAsync(upload);
        var blobId = Sha256(bytes);

        var asJson = await GetAsync($"blobs/{blobId}");
        var asBytes = await GetAsync($"blobs/{blobId}", accept: "application/octet-stream");

        Assert.Equal(Fill("""{"blobId":"%0%","filename":"doc \"v1\".pdf"}""", blobId), stored.Body);
        Assert.Equal(Fill("""{"data":null,"blobType":"binary","blobId":"%0%","filename":"doc \"v1\".pdf","contentType":"application/octet-stream"}""", blobId), asJson.Body);
        Assert.Equal(bytes, asBytes.Bytes);
        Assert.Equal("application/octet-stream", asBytes.ContentType);
        Assert.Equal("binary", asBytes.Header("x-blob-type"));
        Assert.Equal("attachment; filename=\"doc \\\"v1\\\".pdf\"", asBytes.Header("Content-Disposition"));

        // A data blob downloads as its stored compact JSON; without a filename there is no contentType.
        var data = (string)(await PostAsync("blobs", """{ "data" : { "x" : 1 } }""")).Json["blobId"]!;
        var dataBytes = await GetAsync($"blobs/{data}", accept: "application/octet-stream");
        Assert.Equal("""{"x":1}""", dataBytes.Body);
        Assert.Equal("data", dataBytes.Header("x-blob-type"));
        Assert.Null(dataBytes.Header("Content-Disposition"));
    }

    [Fact]
    public async Task Every_blob_error_is_a_bare_status_with_an_empty_body()
    {
        AssertEmpty(await PostAsync("blobs", "{not json"), 400);
        AssertEmpty(await PostAsync("blobs", "{}"), 400);
        AssertEmpty(await PostAsync("blobs", """{"data":null}"""), 400);
        AssertEmpty(await PostAsync("blobs", "[1]"), 400);
        AssertEmpty(await PostAsync("blobs", """{"data":1,"blobType":"weird"}"""), 400);
        AssertEmpty(await PostAsync("blobs", """{"data":1,"filename":7}"""), 400);
        AssertEmpty(await GetAsync("blobs/not-a-blob-id"), 400);
        AssertEmpty(await GetAsync($"blobs/{new string('0', 64)}"), 404);
        AssertEmpty(await GetAsync($"blobs/{new string('0', 64)}", accept: "application/octet-stream"), 404);
    }

    private static string Sha256(string text) => Sha256(Encoding.UTF8.GetBytes(text));

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
