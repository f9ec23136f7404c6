using System.Diagnostics;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>
/// Runs every variant of a benchmark class for a few seconds before its first case. The runtime compiles
/// hot code again, optimized with the profile it gathered (tiered compilation, dynamic PGO), on a background
/// thread that gets little time on a busy 2-core machine: without this the first case, the baseline, ran
/// up to 3x slower in its first iterations (a 10,000-event stream: 58 ms, then 17 ms seconds later) and
/// its mean was not comparable with the cases after it, which found the shared HTTP and JSON code ready.
/// </summary>
public static class WarmUp
{
    private static readonly HashSet<Type> Done = [];

    /// <summary>Calls the variants in turn for <paramref name="duration"/>, once per class and process.</summary>
    public static async Task OnceAsync(Type benchmarkClass, TimeSpan duration, params Func<Task>[] variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        lock (Done)
        {
            if (!Done.Add(benchmarkClass))
            {
                return;
            }
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            foreach (var variant in variants)
            {
                await variant().ConfigureAwait(false);
            }
        }
    }
}
