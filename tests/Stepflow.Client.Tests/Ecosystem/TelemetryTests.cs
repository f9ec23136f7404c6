using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Ecosystem;

/// <summary>Listeners are process-wide, so these tests run alone and only look at spans under their own root.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryRunsAlone;

[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests : IDisposable
{
    private readonly Activity _root = new Activity("test-root").Start();
    private readonly FakeServer _server = new();
    private readonly ConcurrentBag<Activity> _activities = [];
    private readonly ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();

    public TelemetryTests()
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

    public void Dispose()
    {
        _root.Dispose();
        _activityListener.Dispose();
        _meterListener.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Each_operation_is_a_span_with_run_id_and_status_and_no_payload()
    {
        _server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("completed"));
        using var client = _server.Client();

        await client.GetRunAsync(Samples.RunId, _server.Timeout);

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
        _server.Text("GET", $"/runs/{Samples.RunIdText}", 503, "unavailable");
        using var client = _server.Client(o => o.Retry.MaxRetries = 2);

        await Assert.ThrowsAsync<StepflowServerException>(() => client.GetRunAsync(Samples.RunId, _server.Timeout));

        var span = Assert.Single(_activities, a => a.OperationName == "Stepflow GetRun" && a.TraceId == _root.TraceId);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(nameof(StepflowServerException), span.GetTagItem("error.type"));
        Assert.Equal(2, _measurements.Count(m => m.Instrument == "stepflow.client.retries" && Equals(m.Tags["stepflow.operation"], "GetRun")));
    }

    [Fact]
    public async Task Waiting_reports_its_own_span_and_duration()
    {
        _server.Json("GET", $"/runs/{Samples.RunIdText}", Samples.RunDetails("failed"));
        using var client = _server.Client();

        await client.WaitForCompletionAsync(Samples.RunId, TimeSpan.FromSeconds(10), _server.Timeout);

        var span = Assert.Single(_activities, a => a.OperationName == "Stepflow WaitForCompletion" && a.TraceId == _root.TraceId);
        Assert.Equal("failed", span.GetTagItem("stepflow.run.status"));
        Assert.Contains(_measurements, m => m.Instrument == "stepflow.client.wait.duration" && Equals(m.Tags["outcome"], "failed"));
    }

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
