using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.LocalServer;

/// <summary>
/// Source-generated serialization of the configuration model (no reflection, trimming-safe). Unset values are left out:
/// the server's untagged enums can fail on an explicit <c>null</c>.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StepflowServerConfig))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The settings as extension data. The model's public settings are <see cref="JsonObject"/>s, but System.Text.Json
    /// (10.0) writes a <see cref="JsonObject"/> extension-data property as a nameless nested object
    /// (<c>{"type":"x",{"k":1}}</c>), so the serializer is handed this dictionary instead.
    /// </summary>
    internal static Dictionary<string, JsonElement> ToElements(JsonObject settings) =>
        settings.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value, Default.JsonNode), StringComparer.Ordinal);
}
