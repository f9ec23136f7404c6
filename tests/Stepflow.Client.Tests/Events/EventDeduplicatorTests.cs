using System.Text;
using Stepflow.Client.Protocol;
using Stepflow.Client.Protocol.V011;
using Stepflow.Client.Protocol.V012;
using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Events;

/// <summary>
/// The resume bookkeeping on its own, fed with events as each generation's reader builds them from its wire form:
/// events are keyed by their identity (type, run, item, step, attempt; the JSON for event types the SDK does not
/// know), each event a new object, so equality must be by value, never by reference, and never by the bytes a server
/// happened to write for a known event (docs/server-api.md §10.3).
/// </summary>
public abstract class EventDeduplicatorTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    private static readonly HttpClient Http = new();

    private static readonly Guid OtherRun = Guid.Parse(EventFrames.SubRunIdText);

    private IStepflowProtocol? _protocol;

    /// <summary>This generation's reader; parsing needs no server.</summary>
    private IStepflowProtocol Protocol => _protocol ??= Is011
        ? new V011Protocol(new HttpTransport(Http, new Uri("http://localhost/"), new StepflowClientOptions()))
        : new V012Protocol(new HttpTransport(Http, new Uri("http://localhost/"), new StepflowClientOptions()));

    protected EventFrames Frames => Samples.Events;

    /// <summary>One event's data as this generation's stream reader sees it (0.11 with its <c>event:</c> line, 0.13 without one).</summary>
    protected RunEvent Parse(string type, string data) => Protocol.ParseEvent(Is011 ? type : "message", Encoding.UTF8.GetBytes(data));

    private RunEvent Of(long seq, string type, string fields, Guid? runId = null) =>
        Parse(type, Frames.Data(seq, type, fields, (runId ?? Samples.RunId).ToString("D")));

    private StepReadyEvent Ready(long seq, int stepIndex = 0, int itemIndex = 0, Guid? runId = null, string stepId = "hello") =>
        Assert.IsType<StepReadyEvent>(Of(seq, "step_ready", $"\"itemIndex\":{itemIndex},\"stepIndex\":{stepIndex},\"stepId\":\"{stepId}\"", runId));

    private StepStartedEvent Started(long seq, int attempt, int stepIndex = 0) =>
        Assert.IsType<StepStartedEvent>(Of(seq, "step_started", $"\"itemIndex\":0,\"stepIndex\":{stepIndex},\"stepId\":\"hello\",\"attempt\":{attempt}"));

    private StepCompletedEvent Completed(long seq, int stepIndex = 0) =>
        Assert.IsType<StepCompletedEvent>(Of(seq, "step_completed", $"\"itemIndex\":0,\"stepIndex\":{stepIndex},\"stepId\":\"hello\",\"status\":{Frames.Status("completed")}"));

    /// <summary>An event of a type no server of this SDK's time sends, with <paramref name="fields"/> after <c>runId</c>.</summary>
    protected UnknownRunEvent Unknown(long seq, string fields, string eventType = "step_paused")
    {
        var unknown = Assert.IsType<UnknownRunEvent>(Of(seq, eventType, fields));
        Assert.Equal(eventType, unknown.EventType);
        return unknown;
    }

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
        Assert.True(deduplicator.TryAccept(Unknown(2, "\"stepId\":\"hello\"")));
        deduplicator.BeginConnection();

        // One identity field apart each: the step, the item, the run, the attempt.
        Assert.True(deduplicator.TryAccept(Ready(2, stepIndex: 1)));
        Assert.True(deduplicator.TryAccept(Ready(2, itemIndex: 1)));
        Assert.True(deduplicator.TryAccept(Ready(2, runId: OtherRun)));
        Assert.True(deduplicator.TryAccept(Started(2, attempt: 2)));
        // Unknown event types are told apart by their JSON: same length, one byte apart.
        Assert.True(deduplicator.TryAccept(Unknown(2, "\"stepId\":\"hellp\"")));
        // The same JSON value written differently: 0.11 replays its bytes unchanged, so other bytes are another
        // event there; 0.13 compares the data as JSON (docs/server-api.md §10.3), so it is the one already delivered.
        Assert.Equal(Is011, deduplicator.TryAccept(Unknown(2, "\"stepId\": \"hello\"")));
    }

    [Fact]
    public void The_same_identity_under_another_event_type_is_delivered()
    {
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(Ready(2)));
        Assert.True(deduplicator.TryAccept(Unknown(2, "")));
        deduplicator.BeginConnection();

        // Same run, item and step; only the type differs.
        Assert.True(deduplicator.TryAccept(Completed(2)));
        Assert.True(deduplicator.TryAccept(Unknown(2, "", eventType: "step_resumed")));
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
        // (0.11: the "event" tag no longer first; 0.13: the variant's members and the envelope's), other spacing, so other bytes.
        var first = Frames.Data(2, "step_ready", "\"itemIndex\":0,\"stepIndex\":1,\"stepId\":\"bye\"");
        var replayed = OnWire(
            $$"""
            { "stepId": "bye", "runId": "{{Samples.RunIdText}}", "stepIndex": 1, "event": "step_ready",
              "itemIndex": 0, "timestamp": "{{Samples.Timestamp}}", "sequenceNumber": 2 }
            """,
            $$"""
            { "event": { "StepReady": { "stepId": "bye", "stepIndex": 1, "runId": "{{Samples.RunIdText}}", "itemIndex": 0 } },
              "timestamp": "{{Samples.Timestamp}}", "sequenceNumber": 2 }
            """);
        Assert.NotEqual(first, replayed);
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(Parse("step_ready", first)));

        deduplicator.BeginConnection();
        var again = Parse("step_ready", replayed);

        var ready = Assert.IsType<StepReadyEvent>(again);
        Assert.Equal((2L, 0, 1, "bye"), (ready.SequenceNumber, ready.ItemIndex, ready.StepIndex, ready.StepId));
        Assert.False(deduplicator.TryAccept(again));
        // The rest of the batch is still new.
        Assert.True(deduplicator.TryAccept(Parse("step_ready", Frames.Data(2, "step_ready", "\"itemIndex\":0,\"stepIndex\":2,\"stepId\":\"later\""))));
        Assert.Equal(2, deduplicator.LastSequenceNumber);
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class EventDeduplicatorTestsOn011() : EventDeduplicatorTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API, with the behaviour only that API has.</summary>
public sealed class EventDeduplicatorTestsOn013() : EventDeduplicatorTests(StepflowApiGeneration.V012)
{
    [Fact]
    public void An_unknown_variant_replayed_with_its_keys_in_another_order_is_a_duplicate_on_013()
    {
        // Free-form values come back with their keys in any order and numbers as floats (docs/server-api.md §4.3), so a
        // replay need not repeat an event byte for byte; unknown variants are compared as JSON with keys unordered (§10.3).
        var first = Frames.Data(2, "step_paused", "\"itemIndex\":0,\"detail\":{\"a\":1.0,\"b\":[2.0,{\"c\":true,\"d\":null}]}");
        var replayed = $$$"""
            {"timestamp":"{{{Samples.Timestamp}}}","event":{"StepPaused":{"detail":{"b":[2.0,{"d":null,"c":true}],"a":1.0},
            "itemIndex":0,"runId":"{{{Samples.RunIdText}}}"}},"sequenceNumber":2}
            """;
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(Parse("message", first)));

