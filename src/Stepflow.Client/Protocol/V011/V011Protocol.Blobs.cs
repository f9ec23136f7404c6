using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Wire = Stepflow.Api;

namespace Stepflow.Client.Protocol.V011;

internal sealed partial class V011Protocol
{
    public async Task<StoredBlob> StoreBlobAsync(JsonNode? data, BlobType blobType, string? filename, CancellationToken cancellationToken)
    {
        var request = new Wire.StoreBlobRequest { Data = data?.DeepClone(), BlobType = V011Values.ToWire(blobType), Filename = filename };
        var stored = await _blobs.StoreBlobAsync(request, cancellationToken).ConfigureAwait(false);
        return new StoredBlob(stored.BlobId, stored.Filename);
    }

    /// <summary><c>POST /blobs</c> as <c>application/octet-stream</c>, streamed, the filename in <c>X-Blob-Filename</c> (<c>docs/server-api.md §9</c>).</summary>
    public async Task<StoredBlob> StoreBinaryBlobAsync(Stream content, string? filename, CancellationToken cancellationToken)
    {
        using var body = new StreamContent(new NonDisposingStream(content));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, Transport.Uri("blobs")) { Content = body };
        if (filename is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Blob-Filename", filename);
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var stored = await ReadJsonAsync(response, Json<Wire.StoreBlobResponse>(), cancellationToken).ConfigureAwait(false);
        return new StoredBlob(stored.BlobId, stored.Filename);
    }

    public async Task<BlobData> GetBlobAsync(string blobId, CancellationToken cancellationToken)
    {
        var blob = await _blobs.GetBlobAsync(blobId, cancellationToken).ConfigureAwait(false);
        return new BlobData { BlobId = blob.BlobId, BlobType = V011Values.FromWire(blob.BlobType), Data = blob.Data, Filename = blob.Filename };
    }

}
