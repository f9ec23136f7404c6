using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>CPU time per operation (see <see cref="CpuTime"/>), or that relative to the baseline's.</summary>
/// <param name="asRatio">Show the ratio to the baseline instead of the time.</param>
public sealed class CpuColumn(bool asRatio) : StepflowColumn(
    asRatio ? "CpuRatio" : "Cpu",
    asRatio ? "CPU ratio" : "CPU/op",
    asRatio
        ? "CPU/op of the case / CPU/op of the baseline"
        : "Process CPU time (user + kernel, client and in-process server) per operation, lowest of 3 samples taken after the timed iterations")
{
    /// <inheritdoc />
    public override int PriorityInCategory => asRatio ? -9 : -10;

    /// <inheritdoc />
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (BenchMetrics.Read(KeyOf(benchmarkCase), CpuTime.Metric) is not { } nanoseconds)
        {
            return "-";
        }

        if (!asRatio)
        {
            return nanoseconds >= 1e6
                ? (nanoseconds / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
                : (nanoseconds / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " us";
        }

        return BaselineOf(summary, benchmarkCase) is { } baseline && BenchMetrics.Read(KeyOf(baseline), CpuTime.Metric) is { } baseNs && baseNs > 0
            ? (nanoseconds / baseNs).ToString("0.00", CultureInfo.InvariantCulture)
            : "-";
    }

    /// <inheritdoc />
    public override bool IsAvailable(Summary summary) => AnyRecorded(summary, CpuTime.Metric);
}
