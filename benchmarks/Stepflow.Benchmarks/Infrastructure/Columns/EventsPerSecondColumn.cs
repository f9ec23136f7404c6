using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>Events per second: the events a case received per operation (recorded) over its mean time.</summary>
public sealed class EventsPerSecondColumn() : StepflowColumn("EventsPerSecond", "Events/s", "Events received per second: events per operation / Mean")
{
    /// <summary>The recorded metric: events received per operation.</summary>
    public const string EventsMetric = "events";

    /// <inheritdoc />
    public override int PriorityInCategory => 1;

    /// <inheritdoc />
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        BenchMetrics.Read(KeyOf(benchmarkCase), EventsMetric) is { } events &&
        summary[benchmarkCase]?.ResultStatistics?.Mean is { } nanoseconds && nanoseconds > 0
            ? (events / (nanoseconds / 1e9)).ToString("N0", CultureInfo.InvariantCulture)
            : "-";

    /// <inheritdoc />
    public override bool IsAvailable(Summary summary) => AnyRecorded(summary, EventsMetric);
}
