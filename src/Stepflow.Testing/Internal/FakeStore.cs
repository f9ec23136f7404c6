using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>
/// The fake server's state: blobs (flows included) and runs. One lock guards all of it; a "pulse" task
/// completes on every change so long polls and event streams wake up without polling.
/// </summary>
internal sealed class FakeStore(CancellationToken disposal)
{
    private readonly Dictionary<string, BlobEntry> _blobs = new(StringComparer.Ordinal);
    private readonly List<RunState> _runs = [];
    private readonly Dictionary<Guid, RunState> _runsById = [];
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _order;

    public object Gate { get; } = new();

    /// <summary>Cancelled when the server is disposed: ends waits, streams and simulated runs.</summary>
    public CancellationToken Disposal { get; } = disposal;

    /// <summary>Wakes everyone waiting for a change. Call after changing state (inside or outside the lock).</summary>
    public void Changed()
    {
        TaskCompletionSource previous;
        lock (Gate)
        {
            previous = _pulse;
            _pulse = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    /// <summary>A task that completes at the next change; take it under the lock, after checking the state.</summary>
    public Task NextChange
    {
        get
        {
            lock (Gate)
            {
                return _pulse.Task;
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="done"/> (evaluated under the lock) holds, <paramref name="timeout"/> passes or
    /// the server is disposed, without holding a thread.
    /// </summary>
    public async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Disposal);
        limit.CancelAfter(timeout);
        while (true)
        {
            Task next;
            lock (Gate)
            {
                if (done())
                {
                    return;
                }

                next = _pulse.Task;
            }

            try
            {
                await next.WaitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public BlobEntry PutBlob(BlobType type, byte[] bytes, string? filename, JsonNode? json, bool analyzed = false)
    {
        var id = ContentIds.Sha256Hex(bytes);
        lock (Gate)
        {
            // Same content, same id; a later upload with a filename names it (the server overwrites too).
            var blob = new BlobEntry(id, type, bytes, filename ?? (_blobs.TryGetValue(id, out var old) ? old.Filename : null), json, analyzed);
            _blobs[id] = blob;
            return blob;
        }
    }

    public BlobEntry? FindBlob(string id)
    {
        lock (Gate)
        {
            return _blobs.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<BlobEntry> Blobs
    {
        get
        {
            lock (Gate)
            {
                return [.. _blobs.Values];
            }
        }
    }

    public RunState AddRun(Func<long, RunState> create)
    {
        lock (Gate)
        {
            var run = create(_order++);
            _runs.Add(run);
            _runsById[run.Id] = run;
            return run;
        }
    }

    public RunState? FindRun(Guid id)
    {
        lock (Gate)
        {
            return _runsById.GetValueOrDefault(id);
        }
    }

    /// <summary>All runs, oldest first (call under the lock or accept a snapshot).</summary>
    public IReadOnlyList<RunState> Runs
    {
        get
        {
            lock (Gate)
            {
                return [.. _runs];
            }
        }
    }
}
