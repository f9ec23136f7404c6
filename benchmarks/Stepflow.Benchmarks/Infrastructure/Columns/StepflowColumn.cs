using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>
/// What every custom column shares: numeric, dimensionless, shown only where <see cref="IsAvailable"/> says
/// so; subclasses supply the cell text.
/// </summary>
/// <param name="id">Unique id (prefixed with <c>Stepflow.</c>).</param>
/// <param name="header">The column header.</param>
/// <param name="legend">The legend line under the table.</param>
public abstract class StepflowColumn(string id, string header, string legend) : IColumn
{
    /// <inheritdoc />
    public string Id => "Stepflow." + id;

    /// <inheritdoc />
    public string ColumnName => header;

    /// <inheritdoc />
    public string Legend => legend;

    /// <inheritdoc />
    public virtual bool AlwaysShow => false;

    /// <inheritdoc />
    public virtual ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public virtual int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public abstract string GetValue(Summary summary, BenchmarkCase benchmarkCase);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public abstract bool IsAvailable(Summary summary);

    /// <summary>The <see cref="BenchMetrics"/> key of a case.</summary>
    protected static string KeyOf(BenchmarkCase benchmarkCase) => BenchMetrics.Key(
        benchmarkCase.Descriptor.Type.Name,
        benchmarkCase.Descriptor.WorkloadMethod.Name,
        benchmarkCase.HasParameters ? benchmarkCase.Parameters.Items.Select(p => p.Value) : null);

    /// <summary>True when any case of the summary recorded <paramref name="metric"/>.</summary>
    protected static bool AnyRecorded(Summary summary, string metric) =>
        summary.BenchmarksCases.Any(c => BenchMetrics.Read(KeyOf(c), metric) is not null);

    /// <summary>The baseline of the case's group (the raw HttpClient variant), if the table has one.</summary>
    protected static BenchmarkCase? BaselineOf(Summary summary, BenchmarkCase benchmarkCase) =>
        summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
}
