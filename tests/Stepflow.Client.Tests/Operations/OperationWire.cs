using System.Text.Json;

namespace Stepflow.Client.Tests.Operations;

/// <summary>Answers several operation test classes share, in each generation's shape (docs/server-api.md §7.6).</summary>
internal static class OperationWire
{
    /// <summary>
    /// <c>GET /flows/{id}/variables</c> for variables mapped to environment variables: 0.11 <c>{flowId, envVars}</c>,
    /// 0.13 <c>{flowId, variables: {name: {required, envVar}}}</c> (no description or schema, which 0.13 never fills).
    /// </summary>
    public static string VariablesWithEnvironment(StepflowApiGeneration generation, params (string Name, string EnvVar)[] variables)
    {
        var flowId = JsonSerializer.Serialize(Infrastructure.Samples.FlowId);
        if (generation == StepflowApiGeneration.V011)
        {
            var envVars = string.Join(',', variables.Select(v => $"{JsonSerializer.Serialize(v.Name)}:{JsonSerializer.Serialize(v.EnvVar)}"));
            return "{\"flowId\":" + flowId + ",\"envVars\":{" + envVars + "}}";
        }

        var entries = string.Join(',', variables.Select(v => $$"""{{JsonSerializer.Serialize(v.Name)}}:{"required":false,"envVar":{{JsonSerializer.Serialize(v.EnvVar)}}}"""));
        return "{\"flowId\":" + flowId + ",\"variables\":{" + entries + "}}";
    }
}
