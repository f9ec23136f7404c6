using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Stepflow.Api;
using Stepflow.Api.Serialization;

namespace Stepflow.Client;

public partial class StepflowClient
{
    private const string EventStreamMediaType = "text/event-stream";

    /// <summary>
    /// Streams a run's events as they happen (<c>GET /runs/{runId}/events</c>, Server-Sent Events): first the
    /// history from <see cref="EventStreamOptions.Since"/>, then live events, ending right after the run's
    /// own <c>run_completed</c> event.
    /// </summary>
    /// <remarks>
    /// <para>Nothing is sent until the result is enumerated. Events arrive typed
    /// (<see cref="StatusEventRunCreated"/>, <see cref="StatusEventStepCompleted"/>, …); a type this SDK does not
    /// know arrives as <see cref="UnknownStatusEvent"/> and does not end the stream.</para>
    /// <para>A dropped connection (a reset, a clean close before the run completed, an unreadable event) is
    /// re-established with backoff from the last sequence number seen, and events already delivered are not
    /// delivered again, so each event arrives once. After <see cref="EventStreamOptions.MaxReconnectAttempts"/>
    /// failures in a row without a new event the stream throws <see cref="StepflowTransportException"/>.
    /// Connection failures, 5xx and 429 answers count as failed attempts; other HTTP errors are thrown at once.</para>
    /// <para>The server sends no keep-alives. After <see cref="EventStreamOptions.IdleTimeout"/> without an event
    /// the client reads the run's status: if the run is still going it reconnects; if it has ended without a
    /// <c>run_completed</c> event (a run cancelled through the API never sends one) it collects what is left
    /// and ends the stream. The per-request timeout of <see cref="StepflowClientOptions.RequestTimeout"/>
    /// applies to opening each connection only, never to a stream that keeps delivering.</para>
    /// <para>Breaking out of the loop, disposing the enumerator or cancelling <paramref name="cancellationToken"/>
    /// closes the connection at once; cancellation surfaces as <see cref="OperationCanceledException"/>.</para>
    /// </remarks>
    /// <param name="runId">The run whose events to stream.</param>
    /// <param name="options">Start point, filters and reconnection settings; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>The events in journal order.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is empty, or <see cref="EventStreamOptions.EventTypes"/> is empty or holds a blank name (thrown at the call).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (thrown at the call).</exception>
    /// <exception cref="StepflowNotFoundException">No run has this id.</exception>
    /// <exception cref="StepflowEndpointUnavailableException">The server has no events endpoint (0.11.1 and older answer 404 with an empty body; a gRPC-multiplexed server answers its <c>application/grpc</c> fallback).</exception>
    /// <exception cref="StepflowTransportException">The connection could not be (re-)established within the allowed attempts; the last failure is the inner exception.</exception>
    public virtual IAsyncEnumerable<StatusEvent> StreamEventsAsync(Guid runId, EventStreamOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        RequireRunId(runId);
        var settings = (options ?? new EventStreamOptions()).Snapshot();
        return StreamEventsCoreAsync(runId, settings, cancellationToken);
    }

    private async IAsyncEnumerable<StatusEvent> StreamEventsCoreAsync(Guid runId, EventStreamOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var delivered = new EventDeduplicator();
        // Without run_completed in the filter, the server still closes right after it: a clean close may be the end.
        var completionFiltered = options.EventTypes is { } types && !types.Contains(StatusEventTypes.RunCompleted, StringComparer.Ordinal);
        var failures = 0;
        Exception? lastFailure = null;
        var draining = false;

        while (true)
        {
            if (failures > 0)
            {
                if (failures > options.MaxReconnectAttempts)
                {
                    throw new StepflowTransportException(
                        $"The event stream of run {runId} could not be re-established after {options.MaxReconnectAttempts} attempt(s): {lastFailure?.Message}",
                        (lastFailure as StepflowClientException)?.StatusCode, null, lastFailure);
                }

                var delay = ReconnectDelay(options, failures, lastFailure);
                ClientLog.StreamReconnecting(_logger, runId, delivered.LastSequenceNumber ?? options.Since ?? 0, failures,
                    lastFailure is null ? "connection lost" : ClientLog.Describe(lastFailure));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }

            var (connection, connectFailure) = await TryOpenEventStreamAsync(
                runId, options, delivered.LastSequenceNumber ?? options.Since, cancellationToken).ConfigureAwait(false);
            if (connection is null)
            {
                failures++;
                lastFailure = connectFailure;
                continue;
            }

            await using (connection.ConfigureAwait(false))
            {
                delivered.BeginConnection();
                var idleTimeout = draining ? options.DrainWindow : options.IdleTimeout;
                while (true)
                {
                    var outcome = await connection.ReadAsync(idleTimeout).ConfigureAwait(false);
                    if (outcome == ReadOutcome.Item)
                    {
                        var raw = connection.Current;
                        var (statusEvent, parseFailure) = ParseEvent(raw);
                        if (statusEvent is null)
                        {
                            // An unreadable event is treated like a torn connection: resume before it.
                            failures++;
                            lastFailure = parseFailure;
                            break;
                        }

                        if (!delivered.TryAccept(statusEvent.SequenceNumber, raw.EventType, raw.Data))
                        {
                            continue;
                        }

                        failures = 0;
                        lastFailure = null;
                        yield return statusEvent;
                        if (statusEvent is StatusEventRunCompleted completed && completed.RunId == runId)
                        {
                            yield break;
                        }

                        continue;
                    }

                    if (outcome == ReadOutcome.Dropped)
                    {
                        failures++;
                        lastFailure = new StepflowTransportException(
                            $"The event stream of run {runId} broke: {connection.Failure?.Message}", null, null, connection.Failure);
                        break;
                    }

                    if (draining)
                    {
                        // The run had already ended: the server closed, or nothing more came within the window.
                        yield break;
                    }

                    if (outcome == ReadOutcome.EndOfStream && !completionFiltered)
                    {
                        failures++;
                        lastFailure = new StepflowTransportException(
                            $"The event stream of run {runId} closed before the run completed.", null, null, null);
                        break;
                    }

                    // Silence, or a clean close that may follow a filtered-out run_completed: ask the run.
                    var (terminal, statusFailure) = await TryCheckRunEndedAsync(runId, cancellationToken).ConfigureAwait(false);
                    if (statusFailure is not null)
                    {
                        failures++;
                        lastFailure = statusFailure;
                    }
                    else if (terminal)
                    {
                        // Collect whatever was journaled after the last event seen, then end.
                        draining = true;
                    }
                    else if (outcome == ReadOutcome.EndOfStream)
                    {
                        failures++;
                        lastFailure = new StepflowTransportException(
                            $"The event stream of run {runId} closed before the run completed.", null, null, null);
                    }

                    // Idle while the run goes on is not a failure: reconnect straight away.
                    break;
                }
            }
        }
    }

