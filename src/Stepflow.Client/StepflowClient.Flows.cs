namespace Stepflow.Client;

public partial class StepflowClient
{
    /// <summary>
    /// Stores a flow on the server (<c>POST /flows</c>) and returns its id and the server's diagnostics. A flow
    /// with fatal problems is not stored (<see cref="StoreFlowResult.Stored"/> is false). Never compute or
    /// cache flow ids yourself: how a server derives them differs between server generations.
    /// </summary>
    /// <param name="flow">The flow document; a stored flow is read back from the server and stored again.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StepflowFlowLoadException">The flow file or text could not be read.</exception>
    public virtual Task<StoreFlowResult> StoreFlowAsync(FlowSource flow, CancellationToken cancellationToken = default) =>
        StoreFlowCoreAsync(flow, dryRun: false, cancellationToken);

    private async Task<StoreFlowResult> StoreFlowCoreAsync(FlowSource flow, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var document = flow.StoredFlowId is { } id
            ? (await GetFlowAsync(id, cancellationToken).ConfigureAwait(false)).Document
            : await flow.LoadAsync(cancellationToken).ConfigureAwait(false);

        // Storing is content-addressed, so repeating it after a lost answer changes nothing.
        return await CallAsync(new Operation(dryRun ? "ValidateFlow" : "StoreFlow"),
            (protocol, ct) => protocol.StoreFlowAsync(document, dryRun, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a stored flow (<c>GET /flows/{flowId}</c>).</summary>
    /// <exception cref="StepflowNotFoundException">No flow has this id.</exception>
    /// <exception cref="StepflowInvalidRequestException">The id names a blob that is not a flow, or is malformed (0.12+ servers check its form).</exception>
    public virtual Task<FlowDefinition> GetFlowAsync(string flowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        return CallAsync(new Operation("GetFlow", FlowId: flowId), (protocol, ct) => protocol.GetFlowAsync(flowId, ct), cancellationToken);
    }

    /// <summary>Deletes a stored flow (<c>DELETE /flows/{flowId}</c>). Servers so far accept this but keep the flow.</summary>
    public virtual Task DeleteFlowAsync(string flowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        return CallAsync(new Operation("DeleteFlow", FlowId: flowId), (protocol, ct) => protocol.DeleteFlowAsync(flowId, ct), cancellationToken);
    }

    /// <summary>Reads the variables a stored flow declares, with their defaults and environment variables (<c>GET /flows/{flowId}/variables</c>).</summary>
    /// <exception cref="StepflowNotFoundException">No flow has this id.</exception>
    public virtual Task<IReadOnlyList<FlowVariable>> GetFlowVariablesAsync(string flowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        return CallAsync(new Operation("GetFlowVariables", FlowId: flowId), (protocol, ct) => protocol.GetFlowVariablesAsync(flowId, ct),
            cancellationToken);
    }

    /// <summary>
    /// Values for a flow's variables taken from environment variables, following the <c>env_var</c>
    /// annotations of its variable schema. Variables whose environment variable is unset are left out.
    /// </summary>
    public virtual async Task<IReadOnlyDictionary<string, string>> GetVariablesFromEnvironmentAsync(string flowId,
        CancellationToken cancellationToken = default)
    {
        var variables = await GetFlowVariablesAsync(flowId, cancellationToken).ConfigureAwait(false);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in variables)
        {
            if (!string.IsNullOrEmpty(variable.EnvironmentVariable) && Environment.GetEnvironmentVariable(variable.EnvironmentVariable) is { } value)
            {
                values[variable.Name] = value;
            }
        }

        return values;
    }

    /// <summary>The stored flow id for <paramref name="flow"/>, storing it first when needed.</summary>
    /// <exception cref="StepflowInvalidFlowException">The server found fatal problems and did not store the flow.</exception>
    private protected async Task<string> ResolveFlowIdAsync(FlowSource flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.StoredFlowId is { } id)
        {
            return id;
        }

        var stored = await StoreFlowAsync(flow, cancellationToken).ConfigureAwait(false);
        if (!stored.Stored)
        {
            var problems = stored.Diagnostics.Where(d => d.Level == DiagnosticLevel.Fatal).Select(d => d.Message);
            throw new StepflowInvalidFlowException($"The server did not store {flow.Description}: {string.Join("; ", problems)}", stored.Diagnostics);
        }

        return stored.FlowId;
    }
}
