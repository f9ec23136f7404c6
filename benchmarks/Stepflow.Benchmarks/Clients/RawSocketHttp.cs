using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Stepflow.Benchmarks.Clients;

/// <summary>
/// The cheapest possible client: one keep-alive socket, a request prepared once as bytes, the answer read
/// into a reused buffer and not parsed beyond its length. Its time and allocations per request are the
/// floor the server, the loopback network and the harness cost; whatever a real client measures above it
/// is the client's own cost.
/// </summary>
public sealed class RawSocketHttp : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _request;
    private readonly byte[] _buffer = new byte[256 * 1024];

    private RawSocketHttp(Socket socket, byte[] request)
    {
        _socket = socket;
        _request = request;
    }

    /// <summary>Connects to <paramref name="serverRoot"/> and prepares one request to send again and again.</summary>
    public static async Task<RawSocketHttp> ConnectAsync(Uri serverRoot, string method, string pathAndQuery, byte[]? jsonBody = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(serverRoot.Host), serverRoot.Port)).ConfigureAwait(false);
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(pathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(serverRoot.Authority).Append("\r\n")
            .Append("Accept: application/json\r\n");
        if (jsonBody is not null)
        {
            head.Append("Content-Type: application/json\r\nContent-Length: ").Append(jsonBody.Length).Append("\r\n");
        }

        head.Append("\r\n");
        byte[] request = [.. Encoding.ASCII.GetBytes(head.ToString()), .. jsonBody ?? []];
        return new RawSocketHttp(socket, request);
    }

    /// <summary>Sends the request and reads the whole answer (which must carry a Content-Length); returns its size.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> SendAsync()
    {
        await _socket.SendAsync(_request, SocketFlags.None).ConfigureAwait(false);
        var total = 0;
        var expected = -1;
        while (expected < 0 || total < expected)
        {
            var read = await _socket.ReceiveAsync(_buffer.AsMemory(total), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }

            total += read;
            if (expected < 0)
            {
                expected = MessageLength(_buffer.AsSpan(0, total));
            }
        }

        return total;
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    /// <summary>Head length plus Content-Length once the head is complete; -1 before.</summary>
    private static int MessageLength(ReadOnlySpan<byte> received)
    {
        var end = received.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return -1;
        }

        var head = received[..end];
        var at = head.IndexOf("Content-Length: "u8);
        if (at < 0)
        {
            throw new InvalidDataException("The floor client needs answers with a Content-Length.");
        }

        var digits = head[(at + "Content-Length: ".Length)..];
        var length = 0;
        foreach (var c in digits)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            length = (length * 10) + (c - '0');
        }

        return end + 4 + length;
    }
}
