using System.Diagnostics;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>
/// CPU time per call, measured once per case after its timed iterations. On a shared machine the wall
/// clock also counts the time other processes hold the cores; the CPU time this process spends does not,
/// so it is the steadier figure for comparing clients. It includes the in-process server's share (the
/// ServerFloor row shows how much that is).
/// </summary>
public static class CpuTime
{
    /// <summary>The metric's name in <see cref="BenchMetrics"/>.</summary>
    public const string Metric = "cpuNsPerOp";

    /// <summary>
    /// Calls <paramref name="call"/> repeatedly for <paramref name="sampleTime"/>, three times, and records the
    /// lowest process CPU time per call (user + kernel, from <see cref="Environment.CpuUsage"/>) for <paramref name="key"/>.
    /// </summary>
    public static async Task RecordAsync(string key, Func<Task> call, TimeSpan sampleTime)
    {
        ArgumentNullException.ThrowIfNull(call);
        var best = double.MaxValue;
        for (var sample = 0; sample < 3; sample++)
        {
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            var calls = 0;
            while (clock.Elapsed < sampleTime || calls < 3)
            {
                await call().ConfigureAwait(false);
                calls++;
            }

            best = Math.Min(best, (Environment.CpuUsage.TotalTime - cpuBefore).Ticks * 100.0 / calls);
        }

        BenchMetrics.Write(key, new Dictionary<string, double> { [Metric] = best });
    }
}
