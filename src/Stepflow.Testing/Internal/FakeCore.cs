using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>
/// The behaviour every emulated generation shares: storing flows and blobs, creating, waiting for, cancelling and
/// listing runs, and following a run's journal. A wire dialect (<see cref="IWireDialect"/>) parses each request
/// into calls on this class and renders what comes back; it holds no state of its own. Read the state it returns
/// under <see cref="Gate"/>.
/// </summary>
internal sealed class FakeCore(FakeStore store, FakeSettings settings, Func<FlowInfo, ItemPlan> planFor, ExecutorProfile executor)
{
    private readonly RunSimulator _simulator = new(store, planFor, executor);

    public FakeStore Store { get; } = store;

    public FakeSettings Settings { get; } = settings;

    /// <summary>The lock that guards every run, item and step; take it while reading state to render it.</summary>
    public object Gate => Store.Gate;

    /// <summary>Cancelled when the server is disposed.</summary>
    public CancellationToken Disposal => Store.Disposal;

    /// <summary>
    /// Validates and (unless a dry run or fatal) stores a flow as sent, under the SHA-256 of its compact JSON. The
    /// test's validator gives the diagnostics; a fatal one leaves the flow unstored (docs/server-api.md §7.2).
    /// </summary>
    public StoredFlow StoreFlow(JsonObject flow, bool dryRun)
    {
        var document = (JsonObject)flow.DeepClone();
        var bytes = ContentIds.CompactJsonBytes(document);
        var flowId = ContentIds.Sha256Hex(bytes);
        var diagnostics = Analyze(document);
        var stored = !dryRun && !diagnostics.Any(d => d.Level == DiagnosticLevel.Fatal);
        if (stored)
        {
            Store.PutBlob(BlobType.Flow, bytes, null, document, analyzed: true);
        }

        return new StoredFlow(flowId, diagnostics, stored);
    }

    /// <summary>The flow stored under <paramref name="flowId"/>, whether it came from <c>POST /flows</c> or is a <c>flow</c> blob.</summary>
    public FlowLookup FindFlow(string flowId)
    {
        if (Store.FindBlob(flowId) is not { } blob)
        {
            return new FlowLookup(FlowLookupStatus.Missing, null, null);
        }

        if (blob.Type != BlobType.Flow)
        {
            return new FlowLookup(FlowLookupStatus.NotAFlow, null, blob);
        }

        return blob.Flow is { } document && FlowShape.Problem(document) is null
            ? new FlowLookup(FlowLookupStatus.Found, new FlowInfo(flowId, document), blob)
            : new FlowLookup(FlowLookupStatus.Unreadable, null, blob);
    }

    public BlobEntry StoreBlob(BlobType type, byte[] bytes, string? filename, JsonNode? json) => Store.PutBlob(type, bytes, filename, json);

    public BlobEntry? FindBlob(string blobId) => Store.FindBlob(blobId);

    public RunState? FindRun(Guid runId) => Store.FindRun(runId);

    /// <summary>
    /// Creates a run of <paramref name="flow"/> and starts it, unless applying the overrides or analysing the flow
    /// fails: then the run is left behind as failed, as on the server (docs/server-api.md §3.5), and the refusal says why.
    /// <paramref name="atStart"/> sees the run under the lock just before it starts (to render it as just created).
    /// </summary>
    public RunCreation CreateRun(FlowInfo flow, FlowLookup lookup, IReadOnlyList<JsonNode?> inputs, JsonObject? overrides,
        JsonObject? variables, long? maxConcurrency, Action<RunState>? atStart = null)
    {
        var now = DateTimeOffset.UtcNow;
        var run = Store.AddRun(order => new RunState(RunIds.NewV7(now), order, flow, [.. inputs.Select(i => i?.DeepClone())], now,
            overrides?.DeepClone(), variables?.DeepClone() as JsonObject, maxConcurrency, Store.Disposal));

        // The server records the run, then applies the overrides, then analyses the flow.
        var refusal = OverrideRefusal(flow, overrides);
        if (refusal is null && lookup.Blob is { Analyzed: false } && Analyze(flow.Document).Any(d => d.Level == DiagnosticLevel.Fatal))
        {
            refusal = new RunRefusal(RunRefusalKind.AnalysisFailed, null);
        }

        lock (Gate)
        {
            if (refusal is not null)
            {
                run.Status = RunStatus.Failed;
                run.CompletedAt = now;
                run.ExecutionFinished = true;
                return new RunCreation(run, refusal);
            }

            RunSimulator.Created(run, now);
            atStart?.Invoke(run);
        }

        _simulator.Start(run);
        Store.Changed();
        return new RunCreation(run, null);
    }

