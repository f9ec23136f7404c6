using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>
/// Median time relative to the baseline's median. On a shared 2-core machine a few slow iterations (another
/// process taking the cores) move the mean, and BenchmarkDotNet's Ratio with it, far more than the median.
/// </summary>
public sealed class MedianRatioColumn() : StepflowColumn("MedianRatio", "Median ratio", "Median time of the case / median time of the baseline")
{
    /// <inheritdoc />
    public override bool AlwaysShow => true;

    /// <inheritdoc />
    public override ColumnCategory Category => ColumnCategory.Baseline;

    /// <inheritdoc />
    public override int PriorityInCategory => 10;

    /// <inheritdoc />
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        BaselineOf(summary, benchmarkCase) is { } baseline &&
        summary[baseline]?.ResultStatistics?.Median is { } baseMedian && baseMedian > 0 &&
        summary[benchmarkCase]?.ResultStatistics?.Median is { } median
            ? (median / baseMedian).ToString("0.00", CultureInfo.InvariantCulture)
            : "-";

    /// <inheritdoc />
    public override bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.Baseline);
}
