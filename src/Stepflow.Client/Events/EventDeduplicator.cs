namespace Stepflow.Client;

/// <summary>
/// Decides which events of a (re)connection are new. Sequence numbers are non-decreasing but shared by
/// the events of one journal entry, so the stream resumes <em>at</em> the last number seen and skips
/// the events already delivered with that number, recognised by their type and exact JSON text (its UTF-8 bytes).
/// </summary>
internal sealed class EventDeduplicator
{
    // (type, raw data) -> how many times delivered with the current highest sequence number.
    private readonly Dictionary<(string Type, byte[] Data), int> _deliveredAtLast = new(EventKeyComparer.Instance);
    private Dictionary<(string Type, byte[] Data), int> _toSkip = new(EventKeyComparer.Instance);

    /// <summary>The highest sequence number delivered so far; <see langword="null"/> before the first event.</summary>
    public long? LastSequenceNumber { get; private set; }

    /// <summary>Starts a new connection, which replays from <see cref="LastSequenceNumber"/> inclusive.</summary>
    public void BeginConnection() => _toSkip = new Dictionary<(string, byte[]), int>(_deliveredAtLast, EventKeyComparer.Instance);

    /// <summary>True when the event is new and must be delivered (and records it as delivered).</summary>
    public bool TryAccept(long sequenceNumber, string eventType, byte[] data)
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

    /// <summary>Compares keys by type name (ordinal) and data bytes.</summary>
    private sealed class EventKeyComparer : IEqualityComparer<(string Type, byte[] Data)>
    {
        public static readonly EventKeyComparer Instance = new();

        public bool Equals((string Type, byte[] Data) x, (string Type, byte[] Data) y) =>
            string.Equals(x.Type, y.Type, StringComparison.Ordinal) && x.Data.AsSpan().SequenceEqual(y.Data);

        public int GetHashCode((string Type, byte[] Data) obj)
        {
            var hash = new HashCode();
            hash.Add(obj.Type, StringComparer.Ordinal);
            hash.AddBytes(obj.Data);
            return hash.ToHashCode();
        }
    }
}
