using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>A number the benchmark recorded itself (see <see cref="BenchMetrics"/>), shown for the cases that have it.</summary>
/// <param name="metric">The metric's name in the file.</param>
/// <param name="header">The column header.</param>
/// <param name="legend">The legend line under the table.</param>
/// <param name="format">Turns the value into the cell text.</param>
public sealed class MetricColumn(string metric, string header, string legend, Func<double, string> format)
    : StepflowColumn("Metric." + metric, header, legend)
{
    private readonly string _metric = metric;

    /// <inheritdoc />
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        BenchMetrics.Read(KeyOf(benchmarkCase), _metric) is { } value ? format(value) : "-";

    /// <inheritdoc />
    public override bool IsAvailable(Summary summary) => AnyRecorded(summary, _metric);
}
