namespace Stepflow.Client;

/// <summary>
/// Something that happened in a run, as <c>StreamEventsAsync</c> delivers it. Match on the subclass
/// (<see cref="StepCompletedEvent"/>, <see cref="RunCompletedEvent"/>, …); an event type this SDK does not
/// know arrives as <see cref="UnknownRunEvent"/>.
/// </summary>
public abstract class RunEvent
{
    private long _sequenceNumber;
    private DateTimeOffset _timestamp;
    private Guid _runId;

    /// <summary>For subclasses.</summary>
    protected RunEvent()
    {
    }

    /// <summary>
    /// The event's position in the run tree's journal. Non-decreasing, but shared by the events of one journal
    /// entry (for example the <c>step_started</c> events of steps started together).
    /// </summary>
    public long SequenceNumber { get => _sequenceNumber; init => _sequenceNumber = value; }

    /// <summary>When the event was journaled (server clock).</summary>
    public DateTimeOffset Timestamp { get => _timestamp; init => _timestamp = value; }

    /// <summary>The run the event belongs to (a sub-run's id for sub-run events).</summary>
    public Guid RunId { get => _runId; init => _runId = value; }

    /// <summary>The event's type name (see <see cref="RunEventTypes"/>), for example <c>step_completed</c>.</summary>
    public abstract string EventType { get; }

    /// <summary>The event's identity among the events that share its sequence number (for resuming streams without duplicates).</summary>
    internal virtual EventKey Key => new(EventType, RunId);

    /// <summary>Sets the fields every event has, for the protocols that build events from their wire form.</summary>
    internal void SetCommon(long sequenceNumber, DateTimeOffset timestamp, Guid runId)
    {
        _sequenceNumber = sequenceNumber;
        _timestamp = timestamp;
        _runId = runId;
    }

    /// <inheritdoc />
    public override string ToString() => $"#{SequenceNumber} {EventType} (run {RunId})";
}
