namespace Stepflow.Client;

/// <summary>
/// Decides which events of a (re)connection are new. Sequence numbers are non-decreasing but shared by
/// the events of one journal entry, so the stream resumes <em>at</em> the last number seen and skips
/// the events already delivered with that number, recognised by their type and exact JSON text.
/// </summary>
internal sealed class EventDeduplicator
{
    // (type, raw data) -> how many times delivered with the current highest sequence number.
    private readonly Dictionary<(string Type, string Data), int> _deliveredAtLast = [];
    private Dictionary<(string Type, string Data), int> _toSkip = [];

    /// <summary>The highest sequence number delivered so far; <see langword="null"/> before the first event.</summary>
    public long? LastSequenceNumber { get; private set; }

    /// <summary>Starts a new connection, which replays from <see cref="LastSequenceNumber"/> inclusive.</summary>
    public void BeginConnection() => _toSkip = new Dictionary<(string, string), int>(_deliveredAtLast);

    /// <summary>True when the event is new and must be delivered (and records it as delivered).</summary>
    public bool TryAccept(long sequenceNumber, string eventType, string data)
    {
        if (LastSequenceNumber is { } last)
        {
            if (sequenceNumber < last)
            {
                return false;
            }

            if (sequenceNumber == last)
            {
                var key = (eventType, data);
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
        _deliveredAtLast[(eventType, data)] = 1;
        return true;
    }
}
