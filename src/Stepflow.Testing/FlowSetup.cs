using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing;

/// <summary>
/// How runs of one flow behave on a <see cref="StepflowTestServer"/>: what each item produces and how long it
/// takes. Get one with <see cref="StepflowTestServer.WhenFlow"/>; every method returns the same setup, so calls chain,
/// and a later call replaces what an earlier one set. Thread-safe; changes apply to items that start afterwards.
/// </summary>
public sealed class FlowSetup
{
    private readonly object _gate = new();
    private Func<JsonNode?, ItemOutcome?>? _respond;
    private TimeSpan? _delay;

    internal FlowSetup(string flowNameOrId) => FlowNameOrId = flowNameOrId;

    /// <summary>The flow id or flow name (the document's <c>name</c>) this setup applies to.</summary>
    public string FlowNameOrId { get; }

    /// <summary>Every item succeeds with <paramref name="output"/> (a <see cref="JsonNode"/>, or any value serialized with camelCase web defaults).</summary>
    public FlowSetup Returns(object? output)
    {
        var outcome = ItemOutcome.Success(output);
        return Responds(_ => outcome.Clone());
    }

    /// <summary>Every item succeeds with what <paramref name="produce"/> makes of its input (a copy; changing it changes nothing).</summary>
    public FlowSetup Returns(Func<JsonNode?, object?> produce)
    {
        ArgumentNullException.ThrowIfNull(produce);
        return Responds(input => ItemOutcome.Success(produce(input)));
    }

    /// <summary>Every item fails with <paramref name="code"/> and <paramref name="message"/>, so the run fails.</summary>
    public FlowSetup Fails(TaskErrorCode code, string message)
    {
        var outcome = ItemOutcome.Failure(code, message);
        return Responds(_ => outcome.Clone());
    }

    /// <summary>Every item fails with <c>COMPONENT_FAILED</c> and <paramref name="message"/>.</summary>
    public FlowSetup Fails(string message) => Fails(TaskErrorCode.ComponentFailed, message);

    /// <summary>
    /// Each item gets what <paramref name="respond"/> returns for its input: <see cref="ItemOutcome.Success"/>,
    /// <see cref="ItemOutcome.Failure(TaskErrorCode, string, JsonNode?)"/>, or <see langword="null"/> for an item that never finishes (the run stays
    /// running until cancelled). Use it for batches where some inputs fail.
    /// </summary>
    public FlowSetup Responds(Func<JsonNode?, ItemOutcome?> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        lock (_gate)
        {
            _respond = respond;
        }

        return this;
    }

    /// <summary>Items never finish: runs stay <c>running</c> until cancelled. For timeouts and cancellation.</summary>
    public FlowSetup NeverCompletes() => Responds(_ => null);

    /// <summary>Each item takes <paramref name="delay"/> instead of <see cref="StepflowTestServer.ItemDelay"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public FlowSetup WithDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_gate)
        {
            _delay = delay;
        }

        return this;
    }

    internal (Func<JsonNode?, ItemOutcome?>? Respond, TimeSpan? Delay) Snapshot()
    {
        lock (_gate)
        {
            return (_respond, _delay);
        }
    }
}
