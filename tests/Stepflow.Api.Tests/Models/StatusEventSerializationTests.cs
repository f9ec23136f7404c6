using System.Text.Json;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Models;

/// <summary>
/// SSE <c>data</c> payloads (docs/server-api.md §10.1): tagged by <c>event</c> with snake_case values, and the
/// server writes <c>event</c> after <c>sequenceNumber</c> and <c>timestamp</c>.
/// </summary>
public class StatusEventSerializationTests
{
    private static T Read<T>(string json)
        where T : StatusEvent
    {
        Assert.False(json.TrimStart().StartsWith("{\"event\"", StringComparison.Ordinal), "sample must not start with event");
        return Assert.IsType<T>(JsonAssert.Deserialize<StatusEvent>(json));
    }

    private static DateTimeOffset Utc(int second, long ticks) =>
        new DateTimeOffset(2026, 3, 20, 20, 15, second, TimeSpan.Zero).AddTicks(ticks);

    [Fact]
    public void RunCreated()
    {
        var e = Read<StatusEventRunCreated>(ContractSamples.E14RunCreated);

        Assert.Equal(0, e.SequenceNumber);
        Assert.Equal(ContractSamples.RunId, e.RunId);
        Assert.Equal(ContractSamples.CreatedAt, e.Timestamp);
        Assert.Equal(ContractSamples.FlowId, e.FlowId);
        Assert.Equal(1, e.ItemCount);
    }

    [Fact]
    public void StepsNeeded()
    {
        var e = Read<StatusEventStepsNeeded>(ContractSamples.E14StepsNeeded);

        Assert.Equal(1, e.SequenceNumber);
        Assert.Equal(ContractSamples.RunId, e.RunId);
        Assert.Equal(Utc(2, 2_000_000), e.Timestamp);
        Assert.Equal(0, e.ItemIndex);
        Assert.Equal(["hello", "shout"], e.StepIds);
    }

    [Fact]
    public void StepReady()
    {
        var e = Read<StatusEventStepReady>(ContractSamples.E14StepReady);

        Assert.Equal(1, e.SequenceNumber);
        Assert.Equal(ContractSamples.RunId, e.RunId);
        Assert.Equal(0, e.ItemIndex);
        Assert.Equal(1, e.StepIndex);
        Assert.Equal("shout", e.StepId);
    }

    [Fact]
    public void StepStarted_WithRetryAttempt()
    {
        var e = Read<StatusEventStepStarted>(ContractSamples.E14StepStarted);

        Assert.Equal(2, e.SequenceNumber);
        Assert.Equal(ContractSamples.RunId, e.RunId);
        Assert.Equal(Utc(2, 3_000_000), e.Timestamp);
        Assert.Equal(0, e.ItemIndex);
        Assert.Equal(0, e.StepIndex);
        Assert.Equal("hello", e.StepId);
        Assert.Equal(2, e.Attempt);
    }

    [Fact]
    public void StepStarted_WithoutStepId_LeavesItNull()
    {
        var e = Read<StatusEventStepStarted>(
            ContractSamples.Fill("""{"sequenceNumber":9,"timestamp":"2026-03-20T20:15:02Z","event":"step_started","runId":"<SUBR>","itemIndex":1,"stepIndex":4,"attempt":1}"""));

        Assert.Null(e.StepId);
        Assert.Equal(4, e.StepIndex);
        Assert.Equal(1, e.Attempt);
        Assert.Equal(ContractSamples.SubRunId, e.RunId);
    }

    [Fact]
    public void StepCompleted_WithResult()
    {
        var e = Read<StatusEventStepCompleted>(ContractSamples.E14StepCompleted);

        Assert.Equal(3, e.SequenceNumber);
        Assert.Equal(ContractSamples.RunId, e.RunId);
        Assert.Equal(Utc(3, 500_000), e.Timestamp);
        Assert.Equal(0, e.ItemIndex);
        Assert.Equal(0, e.StepIndex);
        Assert.Equal("hello", e.StepId);
        Assert.Equal(StepStatus.Completed, e.Status);
        var success = Assert.IsType<FlowResultSuccess>(e.Result);
        Assert.Equal("Ada", success.Result!.GetValue<string>());
    }

    [Fact]
    public void StepCompleted_FailedWithoutResult()
    {
        var e = Read<StatusEventStepCompleted>(
            ContractSamples.Fill("""{"sequenceNumber":3,"timestamp":"2026-03-20T20:15:03Z","event":"step_completed","runId":"<R>","itemIndex":0,"stepIndex":0,"stepId":"hello","status":"failed"}"""));

        Assert.Equal(StepStatus.Failed, e.Status);
        Assert.Null(e.Result);
    }

