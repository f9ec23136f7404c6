using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Api;
using Stepflow.Api.Serialization;

namespace Stepflow.Client;

public partial class StepflowClient
{
    /// <summary>
    /// Stores a flow on the server (<c>POST /flows</c>) and returns its id and the server's diagnostics.
    /// Storing is idempotent: the same flow gets the same id.
    /// </summary>
    /// <param name="flow">The flow document; a stored flow is read back from the server first (useful with <paramref name="dryRun"/>).</param>
    /// <param name="dryRun">Analyse only; do not store.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>
    /// The response; <c>Stored</c> is false when the flow has fatal problems (see <c>Diagnostics</c>) or on a dry run.
    /// </returns>
    /// <exception cref="StepflowFlowLoadException">The flow file or text could not be read.</exception>
    public virtual async Task<StoreFlowResponse> StoreFlowAsync(FlowSource flow, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var document = flow.StoredFlowId is { } id
            ? (await GetFlowAsync(id, cancellationToken).ConfigureAwait(false)).Flow is { } stored
                ? JsonSerializer.SerializeToNode(stored, StepflowJson.Options)!.AsObject()
                : throw new StepflowClientException($"The server returned no document for flow {id}.")
            : await flow.LoadAsync(cancellationToken).ConfigureAwait(false);

        // The document goes out exactly as written; a typed round trip could reshape what the server has not modelled.
        var body = new JsonObject { ["flow"] = document, ["dryRun"] = dryRun };
        return await CallAsync("StoreFlow", async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, ApiUri("flows"))
            {
                Content = new StringContent(body.ToJsonString(StepflowJson.Options), Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await SendRawAsync(request, ct).ConfigureAwait(false);
            return await ReadJsonAsync<StoreFlowResponse>(response, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a stored flow (<c>GET /flows/{flowId}</c>).</summary>
    /// <exception cref="StepflowNotFoundException">No flow has this id.</exception>
    /// <exception cref="StepflowInvalidRequestException">The id names a blob that is not a flow.</exception>
    public virtual Task<FlowResponse> GetFlowAsync(string flowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        return CallAsync(new Operation("GetFlow", FlowId: flowId), ct => Api.Flows.GetFlowAsync(flowId, ct), cancellationToken);
    }

    /// <summary>Deletes a stored flow (<c>DELETE /flows/{flowId}</c>). 0.11 servers accept this but keep the flow.</summary>
    public virtual Task DeleteFlowAsync(string flowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        return CallAsync(new Operation("DeleteFlow", FlowId: flowId), ct => Api.Flows.DeleteFlowAsync(flowId, ct), cancellationToken);
    }

    /// <summary>Reads the variables a stored flow declares and the environment variables they map to.</summary>
    public virtual Task<FlowVariablesResponse> GetFlowVariablesAsync(string flowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        return CallAsync(new Operation("GetFlowVariables", FlowId: flowId), ct => Api.Flows.GetFlowVariablesAsync(flowId, ct), cancellationToken);
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
        foreach (var (name, environmentVariable) in variables.EnvVars ?? new Dictionary<string, string>())
        {
            if (!string.IsNullOrEmpty(environmentVariable) && Environment.GetEnvironmentVariable(environmentVariable) is { } value)
            {
                values[name] = value;
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

        var stored = await StoreFlowAsync(flow, dryRun: false, cancellationToken).ConfigureAwait(false);
        if (!stored.Stored)
        {
            var problems = stored.Diagnostics?.Items?.Where(d => d.Level == DiagnosticLevel.Fatal).Select(d => d.Formatted) ?? [];
            throw new StepflowInvalidFlowException(
                $"The server did not store {flow.Description}: {string.Join("; ", problems)}", stored.Diagnostics);
        }

        return stored.FlowId;
    }

    /// <summary>
    /// Reads a JSON answer. A body that is empty, cut off or not the expected JSON raises a
    /// <see cref="StepflowApiException"/> with the success status, which the retry pipeline treats as
    /// transient for safe requests and the error mapping reports as <see cref="StepflowTransportException"/>.
    /// </summary>
    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength == 0)
        {
            // Routed through the same mapping as the generated clients' empty answers.
            throw new StepflowApiException("Empty response body.", (int)response.StatusCode, string.Empty, HeaderSnapshot.Of(response), null);
        }

        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, StepflowJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException($"The server answered with a JSON null instead of a {typeof(T).Name}.");
        }
        catch (JsonException ex)
        {
            // The same shape the generated clients use, so status and headers travel with the failure.
            throw new StepflowApiException($"Could not deserialize the response body as {typeof(T).Name}.", (int)response.StatusCode,
                string.Empty, HeaderSnapshot.Of(response), ex);
        }
    }
}
