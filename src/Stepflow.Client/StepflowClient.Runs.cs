using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Client.Protocol;

namespace Stepflow.Client;

public partial class StepflowClient
{
    /// <summary>
    /// Starts one run of a stored flow on one input and returns at once (<c>POST /runs</c>). An input that is
    /// itself a list is one input: it is never spread into a batch (use <see cref="CreateBatchRunAsync"/> for that).
    /// </summary>
    /// <param name="flowId">The stored flow's id.</param>
    /// <param name="input">Any JSON-serializable value (camelCase web defaults); a <see cref="JsonNode"/> is sent as is.</param>
    /// <param name="options">Variables, step overrides and concurrency; <see cref="RunOptions.Timeout"/> does not apply (nothing is waited for).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new run, normally still <see cref="RunStatus.Running"/>.</returns>
    /// <exception cref="StepflowNotFoundException">No flow has this id.</exception>
    /// <exception cref="StepflowInvalidFlowException">The flow has fatal problems.</exception>
    /// <exception cref="StepflowRunCreationUncertainException">The request failed after it may have reached the server; it was not repeated.</exception>
    public virtual Task<RunSummary> CreateRunAsync(string flowId, object? input, RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        return CreateRunCoreAsync(flowId, [ToJson(input)], options, null, static created => created.Summary, cancellationToken);
    }

    /// <summary>Starts one run of a stored flow over several inputs, one item per input, and returns at once (<c>POST /runs</c>).</summary>
    /// <param name="flowId">The stored flow's id.</param>
    /// <param name="inputs">The inputs, at least one; each is serialized like <see cref="CreateRunAsync"/>'s input.</param>
    /// <param name="options">Variables, step overrides and how many items run at once.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is empty.</exception>
    /// <exception cref="StepflowRunCreationUncertainException">The request failed after it may have reached the server; it was not repeated.</exception>
    public virtual Task<RunSummary> CreateBatchRunAsync(string flowId, IEnumerable<object?> inputs, RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        return CreateRunCoreAsync(flowId, BatchInputs(inputs), options, null, static created => created.Summary, cancellationToken);
    }

    /// <summary>The inputs of a batch as JSON, refusing an empty batch.</summary>
    private static List<JsonNode?> BatchInputs(IEnumerable<object?> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var items = inputs.Select(ToJson).ToList();
        return items.Count > 0 ? items : throw new ArgumentException("A batch needs at least one input.", nameof(inputs));
    }

    /// <summary>Creates a run; with <paramref name="serverWait"/>, the server holds the answer until the run ends or the wait passes.</summary>
    /// <remarks>Returns <paramref name="project"/>'s part of the answer, so the public methods need no async step of their own.</remarks>
    private async Task<TResult> CreateRunCoreAsync<TResult>(string flowId, List<JsonNode?> inputs, RunOptions? options, TimeSpan? serverWait,
        Func<CreatedRun, TResult> project, CancellationToken cancellationToken)
    {
        options?.Validate();
        var request = new RunRequest(flowId, inputs, await BuildVariablesAsync(flowId, options, cancellationToken).ConfigureAwait(false),
            options?.StepOverrides is { Count: > 0 } overrides ? new Dictionary<string, JsonNode?>(overrides, StringComparer.Ordinal) : null,
            options?.MaxConcurrency, serverWait);

        var sentAt = DateTimeOffset.UtcNow;
        try
        {
            return project(await CallAsync(new Operation("CreateRun", FlowId: flowId), RetrySafety.OnlyIfNeverSent, request,
                static (protocol, request, ct) => protocol.CreateRunAsync(request, ct), serverWait ?? TimeSpan.Zero, cancellationToken).ConfigureAwait(false));
        }
        catch (StepflowClientException ex) when (MayHaveCreatedRun(ex))
        {
            ClientLog.RunCreationUncertain(_logger, "CreateRun", ClientLog.Describe(ex.InnerException ?? ex));
            throw new StepflowRunCreationUncertainException(flowId, inputs.Count, sentAt, ex);
        }
    }

    /// <summary>
    /// True unless the failure proves no run was created: the server refused the request (4xx), or the
    /// request never left this machine.
    /// </summary>
    private static bool MayHaveCreatedRun(StepflowClientException failure) => failure switch
    {
        StepflowTransportException { InnerException: { } cause } when FailureClassifier.NeverSent(cause) => false,
        StepflowTransportException => true,
        StepflowTimeoutException => true,
        StepflowServerException => true,
        { StatusCode: >= 200 and < 300 } => true,
        _ => false,
    };

