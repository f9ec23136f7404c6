namespace Stepflow.Client;

public partial class StepflowClient
{
    /// <summary>Checks that the server is up (<c>GET /health</c>) and reports its version or build.</summary>
    public virtual Task<ServerHealth> HealthCheckAsync(CancellationToken cancellationToken = default) =>
        CallAsync("HealthCheck", static (protocol, ct) => protocol.GetHealthAsync(ct), cancellationToken);

    /// <summary>
    /// Lists the components flows can use (<c>GET /components</c>), sorted by path. When a plugin failed
    /// to report its components, <see cref="ComponentList.IsComplete"/> is false and
    /// <see cref="ComponentList.FailedPlugins"/> says which.
    /// </summary>
    /// <param name="options">Whether to include schemas; by default they are included.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public virtual Task<ComponentList> ListComponentsAsync(ListComponentsOptions? options, CancellationToken cancellationToken = default)
    {
        var includeSchemas = options?.IncludeSchemas ?? true;
        return CallAsync("ListComponents", (protocol, ct) => protocol.ListComponentsAsync(includeSchemas, ct), cancellationToken);
    }
}
