using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>
/// A minimal HTTP/1.1 server on a real loopback socket, for what WireMock cannot do: stream an answer in
/// scripted pieces, cut the connection in the middle of an event, hold it silent, and notice when the
/// client closes it. Every answer carries <c>Connection: close</c>, so one request is one connection.
/// Everything stops after 30 s at the latest.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
    private readonly Func<LoopbackExchange, Task> _handler;
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();
    private readonly ConcurrentBag<Task> _exchanges = [];
    private readonly Task _acceptLoop;
    private int _count;

    /// <summary>Starts listening; <paramref name="handler"/> answers each request (one per connection).</summary>
    public LoopbackServer(Func<LoopbackExchange, Task> handler)
    {
        _handler = handler;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The server root.</summary>
    public Uri Url { get; }

    /// <summary>Cancelled after 30 s or when the server is disposed.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<LoopbackRequest> Requests => [.. _requests];

    /// <summary>The requests whose path (without query) ends with <paramref name="suffix"/>.</summary>
    public IReadOnlyList<LoopbackRequest> RequestsEndingWith(string suffix) =>
        Requests.Where(r => r.Path.EndsWith(suffix, StringComparison.Ordinal)).ToList();

    /// <summary>Stops accepting: later connection attempts are refused.</summary>
    public void StopListening() => _listener.Stop();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _exchanges.Add(Task.Run(() => HandleAsync(socket)));
        }
    }

    private async Task HandleAsync(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        await using var exchange = new LoopbackExchange(socket, stream, _stop.Token);
        try
        {
            var head = await ReadHeadAsync(stream, _stop.Token);
            if (head is null)
            {
                return;
            }

            var request = LoopbackRequest.Parse(head, Interlocked.Increment(ref _count) - 1);
            _requests.Enqueue(request);
            exchange.Request = request;
            await _handler(exchange);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the test ended; nothing to answer.
        }
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n')
            {
                return Encoding.ASCII.GetString([.. buffer]);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_exchanges);
        _listener.Dispose();
        _stop.Dispose();
    }
}

/// <summary>One received request: its line, target and headers.</summary>
public sealed record LoopbackRequest(int Index, string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The target without its query.</summary>
    public string Path => Target.Split('?')[0];

    /// <summary>The raw (undecoded) query parameters; repeated names keep the last value.</summary>
    public IReadOnlyDictionary<string, string> Query =>
        Target.Contains('?', StringComparison.Ordinal)
            ? Target[(Target.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "")
            : new Dictionary<string, string>();

    internal static LoopbackRequest Parse(string head, int index)
    {
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new LoopbackRequest(index, requestLine[0], requestLine[1], headers);
    }
}

/// <summary>The server side of one connection: write an answer piece by piece, cut it, or wait.</summary>
public sealed class LoopbackExchange : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly CancellationToken _stopping;
    private bool _chunked;
    private bool _closed;

    internal LoopbackExchange(Socket socket, NetworkStream stream, CancellationToken stopping)
    {
        _socket = socket;
        _stream = stream;
        _stopping = stopping;
    }

    /// <summary>The request this connection carried.</summary>
    public LoopbackRequest Request { get; internal set; } = null!;

    /// <summary>A complete answer with a body, then close.</summary>
    public async Task RespondAsync(int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await WriteAsync($"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
        await _stream.WriteAsync(bytes, _stopping);
        await CloseAsync();
    }

    /// <summary>
    /// Starts a <c>text/event-stream</c> answer: chunked like the real server, or (when
    /// <paramref name="chunked"/> is false) delimited only by closing the connection.
    /// </summary>
    public Task StartEventStreamAsync(bool chunked = true)
    {
        _chunked = chunked;
        return WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n"
            + (chunked ? "Transfer-Encoding: chunked\r\n" : "") + "\r\n");
    }

    /// <summary>Sends text as one chunk (or raw bytes when not chunked).</summary>
    public async Task SendAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (_chunked)
        {
            await WriteAsync(bytes.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
            await _stream.WriteAsync(bytes, _stopping);
            await WriteAsync("\r\n");
        }
        else
        {
            await _stream.WriteAsync(bytes, _stopping);
            await _stream.FlushAsync(_stopping);
        }
    }

    /// <summary>
    /// Announces one chunk holding all of <paramref name="text"/> but sends only its first <paramref name="sentBytes"/>
    /// bytes, so that an <see cref="Abort"/> after it cuts the connection inside the chunk.
    /// </summary>
    public async Task SendChunkPrefixAsync(string text, int sentBytes)
    {
        if (!_chunked)
        {
            throw new InvalidOperationException("Only a chunked answer has chunks to cut.");
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sentBytes, bytes.Length);
        await WriteAsync(bytes.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        await _stream.WriteAsync(bytes.AsMemory(0, sentBytes), _stopping);
        await _stream.FlushAsync(_stopping);
    }

    /// <summary>Ends the answer properly (final chunk) and closes the connection.</summary>
    public async Task EndAsync()
    {
        if (_chunked)
        {
            await WriteAsync("0\r\n\r\n");
        }

        await CloseAsync();
    }

    /// <summary>Cuts the connection with a reset, as a crashed server or proxy would.</summary>
    public void Abort()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    /// <summary>True once the client closed its side of the connection, false if it had not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForClientCloseAsync(TimeSpan timeout)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        wait.CancelAfter(timeout);
        var buffer = new byte[256];
        try
        {
            while (await _stream.ReadAsync(buffer, wait.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            return true;
        }
    }

    /// <summary>Holds the connection silent until the client closes it or the server stops.</summary>
    public Task HoldAsync() => WaitForClientCloseAsync(Timeout.InfiniteTimeSpan);

    private async Task WriteAsync(string text)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stopping);
        await _stream.FlushAsync(_stopping);
    }

    private async Task CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }

        await _stream.DisposeAsync();
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        404 => "Not Found",
        503 => "Service Unavailable",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            _closed = true;
            await _stream.DisposeAsync();
        }
    }
}
