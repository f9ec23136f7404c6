using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Wire = Stepflow.Api;

namespace Stepflow.Client.Protocol.V011;

internal sealed partial class V011Protocol
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptEvents = new("text/event-stream");

    /// <summary>
    /// <c>GET /runs/{id}/events</c> with <c>since</c>, the filters, and the event types as one comma-separated
    /// <c>eventTypes</c> value (<c>docs/server-api.md §10.4</c>). The 0.11.0 and 0.11.1 releases have no such route (a 404 with no body).
    /// </summary>
    public async Task<HttpResponseMessage> OpenEventStreamAsync(Guid runId, EventStreamOptions options, long? since, CancellationToken cancellationToken)
    {
        var query = new StringBuilder("runs/").Append(runId.ToString("D")).Append("/events?");
        if (since is { } from)
        {
            query.Append("since=").Append(from.ToString(CultureInfo.InvariantCulture)).Append('&');
        }

        query.Append("includeSubRuns=").Append(options.IncludeSubRuns ? "true" : "false");
        if (options.EventTypes is { } types)
        {
            query.Append("&eventTypes=").Append(string.Join(',', types.Select(Uri.EscapeDataString)));
        }

        query.Append("&includeResults=").Append(options.IncludeResults ? "true" : "false");
        using var request = new HttpRequestMessage(HttpMethod.Get, Transport.Uri(query.ToString()));
        request.Headers.Accept.Add(AcceptEvents);
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a <c>data</c> payload: a <c>StatusEvent</c> tagged by its snake_case <c>event</c> field, which may
    /// come after other fields (<c>docs/server-api.md §10.2</c>).
    /// </summary>
    public RunEvent ParseEvent(string sseEventType, ReadOnlySpan<byte> data)
    {
        var parsed = JsonSerializer.Deserialize(data, Json<Wire.StatusEvent>())
            ?? throw new JsonException("The event data is JSON null.");
        return V011Mapper.Event(parsed) ?? Unknown(parsed, sseEventType, data);
    }

    private static UnknownRunEvent Unknown(Wire.StatusEvent parsed, string sseEventType, ReadOnlySpan<byte> data)
    {
        var raw = Encoding.UTF8.GetString(data);
        var eventType = sseEventType;
        using (var document = JsonDocument.Parse(raw))
        {
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("event", out var name) &&
                name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } text)
            {
                eventType = text;
            }
        }

        return new UnknownRunEvent(string.IsNullOrWhiteSpace(eventType) ? "unknown" : eventType, raw)
        {
            RunId = parsed.RunId,
            SequenceNumber = parsed.SequenceNumber,
            Timestamp = parsed.Timestamp,
        };
    }
}
