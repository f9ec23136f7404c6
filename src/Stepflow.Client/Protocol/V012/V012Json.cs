using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.Client.Protocol.V012;

/// <summary>
/// Source-generated serialization of the 0.12/0.13 wire shapes. Names are camelCase; numbers may also come as
/// numeric strings, which a server following its own OpenAPI document would send (docs/server-api.md §4.2).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(V012Health))]
[JsonSerializable(typeof(V012Components))]
[JsonSerializable(typeof(V012StoreFlowResponse))]
[JsonSerializable(typeof(V012FlowVariables))]
[JsonSerializable(typeof(V012CreateRunResponse))]
[JsonSerializable(typeof(V012GetRunResponse))]
[JsonSerializable(typeof(V012SummaryResponse))]
[JsonSerializable(typeof(V012ItemsResponse))]
[JsonSerializable(typeof(V012StepsResponse))]
[JsonSerializable(typeof(V012StepResponse))]
[JsonSerializable(typeof(V012ListRunsResponse))]
[JsonSerializable(typeof(V012StoreBlobResponse))]
[JsonSerializable(typeof(V012Blob))]
[JsonSerializable(typeof(V012ErrorEnvelope))]
internal sealed partial class V012Json : JsonSerializerContext;
