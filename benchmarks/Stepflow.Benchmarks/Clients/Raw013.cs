using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.Benchmarks.Clients;

/// <summary>A 0.13 <c>GET /runs/{id}</c> answer as an application would declare it (docs/server-api.md §8.2).</summary>
public sealed record Raw013RunDetails(Raw013Summary Summary, IReadOnlyList<Raw013Step> Steps);

/// <summary>A 0.13 run summary: integer status, numeric sequence numbers.</summary>
public sealed record Raw013Summary(Guid RunId, string FlowId, string? FlowName, int Status, Raw013Items Items, DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt, Guid RootRunId, Guid? ParentRunId, string? OrchestratorId, long CreatedAtSeqno, long? FinishedAtSeqno);

/// <summary>Item counts.</summary>
public sealed record Raw013Items(int Total, int Completed, int Running, int Failed, int Cancelled);

/// <summary>A step row.</summary>
public sealed record Raw013Step(string StepId, int StepIndex, int ItemIndex, int Status, string? Component, JsonNode? Output, string? ErrorMessage,
    int? ErrorCode, long JournalSeqno, DateTimeOffset? UpdatedAt);

/// <summary>A 0.13 event: the variant is the single key of <see cref="Event"/> (docs/server-api.md §10.2).</summary>
public sealed record Raw013Event(long SequenceNumber, DateTimeOffset Timestamp, Dictionary<string, Raw013EventBody> Event);

/// <summary>The fields the event variants carry.</summary>
public sealed record Raw013EventBody(Guid RunId, string? FlowId, int? ItemCount, int? ItemIndex, int? StepIndex, string? StepId, int? Attempt,
    int? Status, IReadOnlyList<string>? StepIds, JsonNode? Result);

/// <summary>A 0.13 <c>POST /runs</c> answer: the summary and, when it waited, one result per item.</summary>
public sealed record Raw013CreateRun(Raw013Summary Summary, IReadOnlyList<Raw013ItemResult>? Results);

/// <summary>A 0.13 <c>GET /runs/{id}/items</c> answer.</summary>
public sealed record Raw013ItemList(IReadOnlyList<Raw013ItemResult> Results);

/// <summary>One item's result: integer status, output or error message and code.</summary>
public sealed record Raw013ItemResult(int ItemIndex, int Status, JsonNode? Output, string? ErrorMessage, int? ErrorCode, DateTimeOffset? CompletedAt);

/// <summary>Source-generated metadata for the 0.13 baselines, camelCase like the wire.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Raw013RunDetails))]
[JsonSerializable(typeof(Raw013Event))]
[JsonSerializable(typeof(Raw013CreateRun))]
[JsonSerializable(typeof(Raw013ItemList))]
public sealed partial class Raw013Json : JsonSerializerContext;

/// <summary>The hand-written 0.13 baseline: <see cref="HttpClient"/>, source-generated records, <see cref="SseParser"/>.</summary>
public sealed class Raw013Stepflow(HttpClient http, Uri serverRoot)
{
    private readonly string _runsPrefix = new Uri(serverRoot, "api/v1/runs/").AbsoluteUri;
    private readonly Uri _runs = new(serverRoot, "api/v1/runs");

    /// <summary><c>GET /runs/{id}</c>.</summary>
    public async Task<Raw013RunDetails> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri(_runsPrefix + runId.ToString("D")), HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, Raw013Json.Default.Raw013RunDetails, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("null run");
        }
    }

    /// <summary><c>POST /runs</c> with one typed input.</summary>
    public async Task<Raw013CreateRun> CreateRunAsync(string flowId, GreetInput input, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new RawCreateRunRequest(flowId, [input]), RawJson.Default.RawCreateRunRequest);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(_runs, content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, Raw013Json.Default.Raw013CreateRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /runs/{id}/items</c>, deserialized from the stream as it arrives.</summary>
    public async Task<Raw013ItemList> GetRunItemsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri(_runsPrefix + runId.ToString("D") + "/items"), HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        return await ReadAsync(response, Raw013Json.Default.Raw013ItemList, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
    {
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("null answer");
        }
    }

    /// <summary><c>GET /runs/{id}/events?runId={id}</c> parsed with <see cref="SseParser"/>.</summary>
    public async IAsyncEnumerable<Raw013Event> StreamEventsAsync(Guid runId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var id = runId.ToString("D");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_runsPrefix + id + "/events?runId=" + id));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var parser = SseParser.Create(stream, static (_, data) => JsonSerializer.Deserialize(data, Raw013Json.Default.Raw013Event)!);
            await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item.Data;
                if (item.Data.Event.TryGetValue("RunCompleted", out var completed) && completed.RunId == runId)
                {
                    yield break;
                }
            }
        }
    }
}