    /// <summary>Waits until the run's stored status is terminal or <paramref name="timeout"/> passes (a long poll).</summary>
    public Task WaitForTerminalAsync(RunState run, TimeSpan timeout) => Store.WaitUntilAsync(() => run.IsTerminal, timeout);

    /// <summary>
    /// Cancels a run: stores <c>cancelled</c> and a new <c>completedAt</c>, and renders the answer under the lock.
    /// With <paramref name="refuseFinished"/> a terminal run is left alone and <paramref name="answer"/> gets false.
    /// With <paramref name="stopExecution"/> the simulated items stop (the 0.11 fake's simplification); otherwise
    /// they go on and the run's completion later overwrites the status, as on 0.12/0.13 (docs/server-api.md §8.8).
    /// </summary>
    public T Cancel<T>(RunState run, bool refuseFinished, bool stopExecution, Func<bool, T> answer)
    {
        T reply;
        lock (Gate)
        {
            if (refuseFinished && run.IsTerminal)
            {
                return answer(false);
            }

            run.Status = RunStatus.Cancelled;
            run.CompletedAt = DateTimeOffset.UtcNow;
            run.StopRequested |= stopExecution;
            reply = answer(true);
        }

        if (stopExecution)
        {
            run.Execution.Cancel();
        }

        Store.Changed();
        return reply;
    }

    /// <summary>Runs matching <paramref name="filter"/>, newest first, then paged (docs/server-api.md §8.10). Call under the lock to render them.</summary>
    public IReadOnlyList<RunState> ListRuns(RunFilter filter)
    {
        lock (Gate)
        {
            // The fake has no sub-runs: every run is a root, so a parentRunId filter matches nothing.
            return [.. Store.Runs
                .Where(r => filter.Status is null || r.Status == filter.Status)
                .Where(r => filter.FlowName is null || r.Flow.Name == filter.FlowName)
                .Where(r => filter.RootRunId is null || r.Id == filter.RootRunId)
                .Where(r => filter.ParentRunId is null)
                .OrderByDescending(r => r.CreatedAt)
                .ThenByDescending(r => r.Order)
                .Skip((int)Math.Min(filter.Offset, int.MaxValue))
                .Take((int)Math.Min(filter.Limit ?? int.MaxValue, int.MaxValue))];
        }
    }

    /// <summary>
    /// The run's journal from <paramref name="since"/> (inclusive): what is there, then each event as it is journaled,
    /// ending right after the run's own completion event (docs/server-api.md §10.5); a run that never completes
    /// keeps it open. With <paramref name="idleTick"/>, a <see langword="null"/> comes after that long without an
    /// event (the keep-alive of 0.12/0.13; the timer restarts after every event).
    /// </summary>
    public async IAsyncEnumerable<JournalEvent?> FollowAsync(RunState run, ulong since, TimeSpan? idleTick,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = (long)Math.Min(since, long.MaxValue);
        var position = 0;
        var lastEvent = DateTimeOffset.UtcNow;
        while (true)
        {
            List<JournalEvent> fresh;
            Task next;
            lock (Gate)
            {
                // Read and take the change signal together, so an event journaled right after cannot be missed.
                fresh = [.. run.Journal.Skip(position)];
                position = run.Journal.Count;
                next = Store.NextChange;
            }

            foreach (var journalEvent in fresh.Where(e => e.Sequence >= first))
            {
                yield return journalEvent;
                lastEvent = DateTimeOffset.UtcNow;
                if (journalEvent.Type == JournalEventType.RunCompleted && journalEvent.RunId == run.Id)
                {
                    yield break;
                }
            }

            var wait = idleTick is { } tick ? tick - (DateTimeOffset.UtcNow - lastEvent) : Timeout.InfiniteTimeSpan;
            switch (await WaitForChangeAsync(next, wait, cancellationToken).ConfigureAwait(false))
            {
                case Wake.Stopped:
                    yield break;
                case Wake.Idle:
                    yield return null;
                    lastEvent = DateTimeOffset.UtcNow;
                    break;
            }
        }
    }

