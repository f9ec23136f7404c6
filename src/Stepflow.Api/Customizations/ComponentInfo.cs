using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.Api;

// CUSTOM: the server sends these two fields in snake_case (input_schema, output_schema), so NSwag
// names them Input_schema/Output_schema. These aliases give them .NET names without touching the wire.
/// <summary>A component the server can run, with its path and, on request, its input and output schemas.</summary>
public partial class ComponentInfo
{
    /// <summary>The JSON Schema of the component's input, when the server was asked for schemas.</summary>
    [JsonIgnore]
    public JsonNode? InputSchema { get => Input_schema; set => Input_schema = value; }

    /// <summary>The JSON Schema of the component's output, when the server was asked for schemas.</summary>
    [JsonIgnore]
    public JsonNode? OutputSchema { get => Output_schema; set => Output_schema = value; }
}
