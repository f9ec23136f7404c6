using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>
/// One run: its items, its journal and its status, in no generation's wire form (each dialect renders it). Every
/// member is read and changed only under the store's lock, so a reader always sees a consistent run.
/// </summary>
internal sealed class RunState
{
    public const string OrchestratorId = "stepflow-test-server";

    private readonly List<JournalEvent> _journal = [];
    private long _nextSequence;

    public RunState(Guid id, long order, FlowInfo flow, IReadOnlyList<JsonNode?> inputs, DateTimeOffset createdAt,
        JsonNode? overrides, JsonObject? variables, long? maxConcurrency, CancellationToken disposal)
    {
        Id = id;
        Order = order;
        Flow = flow;
        CreatedAt = createdAt;
        Overrides = overrides;
        Variables = variables;
        MaxConcurrency = maxConcurrency;
        Items = [.. inputs.Select((input, i) => new ItemState(i, input, flow.StepIds.Count))];
        Execution = CancellationTokenSource.CreateLinkedTokenSource(disposal);
    }

    public Guid Id { get; }

    /// <summary>Creation order, to sort runs created within the same clock tick.</summary>
    public long Order { get; }

    public FlowInfo Flow { get; }

    public DateTimeOffset CreatedAt { get; }

    public JsonNode? Overrides { get; }

    public JsonObject? Variables { get; }

    public long? MaxConcurrency { get; }

    public IReadOnlyList<ItemState> Items { get; }

    /// <summary>The stored status. A cancel changes it without ending the execution (docs/server-api.md §8.8).</summary>
    public RunStatus Status { get; set; } = RunStatus.Running;

    public DateTimeOffset? CompletedAt { get; set; }

    public long? FinishedAtSequence { get; set; }

    /// <summary>Stops the simulated execution (a cancel that stops it, or the server being disposed).</summary>
    public CancellationTokenSource Execution { get; }

    /// <summary>Set (under the lock) when the execution is to stop; items check it before they record anything.</summary>
    public bool StopRequested { get; set; }

    /// <summary>Set when the execution recorded the run's completion (or its failure before it started).</summary>
    public bool ExecutionFinished { get; set; }

    /// <summary>True while the simulated execution still records results: neither stopped nor finished.</summary>
    public bool IsExecuting => !StopRequested && !ExecutionFinished;

    /// <summary>True when the stored status is terminal; long polls return then.</summary>
    public bool IsTerminal => Status.IsTerminal;

    public IReadOnlyList<JournalEvent> Journal => _journal;

    /// <summary>
    /// Appends events that share one journal sequence number (a batch) and returns it. The events' sequence,
    /// timestamp and run id are filled in here.
    /// </summary>
    public long Append(DateTimeOffset now, params JournalEvent[] events)
    {
        var sequence = _nextSequence++;
        foreach (var journalEvent in events)
        {
            _journal.Add(journalEvent with { Sequence = sequence, Timestamp = now, RunId = Id });
        }

        return sequence;
    }

    /// <summary>How many items are in each state, as every generation's summary counts them.</summary>
    public ItemCounts Counts() => new(
        Items.Count,
        Items.Count(i => i.Status == RunStatus.Completed),
        Items.Count(i => i.Status == RunStatus.Running),
        Items.Count(i => i.Status == RunStatus.Failed),
        Items.Count(i => i.Status == RunStatus.Cancelled));

    /// <summary>Items in completion order (finished ones by <c>completedAt</c>, then unfinished ones by index).</summary>
    public IEnumerable<ItemState> ItemsByCompletion() =>
        Items.OrderBy(i => i.CompletedAt is null).ThenBy(i => i.CompletedAt).ThenBy(i => i.Index);
}

/// <summary>The item statistics of a run summary.</summary>
internal readonly record struct ItemCounts(int Total, int Completed, int Running, int Failed, int Cancelled);
