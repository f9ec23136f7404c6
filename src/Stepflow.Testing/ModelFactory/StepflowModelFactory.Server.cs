using System.Text.Json.Nodes;
using Stepflow.Client;
using Stepflow.Testing.Internal;

namespace Stepflow.Testing;

public static partial class StepflowModelFactory
{
    /// <summary>A component the server offers. Schemas are left out unless given.</summary>
    public static ComponentInfo ComponentInfo(string path = "/builtin/eval", string? description = null,
        JsonNode? inputSchema = null, JsonNode? outputSchema = null, string? plugin = null) => new()
    {
        Path = path,
        Description = description,
        InputSchema = inputSchema?.DeepClone(),
        OutputSchema = outputSchema?.DeepClone(),
        Plugin = plugin,
    };

    /// <summary>The component list (<c>ListComponentsAsync</c>); it is complete unless <paramref name="failedPlugins"/> names some.</summary>
    public static ComponentList ComponentList(IEnumerable<ComponentInfo>? components = null, IEnumerable<PluginFailure>? failedPlugins = null) =>
        new(components?.ToList() ?? [], failedPlugins?.ToList());

    /// <summary>A plugin whose components could not be listed.</summary>
    public static PluginFailure PluginFailure(string plugin = "python", string error = "The plugin did not answer.") => new(plugin, error);

    /// <summary>A health answer (<c>HealthCheckAsync</c>): healthy, now, <see cref="DefaultServerVersion"/> unless a build is given.</summary>
    public static ServerHealth ServerHealth(string status = "healthy", DateTimeOffset? timestamp = null, string? version = DefaultServerVersion,
        ServerBuild? build = null) => new()
    {
        Status = status,
        Timestamp = timestamp ?? DateTimeOffset.UtcNow,
        Version = build is null ? version : null,
        Build = build,
    };

    /// <summary>What storing a blob returns (<c>StoreBlobAsync</c>, <c>StoreBinaryBlobAsync</c>).</summary>
    public static StoredBlob StoredBlob(string blobId = DefaultBlobId, string? filename = null) => new(blobId, filename);

    /// <summary>
    /// A JSON blob (<c>GetBlobAsync</c>). The id defaults to what the server would compute: the SHA-256 of the
    /// data's compact JSON.
    /// </summary>
    public static BlobData BlobData(JsonNode? data = null, BlobType? blobType = null, string? blobId = null, string? filename = null) => new()
    {
        Data = data?.DeepClone(),
        BlobType = blobType ?? BlobType.Data,
        BlobId = blobId ?? ContentIds.Sha256Hex(ContentIds.CompactJsonBytes(data)),
        Filename = filename,
    };
}
