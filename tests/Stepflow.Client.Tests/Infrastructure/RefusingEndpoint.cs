using System.Net;
using System.Net.Sockets;

namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>
/// A loopback address that refuses every connection for as long as this object lives: its port is bound
/// but never listened on. The port of a stopped server is no good for this, because a server another test
/// starts in parallel may take it over and answer.
/// </summary>
public sealed class RefusingEndpoint : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingEndpoint()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_socket.LocalEndPoint!).Port}/");
    }

    /// <summary>The server root to point a client at.</summary>
    public Uri Url { get; }

    public void Dispose() => _socket.Dispose();
}
