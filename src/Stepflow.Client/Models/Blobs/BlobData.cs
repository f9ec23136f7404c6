using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>A JSON blob as read back (<c>GetBlobAsync</c>).</summary>
public sealed class BlobData
{
    /// <summary>The blob's id.</summary>
    public string BlobId { get; init; } = string.Empty;

    /// <summary>How the blob is classified.</summary>
    public BlobType BlobType { get; init; }

    /// <summary>The stored JSON value; <see langword="null"/> for binary blobs on 0.12+ servers (use <c>DownloadBlobAsync</c>).</summary>
    public JsonNode? Data { get; init; }

    /// <summary>The filename stored with the blob, if any.</summary>
    public string? Filename { get; init; }
}
