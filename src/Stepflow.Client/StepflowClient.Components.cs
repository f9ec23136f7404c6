using Stepflow.Api;

namespace Stepflow.Client;

public partial class StepflowClient
{
    /// <summary>Checks that the server is up (<c>GET /health</c>) and reports its version.</summary>
    public virtual Task<HealthResponse> HealthCheckAsync(CancellationToken cancellationToken = default) =>
        CallAsync("HealthCheck", ct => Api.Health.HealthCheckAsync(null, ct), cancellationToken);

    /// <summary>
    /// Lists the components flows can use (<c>GET /components</c>), sorted by path. When a plugin failed
    /// to report its components, <c>Complete</c> is false and <c>FailedPlugins</c> says which.
    /// </summary>
    /// <param name="includeSchemas">Include each component's input and output JSON Schema (larger answer).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public virtual Task<ListComponentsResponse> ListComponentsAsync(bool includeSchemas, CancellationToken cancellationToken = default) =>
        CallAsync("ListComponents", ct => Api.Components.ListComponentsAsync(includeSchemas, ct), cancellationToken);
}
