using WireMock;

namespace Stepflow.Testing.Internal;

/// <summary>Error answers a test asked for, taken in the order they were added by the requests they match.</summary>
internal sealed class FaultInjector
{
    private readonly List<Fault> _faults = [];

    public void Add(string method, string pathPrefix, int status, string message, int times)
    {
        lock (_faults)
        {
            _faults.Add(new Fault(method, ApiPaths.Normalize(pathPrefix), status, message) { Remaining = times });
        }
    }

    /// <summary>True when a fault waits for this request (used by matchers, which must not consume it).</summary>
    public bool IsPending(string method, string path)
    {
        lock (_faults)
        {
            return _faults.Exists(f => f.Matches(method, path));
        }
    }

    /// <summary>The error answer for this request, if a fault waits for it; uses one of its repetitions.</summary>
    public ResponseMessage? Take(string method, string path)
    {
        lock (_faults)
        {
            var fault = _faults.Find(f => f.Matches(method, path));
            if (fault is null)
            {
                return null;
            }

            if (--fault.Remaining == 0)
            {
                _faults.Remove(fault);
            }

            return Replies.Error(fault.Status, fault.Message);
        }
    }

    private sealed record Fault(string Method, string PathPrefix, int Status, string Message)
    {
        public int Remaining { get; set; }

        public bool Matches(string method, string path) =>
            ApiPaths.MethodMatches(Method, method) && path.StartsWith(PathPrefix, StringComparison.Ordinal);
    }
}
