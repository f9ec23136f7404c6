namespace Stepflow.Testing.Internal;

/// <summary>
/// Error answers a test asked for, taken in the order they were added by the requests they match. They are the same
/// for every generation; the wire dialect renders each in its generation's error shape.
/// </summary>
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

    /// <summary>True when a fault waits for this request (used by the event-stream middleware, which must not consume it).</summary>
    public bool IsPending(IncomingRequest request)
    {
        lock (_faults)
        {
            return _faults.Exists(f => f.Matches(request));
        }
    }

    /// <summary>The fault for this request, if one waits for it; uses one of its repetitions.</summary>
    public InjectedFault? Take(IncomingRequest request)
    {
        lock (_faults)
        {
            var fault = _faults.Find(f => f.Matches(request));
            if (fault is null)
            {
                return null;
            }

            if (--fault.Remaining == 0)
            {
                _faults.Remove(fault);
            }

            return new InjectedFault(fault.Status, fault.Message);
        }
    }

    private sealed record Fault(string Method, string PathPrefix, int Status, string Message)
    {
        public int Remaining { get; set; }

        public bool Matches(IncomingRequest request) =>
            ApiPaths.MethodMatches(Method, request.Method) && ApiPaths.PrefixMatches(PathPrefix, request.Path, request.RawQuery);
    }
}

/// <summary>An injected error: the status and message the test gave.</summary>
internal sealed record InjectedFault(int Status, string Message);
