using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>
/// One entry of the content-addressed store. Flows live here too, as blobs of type <c>flow</c>, the way the
/// server keeps them: a flow id is the id of its blob, and a flow stored through <c>POST /blobs</c> is a flow
/// like any other (docs/server-api.md §7.7).
/// </summary>
internal sealed class BlobEntry(string id, BlobType type, byte[] bytes, string? filename, JsonNode? json, bool analyzed)
{
    public string Id { get; } = id;

    public BlobType Type { get; } = type;

    /// <summary>The stored bytes: compact JSON for data and flow blobs, the upload for binary ones.</summary>
    public byte[] Bytes { get; } = bytes;

    public string? Filename { get; } = filename;

    /// <summary>The parsed document for data and flow blobs; null for binary blobs.</summary>
    public JsonNode? Json { get; } = json;

    /// <summary>
    /// True for a flow that went through the validator when stored (<c>POST /flows</c>, <c>AddFlow</c>); a flow
    /// stored as a blob is analysed only when it is run.
    /// </summary>
    public bool Analyzed { get; } = analyzed;

    /// <summary>The flow document when this blob is a flow whose data is a JSON object.</summary>
    public JsonObject? Flow => Type == BlobType.Flow ? Json as JsonObject : null;
}
