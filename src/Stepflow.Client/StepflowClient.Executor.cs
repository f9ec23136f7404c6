using System.Diagnostics;

namespace Stepflow.Client;

public partial class StepflowClient
{
    /// <inheritdoc />
    /// <remarks>
    /// Stores the flow when needed, then starts the run asking the server to hold the answer until it
    /// finishes (one request for runs shorter than <see cref="StepflowClientOptions.LongPollWindow"/>),
    /// long-polling after that.
    /// </remarks>
    public virtual Task<RunResult> RunAsync(FlowSource flow, object? input, RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return RunCoreAsync(flow, [ToJson(input)], options, cancellationToken);
    }

    /// <summary>
    /// Runs a flow over several inputs, one item per input, and waits for every item to finish, as
    /// <see cref="RunAsync"/> does for one input.
    /// </summary>
    /// <param name="flow">The flow: a file, text, JSON object, or stored flow id.</param>
    /// <param name="inputs">The inputs, at least one.</param>
    /// <param name="options">Variables, step overrides, how many items run at once, and how long to wait in all.</param>
    /// <param name="cancellationToken">Stops waiting (the run itself goes on on the server).</param>
    /// <returns>The finished run with one result per input, by index.</returns>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is empty.</exception>
    /// <exception cref="StepflowRunTimeoutException">The run did not finish in time.</exception>
    public virtual Task<RunResult> RunBatchAsync(FlowSource flow, IEnumerable<object?> inputs, RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return RunCoreAsync(flow, BatchInputs(inputs), options, cancellationToken);
    }

    private async Task<RunResult> RunCoreAsync(FlowSource flow, List<System.Text.Json.Nodes.JsonNode?> inputs, RunOptions? options,
        CancellationToken cancellationToken)
    {
        options?.Validate();
        var limit = options?.Timeout ?? _options.DefaultWaitTimeout;
        var clock = Stopwatch.StartNew();
        var flowId = await ResolveFlowIdAsync(flow, cancellationToken).ConfigureAwait(false);

        var firstWindow = limit == Timeout.InfiniteTimeSpan || limit > _options.LongPollWindow ? _options.LongPollWindow : limit;
        var created = await CreateRunCoreAsync(flowId, inputs, options, ClampWait(firstWindow), static created => created, cancellationToken).ConfigureAwait(false);
        var run = created.Summary;
        if (run.IsFinished && created.Results is { } results)
        {
            return new RunResult(run.RunId, run.Status, results);
        }

        var remaining = limit == Timeout.InfiniteTimeSpan ? limit : limit - clock.Elapsed;
        if (remaining != Timeout.InfiniteTimeSpan && remaining <= TimeSpan.Zero)
        {
            throw new StepflowRunTimeoutException(run.RunId, run.Status, clock.Elapsed);
        }

        var finished = await WaitForCompletionAsync(run.RunId, remaining, cancellationToken).ConfigureAwait(false);
        return await ResultOfAsync(finished.RunId, finished.Status, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async Task<Guid> SubmitAsync(FlowSource flow, object? input, RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var flowId = await ResolveFlowIdAsync(flow, cancellationToken).ConfigureAwait(false);
        var created = await CreateRunAsync(flowId, input, options, cancellationToken).ConfigureAwait(false);
        return created.RunId;
    }

    /// <inheritdoc />
    public virtual async Task<RunResult> GetResultAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        return await ResultOfAsync(runId, run.Status, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async Task<ValidationResult> ValidateAsync(FlowSource flow, CancellationToken cancellationToken = default)
    {
        var analysis = await StoreFlowCoreAsync(flow, dryRun: true, cancellationToken).ConfigureAwait(false);
        return new ValidationResult(analysis.FlowId, analysis.Diagnostics);
    }

    /// <inheritdoc />
    public virtual Task<ComponentList> ListComponentsAsync(CancellationToken cancellationToken = default) =>
        ListComponentsAsync(null, cancellationToken);

    private async Task<RunResult> ResultOfAsync(Guid runId, RunStatus status, CancellationToken cancellationToken)
    {
        var items = await GetRunItemsAsync(runId, cancellationToken).ConfigureAwait(false);
        return new RunResult(runId, status, items);
    }
}
