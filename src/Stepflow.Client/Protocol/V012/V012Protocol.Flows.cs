using System.Text.Json.Nodes;

namespace Stepflow.Client.Protocol.V012;

internal sealed partial class V012Protocol
{
    /// <summary>The message prefix of a flow refused because a number became a float on the way in (docs/server-api.md §7.7).</summary>
    private const string FloatRefusal = "invalid flow definition: invalid type: floating point";

    /// <summary>
    /// <c>POST /flows</c>, except for flows that the server's number-to-float detour would refuse: a flow with
    /// <c>onError.maxRetries</c> is validated as a copy without those keys and stored as a <c>flow</c> blob, whose id
    /// works as a flow id (docs/server-api.md §7.7). Without the copy's fatal problems nothing is lost but the
    /// server-side validation of <c>maxRetries</c> itself.
    /// </summary>
    public async Task<StoreFlowResult> StoreFlowAsync(JsonObject flow, bool dryRun, CancellationToken cancellationToken)
    {
        var withoutRetryCounts = WithoutRetryCounts(flow);
        if (withoutRetryCounts is null)
        {
            try
            {
                return await PostFlowAsync(flow, dryRun, cancellationToken).ConfigureAwait(false);
            }
            catch (ServerAnswerException refused) when (!dryRun && refused.Error.StatusCode == 400 &&
                refused.Error.Message?.StartsWith(FloatRefusal, StringComparison.Ordinal) == true)
            {
                // Another integer field the SDK does not know of: store it unchecked rather than not at all.
                var blob = await StoreBlobAsync(flow, BlobType.Flow, null, cancellationToken).ConfigureAwait(false);
                return new StoreFlowResult(blob.BlobId, stored: true, []);
            }
        }

        var checkedCopy = await PostFlowAsync(withoutRetryCounts, dryRun: true, cancellationToken).ConfigureAwait(false);
        if (dryRun || checkedCopy.FatalCount > 0)
        {
            // Nothing to store (a dry run, or a flow the server would refuse to run): the copy's answer is the answer.
            return new StoreFlowResult(checkedCopy.FlowId, stored: false, checkedCopy.Diagnostics);
        }

        var stored = await StoreBlobAsync(flow, BlobType.Flow, null, cancellationToken).ConfigureAwait(false);
        return new StoreFlowResult(stored.BlobId, stored: true, checkedCopy.Diagnostics);
    }

    private async Task<StoreFlowResult> PostFlowAsync(JsonObject flow, bool dryRun, CancellationToken cancellationToken)
    {
        var body = JsonBody((flow, dryRun), static (writer, state) =>
        {
            writer.WritePropertyName("flow");
            state.flow.WriteTo(writer);
            writer.WriteBoolean("dryRun", state.dryRun);
        });
        return V012Mapper.StoredFlow(await SendJsonAsync(HttpMethod.Post, "flows", body, V012Json.Default.V012StoreFlowResponse, cancellationToken)
            .ConfigureAwait(false));
    }

    /// <summary>A copy of the flow without <c>maxRetries</c> in any <c>onError</c> object; <see langword="null"/> when it has none.</summary>
    internal static JsonObject? WithoutRetryCounts(JsonObject flow)
    {
        if (!HasRetryCount(flow))
        {
            return null;
        }

        var copy = (JsonObject)flow.DeepClone();
        RemoveRetryCounts(copy);
        return copy;
    }

    private static bool HasRetryCount(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Any(p => (p.Key == "onError" && p.Value is JsonObject onError && onError.ContainsKey("maxRetries")) ||
            (p.Key != "$literal" && HasRetryCount(p.Value))),
        JsonArray array => array.Any(HasRetryCount),
        _ => false,
    };

    private static void RemoveRetryCounts(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "onError" && value is JsonObject onError)
                    {
                        onError.Remove("maxRetries");
                    }
                    else if (key != "$literal")
                    {
                        RemoveRetryCounts(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    RemoveRetryCounts(item);
                }

                break;
        }
    }

    /// <summary><c>GET /flows/{id}</c>, read as JSON; integral floats in the document are integers again (docs/server-api.md §4.3).</summary>
    public Task<FlowDefinition> GetFlowAsync(string flowId, CancellationToken cancellationToken) =>
        GetFlowDocumentAsync("flows/" + Uri.EscapeDataString(flowId), V012Json.Default.JsonNode, V012Mapper.FlowDefinition, cancellationToken);

    /// <summary><c>DELETE /flows/{id}</c>: always <c>{}</c>; the server keeps the flow (docs/server-api.md §7.5).</summary>
    public Task DeleteFlowAsync(string flowId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, "flows/" + Uri.EscapeDataString(flowId), cancellationToken);

    public async Task<IReadOnlyList<FlowVariable>> GetFlowVariablesAsync(string flowId, CancellationToken cancellationToken) =>
        V012Mapper.Variables(await GetJsonAsync("flows/" + Uri.EscapeDataString(flowId) + "/variables", V012Json.Default.V012FlowVariables,
            cancellationToken).ConfigureAwait(false));

    public Task<FlowDefinition> GetRunFlowAsync(Guid runId, CancellationToken cancellationToken) =>
        GetFlowDocumentAsync($"runs/{runId:D}/flow", V012Json.Default.JsonNode, V012Mapper.FlowDefinition, cancellationToken);

}
