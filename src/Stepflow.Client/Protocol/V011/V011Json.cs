using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Stepflow.Api.Serialization;

namespace Stepflow.Client.Protocol.V011;

/// <summary>Serializer metadata for the JSON the 0.11 protocol reads and writes itself.</summary>
internal static class V011Json
{
    /// <summary>Any JSON value, with the Stepflow serializer settings.</summary>
    public static JsonTypeInfo<JsonNode> Node { get; } = (JsonTypeInfo<JsonNode>)StepflowJson.Options.GetTypeInfo(typeof(JsonNode));
}
