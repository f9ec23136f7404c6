namespace Stepflow.Client;

public partial class StepflowClient
{
    /// <summary>
    /// Checks that the server is up (<c>GET /health</c>) and reports its API generation
    /// (<see cref="ServerHealth.ApiGeneration"/>) and its version or build.
    /// </summary>
    /// <remarks>When the client has not detected the server's generation yet, this call is the detection: one request.</remarks>
    /// <exception cref="StepflowUnsupportedServerException">The address does not answer like a Stepflow server.</exception>
    public virtual async Task<ServerHealth> HealthCheckAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _protocol) is null &&
            await DetectForHealthAsync(cancellationToken).ConfigureAwait(false) is { } detected)
        {
            return detected;
        }

        return await CallAsync("HealthCheck", static (protocol, ct) => protocol.GetHealthAsync(ct), cancellationToken).ConfigureAwait(false);
    }

    private async Task<ServerHealth?> DetectForHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await DetectAsync(cancellationToken).ConfigureAwait(false)).Health;
        }
        catch (Exception ex) when (ErrorMapper.Map(ex, "HealthCheck", cancellationToken) is { } mapped && !ReferenceEquals(mapped, ex))
        {
            throw mapped;
        }
    }

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
