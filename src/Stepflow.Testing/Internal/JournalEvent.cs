using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>What happened, as the journal records it; each wire dialect names and shapes it in its own way.</summary>
internal enum JournalEventType
{
    RunCreated,
    StepsNeeded,
    StepReady,
    StepStarted,
    StepCompleted,
    ItemCompleted,
    RunCompleted,
}

/// <summary>
/// One status event of a run's journal, in no generation's wire form: the events endpoint of each dialect renders
/// it (docs/server-api.md §10.2). Only the members that belong to <see cref="Type"/> are set.
/// </summary>
/// <param name="Type">What happened.</param>
internal sealed record JournalEvent(JournalEventType Type)
{
    /// <summary>Journal sequence number; events of one batch share it, as on the server (docs/server-api.md §10.3).</summary>
    public long Sequence { get; init; }

    /// <summary>When it was journaled.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The run the event belongs to.</summary>
    public Guid RunId { get; init; }

    /// <summary><see cref="JournalEventType.RunCreated"/>: the flow.</summary>
    public string? FlowId { get; init; }

    /// <summary><see cref="JournalEventType.RunCreated"/>: how many items the run has.</summary>
    public int ItemCount { get; init; }

    /// <summary>Item events and step events: the item.</summary>
    public int ItemIndex { get; init; }

    /// <summary>Step events: the step's position in the flow.</summary>
    public int StepIndex { get; init; }

    /// <summary>Step events: the step's id.</summary>
    public string? StepId { get; init; }

    /// <summary><see cref="JournalEventType.StepsNeeded"/>: the steps the item's output needs.</summary>
    public IReadOnlyList<string> StepIds { get; init; } = [];

    /// <summary><see cref="JournalEventType.StepStarted"/>: the attempt, from 1.</summary>
    public int Attempt { get; init; }

    /// <summary><see cref="JournalEventType.StepCompleted"/>: completed or failed.</summary>
    public StepStatus StepStatus { get; init; }

    /// <summary><see cref="JournalEventType.RunCompleted"/>: the run's final status.</summary>
    public RunStatus RunStatus { get; init; }

    /// <summary>Step and item completions: the outcome, sent only when the client asks with <c>includeResults=true</c>.</summary>
    public ItemOutcome? Result { get; init; }
}
