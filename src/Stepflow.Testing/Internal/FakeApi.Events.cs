using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http;
using WireMock;

namespace Stepflow.Testing.Internal;

internal sealed partial class FakeApi
{
    /// <summary>
    /// Middleware in front of WireMock that streams <c>GET /runs/{id}/events</c>: the dialect reads the request,
    /// <see cref="FakeCore.FollowAsync"/> replays the journal from <c>since</c> and then follows it, and each
    /// frame is written and flushed as it comes, until the run's completion (docs/server-api.md §10). A run that
    /// never completes keeps the stream open until the client leaves or the server is disposed, as on the server.
    /// Requests that must get an error instead (unknown run, malformed query, injected fault) go on to WireMock
    /// and the general mapping, where the dialect answers them.
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
        if (!TryOpenEventStream(request, out var subscription))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        log.Record(request);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, core.Disposal);
        try
        {
            await response.StartAsync(stop.Token).ConfigureAwait(false);
            await foreach (var frame in FramesAsync(subscription, live: true, stop.Token).ConfigureAwait(false))
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

    /// <summary>True for an events request that gets a 200 stream: a GET the dialect accepts, and no fault waiting for it.</summary>
    private bool TryOpenEventStream(IncomingRequest request, out EventSubscription subscription)
    {
        subscription = null!;
        if (request.Method != "GET" || request.Segments is not ["runs", var runId, "events"] || runId.Length == 0 || faults.IsPending(request))
        {
            return false;
        }

        try
        {
            subscription = wire.OpenEventStream(request, runId);
            return true;
        }
        catch (ReplyException)
        {
            return false;
        }
    }

    /// <summary>
    /// The events of a run as one body, sent when the run has completed: the answer for an events request the
    /// middleware passed over (an error, or a fault that was pending, then taken by another request).
    /// </summary>
    private async Task<ResponseMessage> EventsAsWholeBodyAsync(IncomingRequest request, string runId)
    {
        var subscription = wire.OpenEventStream(request, runId);
        var body = new StringBuilder();
        await foreach (var frame in FramesAsync(subscription, live: false, core.Disposal).ConfigureAwait(false))
        {
            body.Append(frame);
        }

        return Replies.EventStream(body.ToString());
    }

    /// <summary>The frames of a subscription: each event the dialect renders, and keep-alive comments while live and idle.</summary>
    private async IAsyncEnumerable<string> FramesAsync(EventSubscription subscription, bool live,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var idleTick = live && subscription.KeepAliveFrame is not null ? subscription.KeepAliveInterval : null;
        await foreach (var journalEvent in core.FollowAsync(subscription.Run, subscription.Since, idleTick, cancellationToken).ConfigureAwait(false))
        {
            if ((journalEvent is null ? subscription.KeepAliveFrame : subscription.Frame(journalEvent)) is { } frame)
            {
                yield return frame;
            }
        }
    }
}
