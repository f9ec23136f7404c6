using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Stepflow.Client.Protocol.V012;

internal sealed partial class V012Protocol
{
    /// <summary><c>POST /blobs</c> in JSON mode: <c>data</c>, <c>blobType</c>, <c>filename</c> (docs/server-api.md §9.1). Errors come with empty bodies.</summary>
    public async Task<StoredBlob> StoreBlobAsync(JsonNode? data, BlobType blobType, string? filename, CancellationToken cancellationToken)
    {
        var body = JsonBody((data, blobType, filename), static (writer, state) =>
        {
            writer.WritePropertyName("data");
            WriteValue(writer, state.data);
            if (state.blobType != default)
            {
                writer.WriteString("blobType", state.blobType.ToString());
            }

            if (state.filename is { } name)
            {
                writer.WriteString("filename", name);
            }
        });
        var stored = await SendJsonAsync(HttpMethod.Post, "blobs", body, V012Json.Default.V012StoreBlobResponse, cancellationToken).ConfigureAwait(false);
        return Stored(stored);
    }

    /// <summary><c>POST /blobs</c> as <c>application/octet-stream</c>, streamed, the filename in <c>X-Blob-Filename</c>.</summary>
    public async Task<StoredBlob> StoreBinaryBlobAsync(Stream content, string? filename, CancellationToken cancellationToken)
    {
        using var body = new StreamContent(new NonDisposingStream(content));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, Transport.Uri("blobs")) { Content = body };
        request.Headers.Accept.Add(AcceptJson);
        if (filename is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Blob-Filename", filename);
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return Stored(await ReadJsonAsync(response, V012Json.Default.V012StoreBlobResponse, cancellationToken).ConfigureAwait(false));
    }

    /// <summary><c>GET /blobs/{id}</c> as JSON; a binary blob reads with <c>data: null</c> (docs/server-api.md §9.2).</summary>
    public async Task<BlobData> GetBlobAsync(string blobId, CancellationToken cancellationToken) =>
        V012Mapper.Blob(await GetJsonAsync("blobs/" + Uri.EscapeDataString(blobId), V012Json.Default.V012Blob, cancellationToken).ConfigureAwait(false),
            blobId);


    private static StoredBlob Stored(V012StoreBlobResponse stored) => new(
        stored.BlobId is { Length: > 0 } id ? id : throw new System.Text.Json.JsonException("The answer has no 'blobId'."), stored.Filename);
}
