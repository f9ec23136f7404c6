using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http;
using WireMock;

namespace Stepflow.Testing.Internal;

internal sealed partial class FakeApi
{
    /// <summary>
    /// Middleware in front of WireMock that streams <c>GET /runs/{id}/events</c>: it replays the journal from
    /// <c>since</c>, then writes each event as it is journaled, flushing every frame, and ends after this run's
    /// <c>run_completed</c> (docs/server-api.md §10). A run that never completes (cancelled) keeps the stream open until the
    /// client leaves or the server is disposed, as on the server. Requests that must get an error instead
    /// (unknown run, malformed query, injected fault) go on to WireMock and the general mapping.
    /// </summary>
    /// <remarks>
    /// WireMock's own SSE body cannot serve this: in 1.25 one queue is shared by every request to the mapping and
    /// is closed after the first stream ends, and its reader blocks a thread per stream.
    /// </remarks>
    public async Task StreamEventsAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = IncomingRequest.From(context);
        if (!TryStartEventStream(request, out var run, out var query))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        log.Record(request);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, store.Disposal);
        try
        {
            await response.StartAsync(stop.Token).ConfigureAwait(false);
            await foreach (var frame in FramesAsync(run, query, stop.Token).ConfigureAwait(false))
            {
                await response.WriteAsync(frame, Encoding.UTF8, stop.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away or the server is shutting down: the stream just ends.
        }
    }

    /// <summary>True for an events request that gets a 200 stream: a GET for a known run, a valid query and no fault waiting for it.</summary>
    private bool TryStartEventStream(IncomingRequest request, out RunState run, out EventQuery query)
    {
        run = null!;
        query = null!;
        if (request.Method != "GET" || request.Segments is not ["runs", var runId, "events"] ||
            !Guid.TryParse(runId, out var id) || store.FindRun(id) is not { } found || faults.IsPending(request.Method, request.Path))
        {
            return false;
        }

        try
        {
            query = EventQuery.Parse(request);
        }
        catch (ReplyException)
        {
            return false;
        }

        run = found;
        return true;
    }

    /// <summary>
    /// The events of a run as one body, sent when the run has completed. Used only for the rare events request the
    /// middleware passed over although it could be answered (a fault was pending, then taken by another request).
    /// </summary>
    private async Task<ResponseMessage> EventsAsWholeBodyAsync(IncomingRequest request, Guid runId)
    {
        var query = EventQuery.Parse(request);
        var run = RequireRun(runId);
        var body = new StringBuilder();
        await foreach (var frame in FramesAsync(run, query, store.Disposal).ConfigureAwait(false))
        {
            body.Append(frame);
        }

        return Replies.EventStream(body.ToString());
    }

    /// <summary>The frames for <paramref name="query"/>: the journal so far, then each new event, until this run's completion.</summary>
    private async IAsyncEnumerable<string> FramesAsync(RunState run, EventQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var position = 0;
        while (true)
        {
            List<JournalEvent> fresh;
            Task next;
            lock (store.Gate)
            {
                // Read and take the change signal together, so an event journaled right after cannot be missed.
                fresh = [.. run.Journal.Skip(position)];
                position = run.Journal.Count;
                next = store.NextChange;
            }

            foreach (var journalEvent in fresh)
            {
                if (query.Wants(journalEvent))
                {
                    yield return journalEvent.ToFrame(query.IncludeResults);
                }

                // The server ends the stream at its own run's completion, even when the filter hides that event,
                // but only if it reaches it: with `since` past the completion the stream stays open.
                if (journalEvent.Type == "run_completed" && journalEvent.RunId == run.Id && query.Reaches(journalEvent))
                {
                    yield break;
                }
            }

            try
            {
                await next.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
