using System.Text;

namespace Stepflow.Client.Tests.Events;

/// <summary>
/// The resume bookkeeping on its own: events are keyed by type and the exact bytes of their data, each
/// read into a new array, so equality must be by content, never by array reference.
/// </summary>
public sealed class EventDeduplicatorTests
{
    private const string StepReady = "step_ready";

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void A_replayed_event_with_the_same_type_and_bytes_in_a_new_array_is_skipped()
    {
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(2, StepReady, Bytes("""{"stepId":"hello"}""")));

        deduplicator.BeginConnection();

        Assert.False(deduplicator.TryAccept(2, StepReady, Bytes("""{"stepId":"hello"}""")));
        Assert.Equal(2, deduplicator.LastSequenceNumber);
    }

    [Fact]
    public void Events_of_one_sequence_number_that_differ_only_in_their_data_bytes_are_both_delivered()
    {
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(2, StepReady, Bytes("""{"stepId":"hello"}""")));
        deduplicator.BeginConnection();

        // Same length, one byte apart; and the same JSON value written differently (still other bytes).
        Assert.True(deduplicator.TryAccept(2, StepReady, Bytes("""{"stepId":"hellp"}""")));
        Assert.True(deduplicator.TryAccept(2, StepReady, Bytes("""{"stepId": "hello"}""")));
    }

    [Fact]
    public void The_same_data_under_another_event_type_is_delivered()
    {
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(2, StepReady, Bytes("{}")));
        deduplicator.BeginConnection();

        Assert.True(deduplicator.TryAccept(2, "step_started", Bytes("{}")));
    }

    [Fact]
    public void Identical_events_are_skipped_as_many_times_as_they_were_delivered_and_no_more()
    {
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(5, StepReady, Bytes("{}")));
        Assert.True(deduplicator.TryAccept(5, StepReady, Bytes("{}")));
        deduplicator.BeginConnection();

        Assert.False(deduplicator.TryAccept(5, StepReady, Bytes("{}")));
        Assert.False(deduplicator.TryAccept(5, StepReady, Bytes("{}")));
        Assert.True(deduplicator.TryAccept(5, StepReady, Bytes("{}")));
    }

    [Fact]
    public void Older_events_are_skipped_and_a_higher_number_starts_afresh()
    {
        var deduplicator = new EventDeduplicator();
        deduplicator.BeginConnection();
        Assert.True(deduplicator.TryAccept(3, StepReady, Bytes("{}")));
        deduplicator.BeginConnection();

        Assert.False(deduplicator.TryAccept(2, StepReady, Bytes("""{"new":true}""")));
        Assert.True(deduplicator.TryAccept(4, StepReady, Bytes("{}")));
        Assert.True(deduplicator.TryAccept(4, "step_started", Bytes("{}")));
        Assert.Equal(4, deduplicator.LastSequenceNumber);
    }
}
