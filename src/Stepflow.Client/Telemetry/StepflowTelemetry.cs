using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Stepflow.Client;

/// <summary>
/// The names under which the client reports traces and metrics. Subscribe with OpenTelemetry's
/// <c>AddSource(StepflowTelemetry.ActivitySourceName)</c> and <c>AddMeter(StepflowTelemetry.MeterName)</c>.
/// </summary>
/// <remarks>
/// Spans: one per client operation (<c>Stepflow GetRun</c>, <c>Stepflow WaitForCompletion</c>, …) with tags
/// <c>stepflow.operation</c>, <c>stepflow.run_id</c>, <c>stepflow.flow_id</c>, <c>stepflow.run.status</c>
/// and <c>error.type</c>; HTTP spans of each attempt nest under them. Metrics:
/// <c>stepflow.client.operation.duration</c> (s), <c>stepflow.client.retries</c>,
/// <c>stepflow.client.wait.duration</c> (s). No payloads, headers or credentials are recorded.
/// </remarks>
public static class StepflowTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name: <c>Stepflow.Client</c>.</summary>
    public const string ActivitySourceName = "Stepflow.Client";

    /// <summary>The <see cref="Meter"/> name: <c>Stepflow.Client</c>.</summary>
    public const string MeterName = "Stepflow.Client";

    private static readonly string Version =
        typeof(StepflowTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    internal static readonly ActivitySource Source = new(ActivitySourceName, Version);

    private static readonly Meter Meter = new(MeterName, Version);

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "stepflow.client.operation.duration", "s", "Duration of client operations, all attempts included.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "stepflow.client.retries", "{retry}", "Requests repeated after a transient failure.");

    internal static readonly Histogram<double> WaitDuration = Meter.CreateHistogram<double>(
        "stepflow.client.wait.duration", "s", "Time spent waiting for runs to finish.");
}