    [Fact]
    public void ItemCompleted_WithFailedResult()
    {
        var e = Read<StatusEventItemCompleted>(ContractSamples.E14ItemCompleted);

        Assert.Equal(4, e.SequenceNumber);
        Assert.Equal(ContractSamples.RunId, e.RunId);
        Assert.Equal(Utc(3, 8_500_000), e.Timestamp);
        Assert.Equal(0, e.ItemIndex);
        var failed = Assert.IsType<FlowResultFailed>(e.Result);
        Assert.Equal(TaskErrorCode.Timeout, failed.Error.Code);
        Assert.Equal("step timed out", failed.Error.Message);
    }

    [Fact]
    public void RunCompleted()
    {
        var e = Read<StatusEventRunCompleted>(ContractSamples.E14RunCompleted);

        Assert.Equal(5, e.SequenceNumber);
        Assert.Equal(ContractSamples.RunId, e.RunId);
        Assert.Equal(ContractSamples.CompletedAt, e.Timestamp);
        Assert.Equal(ExecutionStatus.Completed, e.Status);
    }

    [Fact]
    public void SubRunCreated()
    {
        var e = Read<StatusEventSubRunCreated>(ContractSamples.E14SubRunCreated);

        Assert.Equal(7, e.SequenceNumber);
        Assert.Equal(ContractSamples.SubRunId, e.RunId);
        Assert.Equal(Utc(2, 5_000_000), e.Timestamp);
        Assert.Equal(ContractSamples.RunId, e.ParentRunId);
        Assert.Equal(ContractSamples.SubFlowId, e.FlowId);
        Assert.Equal(3, e.ItemCount);
    }

    [Fact]
    public void EventTag_CanBeLastProperty()
    {
        var e = Read<StatusEventRunCompleted>(
            ContractSamples.Fill("""{"runId":"<R>","status":"cancelled","sequenceNumber":11,"timestamp":"2026-03-20T20:15:05Z","event":"run_completed"}"""));

        Assert.Equal(11, e.SequenceNumber);
        Assert.Equal(ExecutionStatus.Cancelled, e.Status);
    }

    [Fact]
    public void Timestamp_WithNanosecondPrecision_IsParsed()
    {
        var e = Read<StatusEventRunCompleted>(
            ContractSamples.Fill("""{"sequenceNumber":5,"timestamp":"2026-03-20T20:15:03.123456789Z","event":"run_completed","runId":"<R>","status":"completed"}"""));

        Assert.Equal(Utc(3, 1_234_567), e.Timestamp);
    }

    [Fact]
    public void UnknownEventType_FallsBackToBaseStatusEvent()
    {
        var e = JsonAssert.Deserialize<StatusEvent>(
            ContractSamples.Fill("""{"sequenceNumber":8,"timestamp":"2026-03-20T20:15:03Z","event":"step_paused","runId":"<R>","itemIndex":0,"stepIndex":0,"reason":"breakpoint"}"""));

        Assert.Equal(typeof(StatusEvent), e.GetType());
        Assert.Equal(8, e.SequenceNumber);
        Assert.Equal(ContractSamples.RunId, e.RunId);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 3, TimeSpan.Zero), e.Timestamp);
    }

    [Theory]
    [InlineData(typeof(StatusEventRunCreated), "run_created")]
    [InlineData(typeof(StatusEventStepsNeeded), "steps_needed")]
    [InlineData(typeof(StatusEventStepReady), "step_ready")]
    [InlineData(typeof(StatusEventStepStarted), "step_started")]
    [InlineData(typeof(StatusEventStepCompleted), "step_completed")]
    [InlineData(typeof(StatusEventItemCompleted), "item_completed")]
    [InlineData(typeof(StatusEventRunCompleted), "run_completed")]
    [InlineData(typeof(StatusEventSubRunCreated), "sub_run_created")]
    public void Serialize_WritesSnakeCaseEventTagOnce(Type eventType, string wireName)
    {
        var instance = (StatusEvent)Activator.CreateInstance(eventType)!;
        instance.SequenceNumber = 42;
        instance.RunId = ContractSamples.RunId;

        var json = JsonSerializer.Serialize(instance, Stepflow.Api.Serialization.StepflowJson.Options);

        Assert.Equal(1, JsonAssert.CountProperty(json, "event"));
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Assert.Equal(wireName, node["event"]!.GetValue<string>());
        Assert.Equal(42, node["sequenceNumber"]!.GetValue<long>());
        Assert.Equal(ContractSamples.RunIdText, node["runId"]!.GetValue<string>());
    }

    [Fact]
    public void RoundTrip_StepCompleted_PreservesEveryField()
    {
        var e = JsonAssert.Deserialize<StatusEvent>(ContractSamples.E14StepCompleted);

        var node = JsonAssert.SerializeToNode(e);

        JsonAssert.Equal(
            ContractSamples.Fill("""{"event":"step_completed","sequenceNumber":3,"timestamp":"2026-03-20T20:15:03.05+00:00","runId":"<R>","itemIndex":0,"stepIndex":0,"stepId":"hello","status":"completed","result":{"outcome":"success","result":"Ada"}}"""),
            node);
    }
}
