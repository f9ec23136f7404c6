using System.Text.Json.Nodes;

namespace Stepflow.Client;

public partial class StepflowClient
{
    /// <summary>Stores a JSON value as a blob (<c>POST /blobs</c>); the same content always gets the same id.</summary>
    /// <param name="data">The value to store.</param>
    /// <param name="blobType">How the blob is classified: <see cref="BlobType.Data"/> (the default) or <see cref="BlobType.Flow"/>.</param>
    /// <param name="filename">An optional filename stored with the blob.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="ArgumentException"><paramref name="blobType"/> is <see cref="BlobType.Binary"/> (use <see cref="StoreBinaryBlobAsync"/>) or empty.</exception>
    public virtual Task<StoredBlob> StoreBlobAsync(JsonNode? data, BlobType? blobType = null, string? filename = null,
        CancellationToken cancellationToken = default)
    {
        var type = blobType ?? BlobType.Data;
        if (type == BlobType.Binary || type == default)
        {
            throw new ArgumentException(
                $"JSON blobs are stored as data or flow; for bytes use {nameof(StoreBinaryBlobAsync)}.", nameof(blobType));
        }

        var copy = data?.DeepClone();
        return CallAsync("StoreBlob", (protocol, ct) => protocol.StoreBlobAsync(copy, type, filename, ct), cancellationToken);
    }

    /// <summary>
    /// Stores bytes as a binary blob (<c>POST /blobs</c>, <c>application/octet-stream</c>), streaming
    /// <paramref name="content"/> from its current position without buffering it.
    /// </summary>
    /// <param name="content">The bytes; left open.</param>
    /// <param name="filename">An optional filename (printable ASCII) stored with the blob.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public virtual Task<StoredBlob> StoreBinaryBlobAsync(Stream content, string? filename = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(content));
        }

        if (filename is not null && (filename.Length == 0 || filename.Any(c => c is < ' ' or > '~')))
        {
            throw new ArgumentException("The filename must be non-empty printable ASCII (it travels in an HTTP header).", nameof(filename));
        }

        // Content-addressed, so repeating is harmless, if the stream can be rewound for the next attempt.
        var start = content.CanSeek ? content.Position : 0;
        var attempts = 0;
        return CallAsync("StoreBinaryBlob", content.CanSeek ? RetrySafety.Safe : RetrySafety.Never, (protocol, ct) =>
        {
            if (attempts++ > 0)
            {
                content.Position = start;
            }

            return protocol.StoreBinaryBlobAsync(content, filename, ct);
        }, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Reads a JSON blob with its type and filename (<c>GET /blobs/{blobId}</c>). For binary blobs use <see cref="DownloadBlobAsync"/>.</summary>
    /// <exception cref="StepflowNotFoundException">No blob has this id.</exception>
    public virtual Task<BlobData> GetBlobAsync(string blobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobId);
        return CallAsync("GetBlob", (protocol, ct) => protocol.GetBlobAsync(blobId, ct), cancellationToken);
    }

    /// <summary>
    /// Opens a blob's raw bytes as a stream (<c>GET /blobs/{blobId}</c> with <c>Accept: application/octet-stream</c>),
    /// with its stored filename. Works for every blob type. Dispose the result to release the connection.
    /// </summary>
    /// <exception cref="StepflowNotFoundException">No blob has this id.</exception>
    public virtual Task<BlobContent> DownloadBlobAsync(string blobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobId);
        return CallAsync("DownloadBlob", (protocol, ct) => protocol.DownloadBlobAsync(blobId, ct), cancellationToken);
    }
}
