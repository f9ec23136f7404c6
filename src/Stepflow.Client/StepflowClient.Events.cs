using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Stepflow.Client.Protocol;

namespace Stepflow.Client;

public partial class StepflowClient
{
    private const string EventStreamMediaType = "text/event-stream";

    /// <summary>
    /// Streams a run's events as they happen (<c>GET /runs/{runId}/events</c>, Server-Sent Events): first the
    /// history from <see cref="EventStreamOptions.Since"/>, then live events, ending right after the run's
    /// own <see cref="RunCompletedEvent"/>.
    /// </summary>
    /// <remarks>
    /// <para>Nothing is sent until the result is enumerated. Events arrive typed (<see cref="RunCreatedEvent"/>,
    /// <see cref="StepCompletedEvent"/>, …) and are the same on every server generation; a type this SDK does not
    /// know arrives as <see cref="UnknownRunEvent"/> and does not end the stream.</para>
    /// <para>A dropped connection (a reset, a clean close before the run completed, an unreadable event) is
    /// re-established with backoff from the last sequence number seen, and events already delivered are not
    /// delivered again, so each event arrives once. After <see cref="EventStreamOptions.MaxReconnectAttempts"/>
    /// failures in a row without a new event the stream throws <see cref="StepflowTransportException"/>.
    /// Connection failures, 5xx and 429 answers count as failed attempts; other HTTP errors are thrown at once.</para>
    /// <para>After <see cref="EventStreamOptions.IdleTimeout"/> without an event the client reads the run's
    /// status: if the run is still going it reconnects; if it has ended without a completion event (on 0.11
    /// servers a run cancelled through the API never sends one) it collects what is left and ends the stream.
    /// The per-request timeout of <see cref="StepflowClientOptions.RequestTimeout"/> applies to opening each
    /// connection only, never to a stream that keeps delivering.</para>
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
    /// <exception cref="StepflowEndpointUnavailableException">The server has no events endpoint (0.11.0 and 0.11.1).</exception>
    /// <exception cref="StepflowTransportException">The connection could not be (re-)established within the allowed attempts; the last failure is the inner exception.</exception>
    public virtual IAsyncEnumerable<RunEvent> StreamEventsAsync(Guid runId, EventStreamOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        RequireRunId(runId);
        var settings = (options ?? new EventStreamOptions()).Snapshot();
        return StreamEventsCoreAsync(runId, settings, cancellationToken);
    }

    private async IAsyncEnumerable<RunEvent> StreamEventsCoreAsync(Guid runId, EventStreamOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var delivered = new EventDeduplicator();
        var wanted = options.EventTypes is { } types ? new HashSet<string>(types, StringComparer.Ordinal) : null;
        // A server that filters by type still closes right after run_completed, even when the filter hides it:
        // a clean close may then be the end. A client-side filter sees every event, completion included.
        var protocol = await GetProtocolAsync(cancellationToken).ConfigureAwait(false);
        var completionHidden = wanted is not null && protocol.FiltersEventTypes && !wanted.Contains(RunEventTypes.RunCompleted);
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
                        (lastFailure as StepflowClientException)?.ServerError, lastFailure);
                }

                var delay = ReconnectDelay(options, failures, lastFailure);
                ClientLog.StreamReconnecting(_logger, runId, delivered.LastSequenceNumber ?? options.Since ?? 0, failures,
                    lastFailure is null ? "connection lost" : ClientLog.Describe(lastFailure));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }

            var (connection, connectFailure) = await TryOpenEventStreamAsync(protocol,
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
                var idleTimeout = draining ? EventDrainWindow : options.IdleTimeout;
                while (true)
                {
                    var outcome = await connection.ReadAsync(idleTimeout).ConfigureAwait(false);
                    if (outcome == ReadOutcome.Item)
                    {
                        if (connection.Current.Event is not { } runEvent)
                        {
                            // An unreadable event is treated like a torn connection: resume before it.
                            failures++;
                            lastFailure = connection.Current.Failure;
                            break;
                        }

                        if (!delivered.TryAccept(runEvent))
                        {
                            continue;
                        }

                        failures = 0;
                        lastFailure = null;
                        if (wanted is null || wanted.Contains(runEvent.EventType))
                        {
                            yield return runEvent;
                        }

                        if (runEvent is RunCompletedEvent && runEvent.RunId == runId)
                        {
                            yield break;
                        }

                        continue;
                    }

                    if (outcome == ReadOutcome.Dropped)
                    {
                        failures++;
                        lastFailure = new StepflowTransportException(
                            $"The event stream of run {runId} broke: {connection.Failure?.Message}", null, connection.Failure);
                        break;
                    }

                    if (draining)
                    {
                        // The run had already ended: the server closed, or nothing more came within the window.
                        yield break;
                    }

                    if (outcome == ReadOutcome.EndOfStream && !completionHidden)
                    {
                        failures++;
                        lastFailure = new StepflowTransportException($"The event stream of run {runId} closed before the run completed.");
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
                        lastFailure = new StepflowTransportException($"The event stream of run {runId} closed before the run completed.");
                    }

                    // Idle while the run goes on is not a failure: reconnect straight away.
                    break;
                }
            }
        }
    }

    /// <summary>Opens one connection; transient failures are returned, every other error is thrown mapped.</summary>
    private async Task<(EventStreamConnection? Connection, Exception? Failure)> TryOpenEventStreamAsync(IStepflowProtocol protocol, Guid runId,
        EventStreamOptions options, long? since, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            // The request timeout covers opening the stream only; reading it happens outside CallAsync. The
            // stream loop reconnects with its own budget and backoff, so the retry pipeline stays out of it.
            response = await CallAsync(new Operation("StreamEvents", runId), RetrySafety.Never, async (protocol, ct) =>
            {
                var answer = await protocol.OpenEventStreamAsync(runId, options, since, ct).ConfigureAwait(false);
                RequireEventStream(answer);
                return answer;
            }, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        catch (StepflowClientException ex) when (IsTransientStreamFailure(ex))
        {
            return (null, ex);
        }

        return (await EventStreamConnection.OpenAsync(response, (eventType, data) => Parse(protocol, eventType, data), cancellationToken)
            .ConfigureAwait(false), null);
    }

    /// <summary>The event, or the reason its data could not be read (never thrown: the stream resumes before it).</summary>
    private static ParsedSseItem Parse(IStepflowProtocol protocol, string eventType, ReadOnlySpan<byte> data)
    {
        try
        {
            return new ParsedSseItem(protocol.ParseEvent(eventType, data), null);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return new ParsedSseItem(null, new StepflowTransportException(
                $"An event of type '{eventType}' could not be read: {ex.Message}", null,
                new JsonException($"{ex.Message} Data: {Encoding.UTF8.GetString(data)}", ex)));
        }
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
            new ServerError(status, "UNIMPLEMENTED"));
    }

    private async Task<(bool Terminal, Exception? Failure)> TryCheckRunEndedAsync(Guid runId, CancellationToken cancellationToken)
    {
        try
        {
            var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            return (run.IsFinished, null);
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
}