    /// <summary>The server-side wait of a long poll, in whole seconds (default 300), capped so it fits a timer.</summary>
    public static TimeSpan WaitOf(ulong? seconds) =>
        TimeSpan.FromSeconds(Math.Min(seconds ?? 300, (ulong)TimeSpan.FromDays(30).TotalSeconds));

    private enum Wake
    {
        Changed,
        Idle,
        Stopped,
    }

    private static async Task<Wake> WaitForChangeAsync(Task next, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout != Timeout.InfiniteTimeSpan && timeout <= TimeSpan.Zero)
        {
            return Wake.Idle;
        }

        try
        {
            await next.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return Wake.Changed;
        }
        catch (TimeoutException)
        {
            return Wake.Idle;
        }
        catch (OperationCanceledException)
        {
            return Wake.Stopped;
        }
    }

    private IReadOnlyList<Diagnostic> Analyze(JsonObject document) =>
        Settings.FlowValidator is { } validate ? [.. validate((JsonObject)document.DeepClone()) ?? []] : [];

    /// <summary>Overrides naming a step the flow lacks, or using the unsupported <c>json_patch</c>, fail the run.</summary>
    private static RunRefusal? OverrideRefusal(FlowInfo flow, JsonObject? overrides)
    {
        foreach (var (stepId, stepOverride) in overrides?["steps"] as JsonObject ?? [])
        {
            if (flow.IndexOfStep(stepId) < 0)
            {
                return new RunRefusal(RunRefusalKind.UnknownOverrideStep, stepId);
            }

            if (FlowInfo.StringOf(stepOverride?["$type"]) == "json_patch")
            {
                return new RunRefusal(RunRefusalKind.UnsupportedOverride, stepId);
            }
        }

        return null;
    }
}

/// <summary>What storing a flow gave: its id, the validator's diagnostics and whether it was stored.</summary>
internal sealed record StoredFlow(string FlowId, IReadOnlyList<Diagnostic> Diagnostics, bool Stored);

internal enum FlowLookupStatus
{
    /// <summary>A flow: stored through <c>POST /flows</c>, or a <c>flow</c> blob whose data reads as a flow.</summary>
    Found,

    /// <summary>No blob has that id.</summary>
    Missing,

    /// <summary>A data or binary blob.</summary>
    NotAFlow,

    /// <summary>A <c>flow</c> blob whose data is not a flow (not an object, or steps of the wrong shape).</summary>
    Unreadable,
}

/// <summary>A flow id looked up: the flow when found, and the blob behind it when there is one.</summary>
internal sealed record FlowLookup(FlowLookupStatus Status, FlowInfo? Flow, BlobEntry? Blob);

internal enum RunRefusalKind
{
    UnknownOverrideStep,
    UnsupportedOverride,
    AnalysisFailed,
}

/// <summary>Why a run was created failed instead of started; <paramref name="StepId"/> names the override's step.</summary>
internal sealed record RunRefusal(RunRefusalKind Kind, string? StepId);

/// <summary>A created run, and the refusal when it was left failed instead of started.</summary>
internal sealed record RunCreation(RunState Run, RunRefusal? Refusal);

/// <summary>The filters of <c>GET /runs</c>, already parsed by the dialect.</summary>
internal sealed record RunFilter(RunStatus? Status, string? FlowName, Guid? RootRunId, Guid? ParentRunId, ulong? Limit, ulong Offset);