    /// <summary>Opens one connection; transient failures are returned, every other error is thrown mapped.</summary>
    private async Task<(EventStreamConnection? Connection, Exception? Failure)> TryOpenEventStreamAsync(Guid runId,
        EventStreamOptions options, long? since, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            // The request timeout covers opening the stream only; reading it happens outside CallAsync. The
            // stream loop reconnects with its own budget and backoff, so the retry pipeline stays out of it.
            response = await CallAsync(new Operation("StreamEvents", runId), RetrySafety.Never, async ct =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, EventsUri(runId, options, since));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(EventStreamMediaType));
                var answer = await SendRawAsync(request, ct).ConfigureAwait(false);
                RequireEventStream(answer);
                return answer;
            }, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        catch (StepflowClientException ex) when (IsTransientStreamFailure(ex))
        {
            return (null, ex);
        }

        return (await EventStreamConnection.OpenAsync(response, cancellationToken).ConfigureAwait(false), null);
    }

    private Uri EventsUri(Guid runId, EventStreamOptions options, long? since)
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
        return ApiUri(query.ToString());
    }

    /// <summary>A 200 that is not an event stream (a proxy page, a server without SSE) is not retried.</summary>
    private static void RequireEventStream(HttpResponseMessage response)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || string.Equals(mediaType, EventStreamMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var status = (int)response.StatusCode;
        response.Dispose();
        throw new StepflowEndpointUnavailableException(
            $"StreamEvents is not available on this server: it answered HTTP {status} with '{mediaType}' instead of '{EventStreamMediaType}'.",
            status, null, null, null);
    }

    private async Task<(bool Terminal, Exception? Failure)> TryCheckRunEndedAsync(Guid runId, CancellationToken cancellationToken)
    {
        try
        {
            var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            return (run.Status.IsTerminal(), null);
        }
        catch (StepflowClientException ex) when (IsTransientStreamFailure(ex))
        {
            return (false, ex);
        }
    }

    private static bool IsTransientStreamFailure(StepflowClientException failure) =>
        failure is StepflowTransportException or StepflowTimeoutException or StepflowServerException or StepflowRateLimitedException;

    /// <summary>Exponential backoff with ±20% jitter, capped; a server's Retry-After is honoured.</summary>
    private static TimeSpan ReconnectDelay(EventStreamOptions options, int failures, Exception? lastFailure)
    {
        var exponential = options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, options.MaxReconnectDelay.TotalMilliseconds);
        var delay = TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * Random.Shared.NextDouble())));
        return lastFailure is StepflowRateLimitedException { RetryAfter: { } retryAfter } && retryAfter > delay ? retryAfter : delay;
    }

    /// <summary>The typed event, or the reason the data could not be read.</summary>
    private static (StatusEvent? Event, Exception? Failure) ParseEvent(RawSseEvent raw)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<StatusEvent>(raw.Data, StepflowJson.Options)
                ?? throw new JsonException("The event data is JSON null.");
            return (parsed.GetType() == typeof(StatusEvent) ? ToUnknown(parsed, raw) : parsed, null);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return (null, new StepflowTransportException(
                $"An event of type '{raw.EventType}' could not be read: {ex.Message}", null, Encoding.UTF8.GetString(raw.Data), ex));
        }
    }

    private static UnknownStatusEvent ToUnknown(StatusEvent parsed, RawSseEvent raw)
    {
        using var document = JsonDocument.Parse(raw.Data);
        var eventType = document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("event", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()!
                : raw.EventType;
        var unknown = new UnknownStatusEvent(eventType, Encoding.UTF8.GetString(raw.Data))
        {
            RunId = parsed.RunId,
            SequenceNumber = parsed.SequenceNumber,
            Timestamp = parsed.Timestamp,
        };
        foreach (var (key, value) in parsed.AdditionalProperties)
        {
            unknown.AdditionalProperties[key] = value;
        }

        return unknown;
    }
}
