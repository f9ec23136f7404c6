using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>Shared helpers for the custom columns.</summary>
internal static class CaseKeys
{
    public static string Of(BenchmarkCase benchmarkCase) => BenchMetrics.Key(
        benchmarkCase.Descriptor.Type.Name,
        benchmarkCase.Descriptor.WorkloadMethod.Name,
        benchmarkCase.HasParameters ? benchmarkCase.Parameters.Items.Select(p => p.Value) : null);

    public static double? MeanSeconds(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Mean is { } nanoseconds ? nanoseconds / 1e9 : null;
}

/// <summary>A number the benchmark recorded itself (see <see cref="BenchMetrics"/>), shown for the cases that have it.</summary>
/// <param name="metric">The metric's name in the file.</param>
/// <param name="header">The column header.</param>
/// <param name="legend">The legend line under the table.</param>
/// <param name="format">Turns the value into the cell text.</param>
public sealed class MetricColumn(string metric, string header, string legend, Func<double, string> format) : IColumn
{
    /// <inheritdoc />
    public string Id => "Stepflow." + metric;

    /// <inheritdoc />
    public string ColumnName => header;

    /// <inheritdoc />
    public bool AlwaysShow => false;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => legend;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        BenchMetrics.Read(CaseKeys.Of(benchmarkCase), metric) is { } value ? format(value) : "-";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => BenchMetrics.Read(CaseKeys.Of(c), metric) is not null);
}

/// <summary>Events per second: the events a case received per operation (recorded) over its mean time.</summary>
public sealed class EventsPerSecondColumn : IColumn
{
    /// <summary>The recorded metric: events received per operation.</summary>
    public const string EventsMetric = "events";

    /// <inheritdoc />
    public string Id => "Stepflow.EventsPerSecond";

    /// <inheritdoc />
    public string ColumnName => "Events/s";

    /// <inheritdoc />
    public bool AlwaysShow => false;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 1;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Events received per second: events per operation / Mean";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        BenchMetrics.Read(CaseKeys.Of(benchmarkCase), EventsMetric) is { } events && CaseKeys.MeanSeconds(summary, benchmarkCase) is { } seconds && seconds > 0
            ? (events / seconds).ToString("N0", CultureInfo.InvariantCulture)
            : "-";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => BenchMetrics.Read(CaseKeys.Of(c), EventsMetric) is not null);
}

/// <summary>
/// Allocations per operation above the floor case of the same table (a client that allocates almost
/// nothing), i.e. what the client itself allocates, and that amount relative to the baseline's.
/// </summary>
/// <param name="floorMethod">The floor benchmark's method name.</param>
/// <param name="asRatio">Show the ratio to the baseline's client allocations instead of bytes.</param>
public sealed class ClientAllocationColumn(string floorMethod, bool asRatio) : IColumn
{
    /// <inheritdoc />
    public string Id => asRatio ? "Stepflow.ClientAllocRatio" : "Stepflow.ClientAlloc";

    /// <inheritdoc />
    public string ColumnName => asRatio ? "Client alloc ratio" : "Client alloc";

    /// <inheritdoc />
    public bool AlwaysShow => false;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => asRatio ? 11 : 10;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => asRatio
        ? "Client alloc of the case / Client alloc of the baseline"
        : $"Allocated minus the {floorMethod} case's Allocated: the client's own allocations per operation (the server runs in-process, so Allocated includes its share)";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var floorCase = summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.WorkloadMethod.Name == floorMethod);
        if (floorCase is null || Allocated(summary, floorCase) is not { } floor || Allocated(summary, benchmarkCase) is not { } own)
        {
            return "-";
        }

        if (benchmarkCase == floorCase)
        {
            return asRatio ? "-" : "0 B";
        }

        if (!asRatio)
        {
            return $"{own - floor:N0} B".Replace(",", "", StringComparison.Ordinal);
        }

        var baseline = summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.Baseline);
        return baseline is not null && Allocated(summary, baseline) is { } baseOwn && baseOwn > floor
            ? ((double)(own - floor) / (baseOwn - floor)).ToString("0.00", CultureInfo.InvariantCulture)
            : "-";
    }

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.WorkloadMethod.Name == floorMethod);

    private static long? Allocated(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.GcStats is { } stats ? stats.GetBytesAllocatedPerOperation(benchmarkCase) : null;
}

/// <summary>
/// Median time relative to the baseline's median: on a shared 2-core machine a few slow iterations
/// (another process taking the cores) move the mean, and BenchmarkDotNet's Ratio with it, far more than the median.
/// </summary>
public sealed class MedianRatioColumn : IColumn
{
    /// <inheritdoc />
    public string Id => "Stepflow.MedianRatio";

    /// <inheritdoc />
    public string ColumnName => "Median ratio";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Baseline;

    /// <inheritdoc />
    public int PriorityInCategory => 10;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Median time of the case / median time of the baseline";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        return baseline is not null && summary[baseline]?.ResultStatistics?.Median is { } baseMedian && baseMedian > 0 &&
            summary[benchmarkCase]?.ResultStatistics?.Median is { } median
            ? (median / baseMedian).ToString("0.00", CultureInfo.InvariantCulture)
            : "-";
    }

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.Baseline);
}

/// <summary>CPU time per operation (see <see cref="CpuTime"/>), or that relative to the baseline's.</summary>
/// <param name="asRatio">Show the ratio to the baseline instead of the time.</param>
public sealed class CpuColumn(bool asRatio) : IColumn
{
    /// <inheritdoc />
    public string Id => asRatio ? "Stepflow.CpuRatio" : "Stepflow.Cpu";

    /// <inheritdoc />
    public string ColumnName => asRatio ? "CPU ratio" : "CPU/op";

    /// <inheritdoc />
    public bool AlwaysShow => false;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => asRatio ? -9 : -10;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => asRatio
        ? "CPU/op of the case / CPU/op of the baseline"
        : "Process CPU time (user + kernel, client and in-process server) per operation, lowest of 3 samples taken after the timed iterations";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (BenchMetrics.Read(CaseKeys.Of(benchmarkCase), CpuTime.Metric) is not { } nanoseconds)
        {
            return "-";
        }

        if (!asRatio)
        {
            return nanoseconds >= 1e6
                ? (nanoseconds / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
                : (nanoseconds / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " us";
        }

        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        return baseline is not null && BenchMetrics.Read(CaseKeys.Of(baseline), CpuTime.Metric) is { } baseNs && baseNs > 0
            ? (nanoseconds / baseNs).ToString("0.00", CultureInfo.InvariantCulture)
            : "-";
    }

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => BenchMetrics.Read(CaseKeys.Of(c), CpuTime.Metric) is not null);
}
