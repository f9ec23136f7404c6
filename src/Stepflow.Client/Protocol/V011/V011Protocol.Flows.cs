using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Wire = Stepflow.Api;

namespace Stepflow.Client.Protocol.V011;

internal sealed partial class V011Protocol
{
    /// <summary>
    /// <c>POST /flows</c> with the document exactly as the user wrote it: a round trip through the typed
    /// <c>Flow</c> model would drop or reshape what it does not model (<c>docs/server-api.md §7.2</c>).
    /// </summary>
    public async Task<StoreFlowResult> StoreFlowAsync(JsonObject flow, bool dryRun, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["flow"] = flow.DeepClone(), ["dryRun"] = dryRun };
        using var request = new HttpRequestMessage(HttpMethod.Post, Transport.Uri("flows"))
        {
            Content = JsonContent(body, V011Json.Node),
        };
        request.Headers.Accept.Add(AcceptJson);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return V011Mapper.StoredFlow(await ReadJsonAsync(response, Json<Wire.StoreFlowResponse>(), cancellationToken).ConfigureAwait(false));
    }

    /// <summary><c>GET /flows/{id}</c>, read as JSON so the document comes back exactly as the server sent it.</summary>
    public Task<FlowDefinition> GetFlowAsync(string flowId, CancellationToken cancellationToken) =>
        GetFlowDocumentAsync("flows/" + Uri.EscapeDataString(flowId), V011Json.Node, V011Mapper.FlowDefinition, cancellationToken);

    public Task DeleteFlowAsync(string flowId, CancellationToken cancellationToken) =>
        _flows.DeleteFlowAsync(flowId, cancellationToken);

    public async Task<IReadOnlyList<FlowVariable>> GetFlowVariablesAsync(string flowId, CancellationToken cancellationToken) =>
        V011Mapper.Variables(await _flows.GetFlowVariablesAsync(flowId, cancellationToken).ConfigureAwait(false));

    /// <summary><c>GET /runs/{id}/flow</c>, read like <see cref="GetFlowAsync"/>.</summary>
    public Task<FlowDefinition> GetRunFlowAsync(Guid runId, CancellationToken cancellationToken) =>
        GetFlowDocumentAsync($"runs/{runId:D}/flow", V011Json.Node, V011Mapper.FlowDefinition, cancellationToken);

}
