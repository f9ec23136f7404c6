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

/// <summary>Source-generated metadata for the 0.13 baselines, camelCase like the wire.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Raw013RunDetails))]
[JsonSerializable(typeof(Raw013Event))]
public sealed partial class Raw013Json : JsonSerializerContext;

/// <summary>The hand-written 0.13 baseline: <see cref="HttpClient"/>, source-generated records, <see cref="SseParser"/>.</summary>
public sealed class Raw013Stepflow(HttpClient http, Uri serverRoot)
{
    private readonly string _runsPrefix = new Uri(serverRoot, "api/v1/runs/").AbsoluteUri;

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
