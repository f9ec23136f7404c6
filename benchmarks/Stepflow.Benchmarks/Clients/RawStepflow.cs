using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Stepflow.Benchmarks.Clients;

/// <summary>
/// What an application would write with nothing but <see cref="HttpClient"/> and source-generated
/// System.Text.Json reading records of the answers' shape (<see cref="Raw011Json"/>): the 0.11 baselines. Bodies are
/// always read from the response stream, never as a string.
/// </summary>
public sealed class RawStepflow(HttpClient http, Uri serverRoot)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Uri _runs = new(serverRoot, "api/v1/runs");
    private readonly string _runsPrefix = new Uri(serverRoot, "api/v1/runs/").AbsoluteUri;

    /// <summary><c>GET /runs/{id}</c>.</summary>
    public async Task<Raw011RunDetails> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri(_runsPrefix + runId.ToString("D")), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, Raw011Json.Default.Raw011RunDetails, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("null run");
        }
    }

    /// <summary><c>POST /runs</c> with one typed input.</summary>
    public async Task<Raw011RunSummary> CreateRunAsync(string flowId, GreetInput input, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new RawCreateRunRequest(flowId, [input]), RawJson.Default.RawCreateRunRequest);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await http.PostAsync(_runs, content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, Raw011Json.Default.Raw011RunSummary, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("null run");
        }
    }

    /// <summary><c>GET /runs/{id}/items</c>, deserialized from the stream as it arrives.</summary>
    public async Task<Raw011ItemList> GetRunItemsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri(_runsPrefix + runId.ToString("D") + "/items"), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, Raw011Json.Default.Raw011ItemList, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("null items");
        }
    }

    /// <summary><c>GET /runs/{id}/events</c> parsed with <see cref="SseParser"/>, each <c>data:</c> deserialized from its UTF-8 bytes.</summary>
    public async IAsyncEnumerable<Raw011Event> StreamEventsAsync(Guid runId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_runsPrefix + runId.ToString("D") + "/events"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var parser = SseParser.Create(stream, static (_, data) => JsonSerializer.Deserialize(data, Raw011Json.Default.Raw011Event)!);
            await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item.Data;
                if (item.Data is { Event: "run_completed" } completed && completed.RunId == runId)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>Waits for a run the naive way: a plain <c>GET /runs/{id}</c> every second until it is terminal.</summary>
    public async Task<Raw011RunDetails> PollUntilDoneAsync(Guid runId, TimeSpan interval, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (run.Status is "completed" or "failed" or "cancelled" or "recoveryFailed")
            {
                return run;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
