using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stepflow.Client;

public partial class FlowBuilder
{
    /// <summary>Checks the flow and writes it as indented JSON, which <see cref="FlowSource.FromJson(string)"/> reads back.</summary>
    /// <exception cref="StepflowFlowBuildException">The flow has problems.</exception>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Build().WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Checks the flow and writes it as YAML, which <see cref="FlowSource.FromYaml"/> reads back to the same JSON:
    /// strings that would read as numbers, booleans or null are quoted.
    /// </summary>
    /// <exception cref="StepflowFlowBuildException">The flow has problems.</exception>
    public string ToYaml() => FlowYamlWriter.Write(Build());
}
