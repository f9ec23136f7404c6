using System.Net.ServerSentEvents;

namespace Stepflow.Client;

/// <summary>
/// One SSE item, parsed as it was read (the <c>data:</c> bytes are never copied): the event, or why its data
/// could not be read.
/// </summary>
internal readonly record struct ParsedSseItem(RunEvent? Event, Exception? Failure);

/// <summary>What one read of an event stream connection produced.</summary>
internal enum ReadOutcome
{
    /// <summary>An item arrived.</summary>
    Item,

    /// <summary>The server closed the stream cleanly.</summary>
    EndOfStream,

    /// <summary>Nothing arrived within the idle window; the connection has been abandoned.</summary>
    Idle,

    /// <summary>The connection broke while reading.</summary>
    Dropped,
}

/// <summary>
/// One open <c>/events</c> response, parsed with <see cref="SseParser"/>. Each read has its own idle
/// window; the caller's cancellation or an expired window aborts the read and the response at once.
/// </summary>
internal sealed class EventStreamConnection : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly CancellationTokenSource _abort;
    private readonly CancellationTokenRegistration _disposeOnAbort;
    private readonly IAsyncEnumerator<SseItem<ParsedSseItem>> _items;
    private readonly CancellationToken _callerToken;
    private bool _finished;

    private EventStreamConnection(HttpResponseMessage response, Stream body, SseItemParser<ParsedSseItem> parse, CancellationToken callerToken)
    {
        _response = response;
        _body = body;
        _callerToken = callerToken;
        _abort = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        // A read blocked on the socket may not watch the token; disposing the response always ends it.
        _disposeOnAbort = _abort.Token.Register(static state => ((HttpResponseMessage)state!).Dispose(), response);
        var parser = SseParser.Create(body, parse);
        _items = parser.EnumerateAsync(_abort.Token).GetAsyncEnumerator(_abort.Token);
    }

    /// <summary>The last item read, valid after <see cref="ReadOutcome.Item"/>.</summary>
    public ParsedSseItem Current { get; private set; }

    /// <summary>The failure behind <see cref="ReadOutcome.Dropped"/>.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Takes ownership of <paramref name="response"/> (disposing it if opening fails); each item is read with <paramref name="parse"/>.</summary>
    public static async Task<EventStreamConnection> OpenAsync(HttpResponseMessage response, SseItemParser<ParsedSseItem> parse,
        CancellationToken callerToken)
    {
        try
        {
            var body = await response.Content.ReadAsStreamAsync(callerToken).ConfigureAwait(false);
            return new EventStreamConnection(response, body, parse, callerToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the next item, waiting at most <paramref name="idleTimeout"/>. Throws
    /// <see cref="OperationCanceledException"/> only for the caller's own cancellation.
    /// </summary>
    public async Task<ReadOutcome> ReadAsync(TimeSpan idleTimeout)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The connection has already ended.");
        }

        try
        {
            // Only a read that has to wait for the network needs the idle timer (the enumerator already
            // watches _abort): items that were buffered arrive at once, without two timer updates each.
            var next = _items.MoveNextAsync();
            var armed = !next.IsCompleted;
            if (armed)
            {
                _abort.CancelAfter(idleTimeout);
            }

            if (await next.ConfigureAwait(false))
            {
                if (armed)
                {
                    // The consumer's time between reads must not count as silence.
                    _abort.CancelAfter(Timeout.InfiniteTimeSpan);
                }

                Current = _items.Current.Data;
                return ReadOutcome.Item;
            }

            _finished = true;
            return ReadOutcome.EndOfStream;
        }
        catch (Exception) when (_callerToken.IsCancellationRequested)
        {
            _finished = true;
            _callerToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (Exception) when (_abort.IsCancellationRequested)
        {
            _finished = true;
            return ReadOutcome.Idle;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException)
        {
            _finished = true;
            Failure = ex;
            return ReadOutcome.Dropped;
        }
    }

    /// <summary>Releases the connection at once, without letting the HTTP stack drain the rest of the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_finished && !_abort.IsCancellationRequested)
        {
            await AbortPendingBodyAsync().ConfigureAwait(false);
        }

        _abort.Cancel();
        await _disposeOnAbort.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _items.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is being thrown away; its last error no longer matters.
        }

        _response.Dispose();
        _abort.Dispose();
    }

    /// <summary>
    /// Disposing a response whose body is still open makes HttpClient read on to reuse the connection
    /// (up to 2 s by default), which keeps a silent event stream alive. A read that is cancelled while
    /// waiting on the network closes the connection instead.
    /// </summary>
    private async Task AbortPendingBodyAsync()
    {
        var buffer = new byte[4096];
        for (var i = 0; i < 16; i++)
        {
            using var cancel = new CancellationTokenSource();
            try
            {
                var read = _body.ReadAsync(buffer, cancel.Token);
                if (read.IsCompleted)
                {
                    if (await read.ConfigureAwait(false) == 0)
                    {
                        return;
                    }

                    continue;
                }

                await cancel.CancelAsync().ConfigureAwait(false);
                await read.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
