using System.Diagnostics.Tracing;
using System.Runtime;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>What one measured call held in memory.</summary>
/// <param name="PeakHeapBytes">Largest managed heap seen after any GC during the call, above the heap before it.</param>
/// <param name="RetainedBytes">What the call's result keeps alive (heap after a full GC with the result still referenced, above the heap before).</param>
/// <param name="PeakRssBytes">Rise of the process's peak resident set (Linux VmHWM, reset before the call) above its resident set before it; -1 where unavailable.</param>
/// <param name="Collections">How many GCs ran during the call (the samples behind <see cref="PeakHeapBytes"/>).</param>
public readonly record struct MemoryPeak(long PeakHeapBytes, long RetainedBytes, long PeakRssBytes, int Collections);

/// <summary>
/// Measures the peak memory of one call, outside BenchmarkDotNet's timed iterations (no [IterationSetup]).
/// </summary>
/// <remarks>
/// <para>Before the call: a blocking, compacting, aggressive full GC, so the heap holds only what lives
/// anyway, and its size is the baseline. During the call an <see cref="EventListener"/> on the runtime's
/// GC events records the heap size after every collection (the sum of all generations in
/// <c>GCHeapStats_V2</c>): every object alive at that moment, including buffers and the partly built result.
/// After the call, a full GC with the result still referenced gives the retained size, and counts as the
/// last sample. Peak = largest sample − baseline.</para>
/// <para>A buffer that lives between two collections is counted only if a collection happens while it
/// lives; deserializing a 20 MB body allocates enough to trigger several (the column shows how many), so
/// a body buffered whole (a 40 MB string, a 20 MB byte array) is always seen.</para>
/// <para>The resident-set figure is the operating system's view: it also counts the GC's allocation
/// budget and memory it keeps committed, so it is higher and noisier; it is reported as a cross-check.</para>
/// </remarks>
public static class PeakMemory
{
    /// <summary>Runs <paramref name="call"/> once and reports its peak; the result is kept alive until measured.</summary>
    public static async Task<MemoryPeak> MeasureAsync(Func<Task<object>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var listener = new GcHeapListener();
        await listener.WaitUntilLiveAsync().ConfigureAwait(false);

        // Every sample (before, during, after) comes from the same GC events, so they compare like for like.
        await listener.CollectAsync().ConfigureAwait(false);
        var baseline = listener.LastHeapBytes;
        listener.ResetMax();
        var rssBefore = ResetPeakRss();
        var gcsBefore = GC.CollectionCount(0);

        var result = await call().ConfigureAwait(false);

        var peakRss = ReadStatus("VmHWM:");
        var collections = GC.CollectionCount(0) - gcsBefore;
        await listener.CollectAsync().ConfigureAwait(false);
        var retained = listener.LastHeapBytes - baseline;
        GC.KeepAlive(result);

        var peak = Math.Max(listener.MaxHeapBytes - baseline, retained);
        return new MemoryPeak(peak, retained, rssBefore < 0 || peakRss < 0 ? -1 : peakRss - rssBefore, collections);
    }

    /// <summary>Resets Linux's peak-RSS mark (VmHWM) to the current RSS and returns that; -1 elsewhere.</summary>
    private static long ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return ReadStatus("VmRSS:");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static long ReadStatus(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var kb = line[key.Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return -1;
    }

    /// <summary>Listens to the runtime's GC events and keeps the heap size after the last and the largest collection.</summary>
    private sealed class GcHeapListener : EventListener
    {
        private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private long _maxHeap;
        private long _lastHeap;
        private long _endedIndex;
        private long _lastIndex;

        public long MaxHeapBytes => Interlocked.Read(ref _maxHeap);

        public long LastHeapBytes => Interlocked.Read(ref _lastHeap);

        public void ResetMax() => Interlocked.Exchange(ref _maxHeap, 0);

        /// <summary>Runtime events arrive through EventPipe a little later; wait until a GC of ours shows up.</summary>
        public async Task WaitUntilLiveAsync()
        {
            for (var i = 0; i < 100 && Interlocked.Read(ref _lastIndex) == 0; i++)
            {
                GC.Collect(0);
                await Task.Delay(50).ConfigureAwait(false);
            }

            if (Interlocked.Read(ref _lastIndex) == 0)
            {
                throw new InvalidOperationException("No GC events arrived; the peak cannot be measured.");
            }
        }

        /// <summary>
        /// Two blocking, compacting full GCs (LOH included), then waits until the heap statistics of the
        /// last GC so far have arrived (events carry the GC's index, the same as <see cref="GCMemoryInfo.Index"/>).
        /// </summary>
        public async Task CollectAsync()
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var index = GC.GetGCMemoryInfo(GCKind.Any).Index;
            for (var i = 0; i < 400 && Interlocked.Read(ref _lastIndex) < index; i++)
            {
                await Task.Delay(25).ConfigureAwait(false);
            }

            if (Interlocked.Read(ref _lastIndex) < index)
            {
                throw new InvalidOperationException($"The events of GC #{index} did not arrive; the peak cannot be trusted.");
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == RuntimeSource)
            {
                EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
            {
                return;
            }

            // Per GC the runtime writes GCStart, GCEnd (with the GC's index in Count), then GCHeapStats.
            if (eventData.EventName == "GCEnd_V1")
            {
                var at = names.IndexOf("Count");
                if (at >= 0)
                {
                    Interlocked.Exchange(ref _endedIndex, Convert.ToInt64(payload[at], System.Globalization.CultureInfo.InvariantCulture));
                }

                return;
            }

            if (eventData.EventName != "GCHeapStats_V2")
            {
                return;
            }

            long heap = 0;
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] is "GenerationSize0" or "GenerationSize1" or "GenerationSize2" or "GenerationSize3" or "GenerationSize4")
                {
                    heap += Convert.ToInt64(payload[i], System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            Interlocked.Exchange(ref _lastHeap, heap);
            long current;
            while (heap > (current = Interlocked.Read(ref _maxHeap)) && Interlocked.CompareExchange(ref _maxHeap, heap, current) != current)
            {
            }

            Interlocked.Exchange(ref _lastIndex, Interlocked.Read(ref _endedIndex));
        }
    }
}
