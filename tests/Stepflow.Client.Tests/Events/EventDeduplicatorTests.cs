using System.Text;
using Stepflow.Client.Protocol;
using Stepflow.Client.Protocol.V011;
using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Events;

/// <summary>
/// The resume bookkeeping on its own: events are keyed by their identity (type, run, item, step, attempt; the raw
/// JSON for event types the SDK does not know), each event a new object, so equality must be by value, never by
/// reference, and never by the bytes a server happened to write.
/// </summary>
public sealed class EventDeduplicatorTests
{
    private static readonly Guid OtherRun = Guid.Parse(EventSamples.SubRunIdText);

    private static StepReadyEvent Ready(long seq, int stepIndex = 0, int itemIndex = 0, Guid? runId = null, string stepId = "hello") =>
        new() { SequenceNumber = seq, RunId = runId ?? Samples.RunId, ItemIndex = itemIndex, StepIndex = stepIndex, StepId = stepId };

    private static StepStartedEvent Started(long seq, int attempt, int stepIndex = 0) =>
        new() { SequenceNumber = seq, RunId = Samples.RunId, ItemIndex = 0, StepIndex = stepIndex, StepId = "hello", Attempt = attempt };

    private static StepCompletedEvent Completed(long seq, int stepIndex = 0) =>
        new() { SequenceNumber = seq, RunId = Samples.RunId, ItemIndex = 0, StepIndex = stepIndex, StepId = "hello", Status = StepStatus.Completed };

    private static UnknownRunEvent Unknown(long seq, string rawJson, string eventType = "step_paused") =>
        new(eventType, rawJson) { SequenceNumber = seq, RunId = Samples.RunId };

    [Fact]
    public void A_replayed_event_with_the_same_identity_in_a_new_object_is_skipped()
    {
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(Ready(2)));

        deduplicator.BeginConnection();

        Assert.False(deduplicator.TryAccept(Ready(2)));
        Assert.Equal(2, deduplicator.LastSequenceNumber);
    }

    [Fact]
    public void Events_of_one_sequence_number_that_differ_only_in_their_identity_are_all_delivered()
    {
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(Ready(2)));
        Assert.True(deduplicator.TryAccept(Started(2, attempt: 1)));
        Assert.True(deduplicator.TryAccept(Unknown(2, """{"stepId":"hello"}""")));
        deduplicator.BeginConnection();

        // One identity field apart each: the step, the item, the run, the attempt.
        Assert.True(deduplicator.TryAccept(Ready(2, stepIndex: 1)));
        Assert.True(deduplicator.TryAccept(Ready(2, itemIndex: 1)));
        Assert.True(deduplicator.TryAccept(Ready(2, runId: OtherRun)));
        Assert.True(deduplicator.TryAccept(Started(2, attempt: 2)));
        // Unknown event types are told apart by their JSON: same length, one byte apart; and the same JSON value
        // written differently (other bytes, so another unknown event).
        Assert.True(deduplicator.TryAccept(Unknown(2, """{"stepId":"hellp"}""")));
        Assert.True(deduplicator.TryAccept(Unknown(2, """{"stepId": "hello"}""")));
    }

    [Fact]
    public void The_same_identity_under_another_event_type_is_delivered()
    {
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(Ready(2)));
        Assert.True(deduplicator.TryAccept(Unknown(2, "{}")));
        deduplicator.BeginConnection();

        // Same run, item and step; only the type differs.
        Assert.True(deduplicator.TryAccept(Completed(2)));
        Assert.True(deduplicator.TryAccept(Unknown(2, "{}", eventType: "step_resumed")));
    }

    [Fact]
    public void Identical_events_are_skipped_as_many_times_as_they_were_delivered_and_no_more()
    {
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(Ready(5)));
        Assert.True(deduplicator.TryAccept(Ready(5)));
        deduplicator.BeginConnection();

        Assert.False(deduplicator.TryAccept(Ready(5)));
        Assert.False(deduplicator.TryAccept(Ready(5)));
        Assert.True(deduplicator.TryAccept(Ready(5)));
    }

    [Fact]
    public void Older_events_are_skipped_and_a_higher_number_starts_afresh()
    {
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(Ready(3)));
        deduplicator.BeginConnection();

        Assert.False(deduplicator.TryAccept(Ready(2, stepIndex: 7, stepId: "new")));
        Assert.True(deduplicator.TryAccept(Ready(4)));
        Assert.True(deduplicator.TryAccept(Completed(4)));
        Assert.Equal(4, deduplicator.LastSequenceNumber);
    }

    [Fact]
    public void The_same_event_replayed_with_its_json_keys_in_another_order_is_recognised_as_a_duplicate()
    {
        // The event as the first connection delivered it, and as a replay writes it: other key order
        // (the "event" tag no longer first), other spacing, so other bytes.
        var first = EventSamples.Data(2, "step_ready", "\"itemIndex\":0,\"stepIndex\":1,\"stepId\":\"bye\"");
        var replayed = $$"""
            { "stepId": "bye", "runId": "{{Samples.RunIdText}}", "stepIndex": 1, "event": "step_ready",
              "itemIndex": 0, "timestamp": "{{EventSamples.Timestamp}}", "sequenceNumber": 2 }
            """;
        Assert.NotEqual(first, replayed);
        using var http = new HttpClient();
        var protocol = new V011Protocol(new HttpTransport(http, new Uri("http://localhost/"), new StepflowClientOptions()));
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(protocol.ParseEvent("step_ready", Encoding.UTF8.GetBytes(first))));

        deduplicator.BeginConnection();
        var again = protocol.ParseEvent("step_ready", Encoding.UTF8.GetBytes(replayed));

        var ready = Assert.IsType<StepReadyEvent>(again);
        Assert.Equal((2L, 0, 1, "bye"), (ready.SequenceNumber, ready.ItemIndex, ready.StepIndex, ready.StepId));
        Assert.False(deduplicator.TryAccept(again));
        // The rest of the batch is still new.
        Assert.True(deduplicator.TryAccept(protocol.ParseEvent("step_ready",
            Encoding.UTF8.GetBytes(EventSamples.Data(2, "step_ready", "\"itemIndex\":0,\"stepIndex\":2,\"stepId\":\"later\"")))));
        Assert.Equal(2, deduplicator.LastSequenceNumber);
    }
}
