using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>
/// The wire of 0.12.0: the 0.13 wire except for component entries, which carry <c>component</c> where 0.13 has
/// <c>componentId</c>, <c>path</c> and <c>plugin</c>, and the health answer's <c>gitVersion</c> (docs/server-api.md §12.3).
/// </summary>
internal sealed class V012Wire(FakeCore core) : V013Wire(core)
{
    public override StepflowServerEmulation Emulation => StepflowServerEmulation.V0_12;

    protected override string GitVersion => "stepflow-0.12.0";

    /// <summary>A 0.12 entry <c>{component, description?, inputSchema?, outputSchema?}</c>.</summary>
    protected override JsonObject Component(ComponentInfo component, bool includeSchemas)
    {
        var json = new JsonObject { ["component"] = component.Path };
        AddDescriptionAndSchemas(json, component, includeSchemas);
        return json;
    }
}
