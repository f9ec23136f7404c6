using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Stepflow.Client.Tests.Errors;
using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Ecosystem;

/// <summary>Listeners are process-wide, so these tests run alone and only look at spans under their own root.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryRunsAlone;

/// <summary>
/// Spans and metrics, on every server generation: the same names, tags and values whichever wire the client speaks
/// (statuses are the SDK's own names, never 0.13's integers).
/// </summary>
public abstract class TelemetryTests : GenerationTest, IDisposable
{
    private readonly Activity _root = new Activity("test-root").Start();
    private readonly ConcurrentBag<Activity> _activities = [];
    private readonly ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();

    protected TelemetryTests(StepflowApiGeneration generation)
        : base(generation)
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StepflowTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Add,
        };
        ActivitySource.AddActivityListener(_activityListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StepflowTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.Start();
    }

    void IDisposable.Dispose()
    {
        _root.Dispose();
        _activityListener.Dispose();
        _meterListener.Dispose();
        Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Each_operation_is_a_span_with_run_id_and_status_and_no_payload()
    {
        Server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("completed"));
        using var client = Server.Client();

        await client.GetRunAsync(Samples.RunId, Server.Timeout);

        var span = Assert.Single(_activities, a => a.OperationName == "Stepflow GetRun" && a.TraceId == _root.TraceId);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(Samples.RunIdText, span.GetTagItem("stepflow.run_id"));
        Assert.Equal("GetRun", span.GetTagItem("stepflow.operation"));
        Assert.Equal("completed", span.GetTagItem("stepflow.run.status"));
        Assert.DoesNotContain(span.Tags, tag => tag.Value?.Contains("Ada", StringComparison.Ordinal) == true);
        Assert.True(_measurements.Any(m => m.Instrument == "stepflow.client.operation.duration" &&
                                           Equals(m.Tags.GetValueOrDefault("stepflow.operation"), "GetRun") && Equals(m.Tags.GetValueOrDefault("outcome"), "success")),
            string.Join("; ", _measurements.Select(m => $"{m.Instrument} {string.Join(",", m.Tags.Select(t => $"{t.Key}={t.Value}"))}")));
    }

    [Fact]
    public async Task A_failure_marks_the_span_and_retries_are_counted()
    {
        Server.Text("GET", $"/runs/{Samples.RunIdText}", 503, "unavailable");
        using var client = Server.Client(o => o.Retry.MaxRetries = 2);

        await Assert.ThrowsAsync<StepflowServerException>(() => client.GetRunAsync(Samples.RunId, Server.Timeout));

        var span = Assert.Single(_activities, a => a.OperationName == "Stepflow GetRun" && a.TraceId == _root.TraceId);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(nameof(StepflowServerException), span.GetTagItem("error.type"));
        Assert.Equal(2, _measurements.Count(m => m.Instrument == "stepflow.client.retries" && Equals(m.Tags["stepflow.operation"], "GetRun")));
    }

    [Fact]
    public async Task Waiting_reports_its_own_span_and_duration()
    {
        Server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("failed"));
        using var client = Server.Client();

        await client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(10), Server.Timeout);

        var span = Assert.Single(_activities, a => a.OperationName == "Stepflow WaitForCompletion" && a.TraceId == _root.TraceId);
        Assert.Equal("failed", span.GetTagItem("stepflow.run.status"));
        Assert.Contains(_measurements, m => m.Instrument == "stepflow.client.wait.duration" && Equals(m.Tags["outcome"], "failed"));
    }

    [Fact]
    public async Task Span_and_metric_tags_are_exactly_the_same_on_every_generation()
    {
        // Dashboards must not change with the server: the full tag sets, not just the tags asked for, are fixed here.
        Server.Json("POST", "/runs", OnWire(Samples.RunSummary("running"), Samples.CreatedRun("running")), OnWire(202, 200));
        Server.ServiceError("DELETE", $"/runs/{Samples.RunIdText}", OnWire(409, 412),
            Samples.Error(OnWire(409, 412), $"run '{Samples.RunIdText}' is still running"));
        using var client = Server.Client();

        await client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: Server.Timeout);
        await Assert.ThrowsAsync<StepflowConflictException>(() => client.DeleteRunAsync(Samples.RunId, Server.Timeout));

        AssertTags(new()
        {
            ["stepflow.operation"] = "CreateRun",
            ["stepflow.flow_id"] = Samples.FlowId,
            ["stepflow.run_id"] = Samples.RunIdText,
            ["stepflow.run.status"] = "running",
        }, Assert.Single(_activities, a => a.OperationName == "Stepflow CreateRun" && a.TraceId == _root.TraceId));
        AssertTags(new()
        {
            ["stepflow.operation"] = "DeleteRun",
            ["stepflow.run_id"] = Samples.RunIdText,
            ["error.type"] = nameof(StepflowConflictException),
        }, Assert.Single(_activities, a => a.OperationName == "Stepflow DeleteRun" && a.TraceId == _root.TraceId));
        var durations = _measurements.Where(m => m.Instrument == "stepflow.client.operation.duration")
            .Select(m => string.Join(",", m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")))
            .ToList();
        Assert.Contains("outcome=success,stepflow.operation=CreateRun", durations);
        Assert.Contains($"outcome={nameof(StepflowConflictException)},stepflow.operation=DeleteRun", durations);
    }

    private static void AssertTags(Dictionary<string, string> expected, Activity span) =>
        Assert.Equal(expected.OrderBy(t => t.Key, StringComparer.Ordinal),
            span.Tags.Select(t => KeyValuePair.Create(t.Key, t.Value ?? string.Empty)).OrderBy(t => t.Key, StringComparer.Ordinal));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Add((instrument.Name, value, copy));
    }
}

/// <summary>Against the 0.11 API.</summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTestsOn011() : TelemetryTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API.</summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTestsOn013() : TelemetryTests(StepflowApiGeneration.V012);
