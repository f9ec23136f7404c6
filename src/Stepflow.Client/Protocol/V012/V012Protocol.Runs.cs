using System.Text;
using System.Text.Json;

namespace Stepflow.Client.Protocol.V012;

internal sealed partial class V012Protocol
{
    /// <summary>
    /// <c>POST /runs</c>: always 200 with <c>{summary, results}</c>; with <c>wait</c> there is one result per item even
    /// when the wait ran out (docs/server-api.md §8.1). Absent options are left out of the body, never <c>null</c>.
    /// </summary>
    public Task<CreatedRun> CreateRunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var body = JsonBody(request, static (writer, request) =>
        {
            writer.WriteString("flowId", request.FlowId);
            writer.WriteStartArray("input");
            foreach (var input in request.Inputs)
            {
                WriteValue(writer, input);
            }

            writer.WriteEndArray();
            if (request.Variables is { Count: > 0 } variables)
            {
                writer.WriteStartObject("variables");
                foreach (var (name, value) in variables)
                {
                    writer.WritePropertyName(name);
                    WriteValue(writer, value);
                }

                writer.WriteEndObject();
            }

            if (request.StepOverrides is { Count: > 0 } overrides)
            {
                writer.WriteStartObject("overrides");
                writer.WriteStartObject("steps");
                foreach (var (stepId, value) in overrides)
                {
                    writer.WriteStartObject(stepId);
                    writer.WriteString("$type", "merge_patch");
                    writer.WritePropertyName("value");
                    WriteValue(writer, value);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            if (request.MaxConcurrency is { } concurrency)
            {
                writer.WriteNumber("maxConcurrency", concurrency);
            }

            writer.WriteBoolean("wait", request.Wait is not null);
            if (request.Wait is { } wait)
            {
                writer.WriteNumber("timeoutSecs", WholeSeconds(wait));
            }
        });
        return ExchangeJsonAsync(HttpMethod.Post, Transport.Uri("runs"), body, V012Json.Default.V012CreateRunResponse, request.Wait is not null,
            static (created, waited) => new CreatedRun(V012Mapper.Summary(created.Summary), waited ? V012Mapper.Items(created.Results) : null), cancellationToken);
    }

    /// <summary><c>GET /runs/{id}</c>, optionally held by the server until the run ends; an unknown run is 404 either way (docs/server-api.md §8.3).</summary>
    public Task<RunDetails> GetRunAsync(Guid runId, TimeSpan? wait, CancellationToken cancellationToken)
    {
        var uri = wait is { } window ? Transport.Uri($"runs/{runId:D}?wait=true&timeoutSecs={WholeSeconds(window)}") : Transport.Uri($"runs/{runId:D}");
        return GetJsonAsync(uri, V012Json.Default.V012GetRunResponse, V012Mapper.Details, cancellationToken);
    }

    /// <summary>
    /// <c>GET /runs/{id}/items</c>. An unknown run answers with an empty list here (docs/server-api.md §8.4), so an
    /// empty list is checked against the run itself, which reports a missing run as not found.
    /// </summary>
    public async Task<IReadOnlyList<ItemResult>> GetRunItemsAsync(Guid runId, CancellationToken cancellationToken)
    {
        var items = V012Mapper.Items((await GetJsonAsync($"runs/{runId:D}/items", V012Json.Default.V012ItemsResponse, cancellationToken)
            .ConfigureAwait(false)).Results);
        if (items.Count == 0)
        {
            await GetRunAsync(runId, null, cancellationToken).ConfigureAwait(false);
        }

        return items;
    }

    /// <summary><c>GET /runs/{id}/steps</c>: the recorded (item, step) rows; an empty list is checked like <see cref="GetRunItemsAsync"/>.</summary>
    public async Task<IReadOnlyList<StepRun>> GetRunStepsAsync(Guid runId, int? itemIndex, CancellationToken cancellationToken)
    {
        var path = itemIndex is { } item ? $"runs/{runId:D}/steps?itemIndex={Number(item)}" : $"runs/{runId:D}/steps";
        var steps = V012Mapper.Steps((await GetJsonAsync(path, V012Json.Default.V012StepsResponse, cancellationToken).ConfigureAwait(false)).Steps);
        if (steps.Count == 0)
        {
            await GetRunAsync(runId, null, cancellationToken).ConfigureAwait(false);
        }

        return steps;
    }

    /// <summary><c>GET /runs/{id}/steps/{stepId}</c>; an <c>asof</c> ahead of the store is a 412, read as a conflict (docs/server-api.md §8.6).</summary>
    public async Task<StepRun> GetStepDetailAsync(Guid runId, string stepId, int? itemIndex, long? asOf, CancellationToken cancellationToken)
    {
        var path = new StringBuilder("runs/").Append(runId.ToString("D")).Append("/steps/").Append(Uri.EscapeDataString(stepId));
        var separator = '?';
        if (itemIndex is { } item)
        {
            path.Append(separator).Append("itemIndex=").Append(Number(item));
            separator = '&';
        }

        if (asOf is { } sequence)
        {
            path.Append(separator).Append("asof=").Append(Number(sequence));
        }

        return V012Mapper.Step((await GetJsonAsync(path.ToString(), V012Json.Default.V012StepResponse, cancellationToken).ConfigureAwait(false)).Step);
    }

    /// <summary>
    /// <c>POST /runs/{id}/cancel</c>: the server marks the run cancelled without stopping it, and its status may
    /// later turn back to completed or failed (docs/server-api.md §8.8).
    /// </summary>
    public async Task<RunSummary> CancelRunAsync(Guid runId, CancellationToken cancellationToken) =>
        V012Mapper.Summary((await SendJsonAsync(HttpMethod.Post, $"runs/{runId:D}/cancel", null, V012Json.Default.V012SummaryResponse, cancellationToken)
            .ConfigureAwait(false)).Summary);

    /// <summary><c>DELETE /runs/{id}</c>: <c>{}</c>, or 412 for a run still going (docs/server-api.md §8.9).</summary>
    public Task DeleteRunAsync(Guid runId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"runs/{runId:D}", cancellationToken);

    /// <summary><c>GET /runs</c> with the status filter as its integer (docs/server-api.md §8.10).</summary>
    public async Task<IReadOnlyList<RunSummary>> ListRunsAsync(RunQuery query, long? limit, long? offset, CancellationToken cancellationToken)
    {
        var path = new StringBuilder("runs");
        var separator = '?';
        void Add(string name, string value)
        {
            path.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        if (query.Status is { } status)
        {
            // A status with no integer (one made up by the caller) cannot match anything the server has.
            if (V012Values.NumberOf(status) is not { } number || number == 0)
            {
                return [];
            }

            Add("status", Number(number));
        }

        if (query.FlowName is { } flowName)
        {
            Add("flowName", flowName);
        }

        if (query.RootRunId is { } root)
        {
            Add("rootRunId", root.ToString("D"));
        }

        if (query.ParentRunId is { } parent)
        {
            Add("parentRunId", parent.ToString("D"));
        }

        if (query.RootsOnly)
        {
            Add("rootsOnly", "true");
        }

        if (query.MaxDepth is { } depth)
        {
            Add("maxDepth", Number(depth));
        }

        if (limit is { } pageSize)
        {
            Add("limit", Number(pageSize));
        }

        if (offset is { } skip)
        {
            Add("offset", Number(skip));
        }

        return V012Mapper.Summaries((await GetJsonAsync(path.ToString(), V012Json.Default.V012ListRunsResponse, cancellationToken)
            .ConfigureAwait(false)).Runs);
    }

    private static long WholeSeconds(TimeSpan wait) => (long)Math.Ceiling(wait.TotalSeconds);

    private static void WriteValue(Utf8JsonWriter writer, System.Text.Json.Nodes.JsonNode? value)
    {
        if (value is null)
        {
            // A JSON null inside an input is the user's value, not an absent key.
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