    /// <summary>
    /// Runs of <paramref name="flowId"/> created at or after <paramref name="since"/> (allowing a few
    /// seconds of clock difference), newest first: the way to find the run a
    /// <see cref="StepflowRunCreationUncertainException"/> may have created.
    /// </summary>
    /// <param name="flowId">The flow (<see cref="StepflowRunCreationUncertainException.FlowId"/>).</param>
    /// <param name="since">The earliest creation time (<see cref="StepflowRunCreationUncertainException.SentAt"/>).</param>
    /// <param name="clockSkew">Allowed difference between this machine's and the server's clocks; default 30 s.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    public virtual async Task<IReadOnlyList<RunSummary>> FindRunsStartedSinceAsync(string flowId, DateTimeOffset since,
        TimeSpan? clockSkew = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        var earliest = since - (clockSkew ?? TimeSpan.FromSeconds(30));
        var found = new List<RunSummary>();
        await foreach (var run in GetAllRunsAsync(new RunQuery { RootsOnly = true }, cancellationToken).ConfigureAwait(false))
        {
            if (run.CreatedAt < earliest)
            {
                break;  // Newest first: everything after this is older still.
            }

            if (run.FlowId == flowId)
            {
                found.Add(run);
            }
        }

        return found;
    }

    private async Task<IReadOnlyDictionary<string, JsonNode?>?> BuildVariablesAsync(string flowId, RunOptions? options, CancellationToken cancellationToken)
    {
        if (options is null || (options.Variables.Count == 0 && !options.VariablesFromEnvironment))
        {
            return null;
        }

        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (options.VariablesFromEnvironment)
        {
            foreach (var (name, value) in await GetVariablesFromEnvironmentAsync(flowId, cancellationToken).ConfigureAwait(false))
            {
                variables[name] = JsonValue.Create(value);
            }
        }

        // Values given explicitly win over the environment.
        foreach (var (name, value) in options.Variables)
        {
            variables[name] = ValueJson.ToNode(value, nameof(options));
        }

        return variables;
    }

    /// <summary>Reads a run's details now (<c>GET /runs/{runId}</c>).</summary>
    /// <exception cref="StepflowNotFoundException">No run has this id.</exception>
    public virtual Task<RunDetails> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        RequireRunId(runId);
        return CallAsync(new Operation("GetRun", runId), RetrySafety.Safe, runId, static (protocol, runId, ct) => protocol.GetRunAsync(runId, null, ct),
            TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// One long poll: reads a run's details once it has finished or <paramref name="maxWait"/> has passed,
    /// whichever comes first, in a single request (<c>GET /runs/{runId}?wait=true</c>). A timeout is not an
    /// error: check <see cref="RunSummary.IsFinished"/>. <see cref="WaitForCompletionAsync"/> repeats this until the run ends.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="maxWait">How long the server may hold the answer (whole seconds; at most what the <see cref="HttpClient"/> allows).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StepflowNotFoundException">No run has this id.</exception>
    public virtual Task<RunDetails> LongPollRunAsync(Guid runId, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        RequireRunId(runId);
        if (maxWait < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWait), maxWait, "The wait cannot be negative.");
        }

        var window = ClampWait(maxWait);
        return CallAsync(new Operation("LongPollRun", runId), RetrySafety.Safe, (runId, window),
            static (protocol, state, ct) => protocol.GetRunAsync(state.runId, state.window, ct), window, cancellationToken);
    }

    /// <summary>Reads the result of every item of a run, by index (<c>GET /runs/{runId}/items</c>).</summary>
    /// <exception cref="StepflowNotFoundException">No run has this id (0.11 servers; 0.12+ servers answer with no items).</exception>
    public virtual Task<IReadOnlyList<ItemResult>> GetRunItemsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        RequireRunId(runId);
        return CallAsync(new Operation("GetRunItems", runId), RetrySafety.Safe, runId, static (protocol, runId, ct) => protocol.GetRunItemsAsync(runId, ct),
            TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// Reads the status of a run's steps (<c>GET /runs/{runId}/steps</c>), for one item or for all; see
    /// <see cref="StepRun"/> for what each server generation reports.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="itemIndex">Only this item; <see langword="null"/> for every item.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public virtual Task<IReadOnlyList<StepRun>> GetRunStepsAsync(Guid runId, int? itemIndex = null, CancellationToken cancellationToken = default)
    {
        RequireRunId(runId);
        RequireNonNegative(itemIndex, nameof(itemIndex));
        return CallAsync(new Operation("GetRunSteps", runId), (protocol, ct) => protocol.GetRunStepsAsync(runId, itemIndex, ct), cancellationToken);
    }

    /// <summary>
    /// Reads one step of one item, with its result once it has one (<c>GET /runs/{runId}/steps/{stepId}</c>).
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="stepId">The step's id in the flow.</param>
    /// <param name="itemIndex">The item (default 0).</param>
    /// <param name="asOf">A journal sequence number (an event's <see cref="RunEvent.SequenceNumber"/>) the answer must reflect; until it does the server refuses.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StepflowNotFoundException">No such run or step, or the step has not started yet.</exception>
    /// <exception cref="StepflowConflictException">The server has not caught up with <paramref name="asOf"/> yet; try again shortly.</exception>
    /// <exception cref="StepflowEndpointUnavailableException">The server has no step detail (the 0.11.0 and 0.11.1 releases).</exception>
    public virtual Task<StepRun> GetStepDetailAsync(Guid runId, string stepId, int? itemIndex = null, long? asOf = null,
        CancellationToken cancellationToken = default)
    {
        RequireRunId(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(stepId);
        RequireNonNegative(itemIndex, nameof(itemIndex));
        RequireNonNegative(asOf, nameof(asOf));
        return CallAsync(new Operation("GetStepDetail", runId), (protocol, ct) => protocol.GetStepDetailAsync(runId, stepId, itemIndex, asOf, ct),
            cancellationToken);
    }

    /// <summary>Reads the flow a run executes (<c>GET /runs/{runId}/flow</c>).</summary>
    /// <exception cref="StepflowNotFoundException">No run has this id.</exception>
    public virtual Task<FlowDefinition> GetRunFlowAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        RequireRunId(runId);
        return CallAsync(new Operation("GetRunFlow", runId), (protocol, ct) => protocol.GetRunFlowAsync(runId, ct), cancellationToken);
    }

    /// <summary>Marks a running or paused run cancelled (<c>POST /runs/{runId}/cancel</c>).</summary>
    /// <remarks>
    /// Safe to retry: when a repeated attempt finds the run already cancelled (the first attempt reached
    /// the server although its answer was lost), that counts as success.
    /// </remarks>
    /// <exception cref="StepflowConflictException">The run had already finished (0.11 servers; 0.12+ servers mark it cancelled anyway).</exception>
    public virtual async Task<RunSummary> CancelRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        RequireRunId(runId);
        var attempts = 0;
        try
        {
            return await CallAsync(new Operation("CancelRun", runId), (protocol, ct) =>
            {
                Interlocked.Increment(ref attempts);
                return protocol.CancelRunAsync(runId, ct);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (StepflowConflictException) when (Volatile.Read(ref attempts) > 1)
        {
            var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            return run.Status == RunStatus.Cancelled ? run : throw new StepflowConflictException(
                $"CancelRun: run {runId} had already finished with status {run.Status}.", null);
        }
    }

    /// <summary>Deletes a finished run (<c>DELETE /runs/{runId}</c>). Servers so far accept this but keep the run.</summary>
    /// <exception cref="StepflowConflictException">The run is still running or paused.</exception>
    public virtual Task DeleteRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        RequireRunId(runId);
        return CallAsync(new Operation("DeleteRun", runId), (protocol, ct) => protocol.DeleteRunAsync(runId, ct), cancellationToken);
    }

    /// <summary>
    /// Reads one page of runs, newest first (<c>GET /runs</c>). Limit and offset are always sent together,
    /// because some server stores ignore an offset without a limit.
    /// </summary>
    /// <exception cref="ArgumentException">The query's status is empty, or a number is negative.</exception>
    public virtual Task<IReadOnlyList<RunSummary>> ListRunsAsync(RunQuery? query = null, CancellationToken cancellationToken = default)
    {
        query = (query ?? new RunQuery()).Validated();
        long? limit = query.Limit ?? (query.Offset is null ? null : int.MaxValue);
        long? offset = limit is null ? null : query.Offset ?? 0;
        return CallAsync("ListRuns", (protocol, ct) => protocol.ListRunsAsync(query, limit, offset, ct), cancellationToken);
    }

    /// <summary>
    /// Every run matching <paramref name="query"/>, newest first, fetched page by page as the caller
    /// enumerates (no request until then). Paging stops at the first short page. Runs created while paging
    /// shift later pages; a run seen twice because of that is returned once.
    /// </summary>
    public virtual async IAsyncEnumerable<RunSummary> GetAllRunsAsync(RunQuery? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pageSize = query?.Limit ?? _options.RunsPageSize;
        // A page size of 0 would never produce a short page: refuse it rather than page forever.
        RequirePositive(pageSize, nameof(RunQuery.Limit));

        var offset = query?.Offset ?? 0;
        var seen = new HashSet<Guid>();
        while (true)
        {
            var page = await ListRunsAsync(new RunQuery
            {
                Status = query?.Status,
                FlowName = query?.FlowName,
                RootRunId = query?.RootRunId,
                ParentRunId = query?.ParentRunId,
                RootsOnly = query?.RootsOnly ?? false,
                MaxDepth = query?.MaxDepth,
                Limit = pageSize,
                Offset = offset,
            }, cancellationToken).ConfigureAwait(false);

            foreach (var run in page)
            {
                if (seen.Add(run.RunId))
                {
                    yield return run;
                }
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            offset += page.Count;
        }
    }

    private static JsonNode? ToJson(object? value) => ValueJson.ToNode(value, "input");

    private static void RequireRunId(Guid runId)
    {
        if (runId == Guid.Empty)
        {
            throw new ArgumentException("The run id is empty (Guid.Empty).", nameof(runId));
        }
    }

    private static void RequirePositive(long value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be at least 1.");
        }
    }

    private static void RequireNonNegative(long? value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must not be negative.");
        }
    }

    /// <summary>A server-side wait no longer than what the HTTP client lets a request last.</summary>
    private TimeSpan ClampWait(TimeSpan wait)
    {
        var limit = _http.Timeout == Timeout.InfiniteTimeSpan ? wait : _http.Timeout - TimeSpan.FromSeconds(5);
        var clamped = wait < limit ? wait : limit;
        return clamped < TimeSpan.Zero ? TimeSpan.Zero : clamped;
    }
}