        deduplicator.BeginConnection();

        var again = Assert.IsType<UnknownRunEvent>(Parse("message", replayed));
        Assert.Equal("step_paused", again.EventType);
        Assert.Equal(replayed, again.RawJson);
        Assert.False(deduplicator.TryAccept(again));
        // Array order is data, not layout: another order is another event; so is another value.
        Assert.True(deduplicator.TryAccept(Parse("message", Frames.Data(2, "step_paused", "\"itemIndex\":0,\"detail\":{\"a\":1.0,\"b\":[{\"c\":true,\"d\":null},2.0]}"))));
        Assert.True(deduplicator.TryAccept(Parse("message", Frames.Data(2, "step_paused", "\"itemIndex\":0,\"detail\":{\"a\":3.0,\"b\":[2.0,{\"c\":true,\"d\":null}]}"))));
    }

    [Fact]
    public void A_step_completed_replayed_with_its_result_keys_in_another_order_is_a_duplicate_on_013()
    {
        // With includeResults a step's output is a Struct, whose keys a replay may write in another order (docs/server-api.md §10.3).
        var first = Frames.Data(3, "step_completed", "\"itemIndex\":0,\"stepIndex\":0,\"stepId\":\"hello\",\"status\":2,\"result\":{\"a\":1.0,\"b\":2.0}");
        var replayed = Frames.Data(3, "step_completed", "\"itemIndex\":0,\"stepIndex\":0,\"stepId\":\"hello\",\"status\":2,\"result\":{\"b\":2.0,\"a\":1.0}");
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        var delivered = Assert.IsType<StepCompletedEvent>(Parse("message", first));
        Assert.True(deduplicator.TryAccept(delivered));
        Assert.Equal("""{"a":1,"b":2}""", delivered.Output!.ToJsonString());

        deduplicator.BeginConnection();

        Assert.False(deduplicator.TryAccept(Parse("message", replayed)));
        Assert.True(deduplicator.TryAccept(Parse("message", Frames.Data(3, "step_completed", "\"itemIndex\":0,\"stepIndex\":1,\"stepId\":\"bye\",\"status\":2"))));
    }
}
