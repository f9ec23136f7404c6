namespace Stepflow.Client;

/// <summary>
/// Decides which events of a (re)connection are new. Sequence numbers are non-decreasing but shared by
/// the events of one journal entry, so the stream resumes <em>at</em> the last number seen and skips
/// the events already delivered with that number, recognised by their identity (<see cref="RunEvent.Key"/>):
/// type, run, item, step and attempt, not their bytes, which a server may write in another key order on replay.
/// </summary>
internal sealed class EventDeduplicator
{
    // Event identity -> how many times delivered with the current highest sequence number.
    private readonly Dictionary<EventKey, int> _deliveredAtLast = [];
    private Dictionary<EventKey, int> _toSkip = [];

    /// <summary>The highest sequence number delivered so far; <see langword="null"/> before the first event.</summary>
    public long? LastSequenceNumber { get; private set; }

    /// <summary>Starts a new connection, which replays from <see cref="LastSequenceNumber"/> inclusive.</summary>
    public void BeginConnection() => _toSkip = new Dictionary<EventKey, int>(_deliveredAtLast);

    /// <summary>True when the event is new and must be delivered (and records it as delivered).</summary>
    public bool TryAccept(RunEvent runEvent)
    {
        var sequenceNumber = runEvent.SequenceNumber;
        if (LastSequenceNumber is { } last)
        {
            if (sequenceNumber < last)
            {
                return false;
            }

            if (sequenceNumber == last)
            {
                var key = runEvent.Key;
                if (_toSkip.TryGetValue(key, out var remaining) && remaining > 0)
                {
                    _toSkip[key] = remaining - 1;
                    return false;
                }

                _deliveredAtLast[key] = _deliveredAtLast.GetValueOrDefault(key) + 1;
                return true;
            }
        }

        LastSequenceNumber = sequenceNumber;
        _deliveredAtLast.Clear();
        _toSkip.Clear();
        _deliveredAtLast[runEvent.Key] = 1;
        return true;
    }
}
