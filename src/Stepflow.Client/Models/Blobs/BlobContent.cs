namespace Stepflow.Client;

/// <summary>
/// A blob's raw bytes as a stream read from the network, with its stored filename and type.
/// Dispose it to release the connection.
/// </summary>
public sealed class BlobContent : IDisposable, IAsyncDisposable
{
    private readonly HttpResponseMessage? _response;

    /// <summary>
    /// Creates blob content from a stream, for tests and fakes (for example the result of a mocked
    /// <see cref="StepflowClient.DownloadBlobAsync"/>). The content is disposed with this object.
    /// </summary>
    public BlobContent(string blobId, Stream content, string? filename = null, BlobType? blobType = null, long? length = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobId);
        ArgumentNullException.ThrowIfNull(content);
        BlobId = blobId;
        Content = content;
        Filename = filename;
        BlobType = blobType;
        Length = length;
    }

    internal BlobContent(string blobId, HttpResponseMessage response, Stream content)
    {
        BlobId = blobId;
        _response = response;
        Content = content;
        Filename = response.Content.Headers.ContentDisposition?.FileNameStar
            ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
        BlobType = response.Headers.TryGetValues("x-blob-type", out var values) && values.FirstOrDefault() is { Length: > 0 } type
            ? new BlobType(type)
            : (BlobType?)null;
        Length = response.Content.Headers.ContentLength;
    }

    /// <summary>The blob's id.</summary>
    public string BlobId { get; }

    /// <summary>The bytes. For JSON blobs, their compact JSON text.</summary>
    public Stream Content { get; }

    /// <summary>The filename stored with the blob, if any.</summary>
    public string? Filename { get; }

    /// <summary>How the blob was stored, when the server said.</summary>
    public BlobType? BlobType { get; }

    /// <summary>The length in bytes, when the server said.</summary>
    public long? Length { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Content.Dispose();
        _response?.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response?.Dispose();
    }
}
