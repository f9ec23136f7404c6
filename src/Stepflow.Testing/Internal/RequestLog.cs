using System.Collections.Concurrent;

namespace Stepflow.Testing.Internal;

/// <summary>
/// Every request the fake received, recorded on arrival. WireMock's own log only gets an entry once a request
/// has been answered, which is too late for a long poll or an open event stream.
/// </summary>
internal sealed class RequestLog
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public void Record(IncomingRequest request) =>
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path, request.RawQuery, DateTimeOffset.UtcNow));

    public IReadOnlyList<RecordedRequest> Snapshot() => [.. _requests];

    public int Count => _requests.Count;
}
