using System.Globalization;
using System.Text.Json.Nodes;
using Stepflow.Api;
using Stepflow.Testing.Internal;

namespace Stepflow.Testing;

public static partial class StepflowModelFactory
{
    /// <summary>A component the server offers. Schemas are left out unless given.</summary>
    public static ComponentInfo ComponentInfo(string component = "/builtin/eval", string? description = null,
        JsonNode? inputSchema = null, JsonNode? outputSchema = null) => new()
    {
        Component = component,
        Description = description,
        InputSchema = inputSchema?.DeepClone(),
        OutputSchema = outputSchema?.DeepClone(),
    };

    /// <summary>The component list (<c>ListComponentsAsync(bool)</c>); <paramref name="complete"/> defaults to "no failed plugin".</summary>
    public static ListComponentsResponse ListComponentsResponse(IEnumerable<ComponentInfo>? components = null,
        IEnumerable<PluginDiscoveryError>? failedPlugins = null, bool? complete = null)
    {
        var failed = failedPlugins?.ToList();
        return new ListComponentsResponse
        {
            Components = components?.ToList() ?? [],
            FailedPlugins = failed,
            Complete = complete ?? (failed is null || failed.Count == 0),
        };
    }

    /// <summary>A plugin whose components could not be listed.</summary>
    public static PluginDiscoveryError PluginDiscoveryError(string plugin = "python", string error = "The plugin did not answer.") =>
        new() { Plugin = plugin, Error = error };

    /// <summary>A health answer (<c>HealthCheckAsync</c>): healthy, now, <see cref="DefaultServerVersion"/>.</summary>
    public static HealthResponse HealthResponse(string status = "healthy", DateTimeOffset? timestamp = null, string version = DefaultServerVersion) => new()
    {
        Status = status,
        Timestamp = (timestamp ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture),
        Version = version,
    };

    /// <summary>What storing a blob returns (<c>StoreBlobAsync</c>, <c>StoreBinaryBlobAsync</c>).</summary>
    public static StoreBlobResponse StoreBlobResponse(string blobId = DefaultBlobId, string? filename = null) =>
        new() { BlobId = blobId, Filename = filename };

    /// <summary>
    /// A JSON blob (<c>GetBlobAsync</c>). The id defaults to what the server would compute: the SHA-256 of the
    /// data's compact JSON.
    /// </summary>
    public static GetBlobResponse GetBlobResponse(JsonNode? data = null, BlobType blobType = BlobType.Data, string? blobId = null,
        string? filename = null) => new()
    {
        Data = data?.DeepClone(),
        BlobType = blobType,
        BlobId = blobId ?? ContentIds.Sha256Hex(ContentIds.CompactJsonBytes(data)),
        Filename = filename,
    };
}
