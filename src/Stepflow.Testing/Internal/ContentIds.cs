using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepflow.Testing.Internal;

/// <summary>Content-addressed ids and the compact JSON they are computed from.</summary>
internal static class ContentIds
{
    // serde_json writes non-ASCII characters as they are; the default .NET encoder would escape them and
    // so change the bytes that are hashed.
    private static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>The compact JSON text of <paramref name="node"/> (JSON <c>null</c> for a null node).</summary>
    public static string CompactJson(JsonNode? node) => node?.ToJsonString(Compact) ?? "null";

    /// <summary>The compact JSON bytes of <paramref name="node"/>, as a JSON blob is stored.</summary>
    public static byte[] CompactJsonBytes(JsonNode? node) => Encoding.UTF8.GetBytes(CompactJson(node));

    /// <summary>Lower-case hex SHA-256 of <paramref name="bytes"/>: the server's blob and flow id format.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
