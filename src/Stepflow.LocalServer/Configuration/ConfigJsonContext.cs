using System.Text.Json.Serialization;

namespace Stepflow.LocalServer;

/// <summary>
/// Source-generated serialization of the configuration model (no reflection, trimming-safe). Unset values are left out:
/// the server's untagged enums can fail on an explicit <c>null</c>.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StepflowServerConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
