namespace Stepflow.Client;

/// <summary>A blob the server stored: its content-derived id and filename.</summary>
/// <param name="BlobId">The blob's id (the SHA-256 of its stored bytes, as hex).</param>
/// <param name="Filename">The filename stored with it, if any.</param>
public sealed record StoredBlob(string BlobId, string? Filename);
