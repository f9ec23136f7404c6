namespace Stepflow.LocalServer.Internal;

/// <summary>The last <c>capacity</c> lines, thread-safe; a snapshot is a copy, oldest first.</summary>
internal sealed class LogRing(int capacity)
{
    private readonly string[] _lines = new string[capacity];
    private readonly object _gate = new();
    private int _next;
    private int _count;

    public void Add(string line)
    {
        lock (_gate)
        {
            _lines[_next] = line;
            _next = (_next + 1) % _lines.Length;
            _count = Math.Min(_count + 1, _lines.Length);
        }
    }

    /// <summary>The last <paramref name="max"/> lines (all by default), oldest first.</summary>
    public IReadOnlyList<string> Snapshot(int max = int.MaxValue)
    {
        lock (_gate)
        {
            var count = Math.Min(_count, max);
            var copy = new string[count];
            var start = (_next - count + _lines.Length) % _lines.Length;
            for (var i = 0; i < count; i++)
            {
                copy[i] = _lines[(start + i) % _lines.Length];
            }

            return copy;
        }
    }
}
