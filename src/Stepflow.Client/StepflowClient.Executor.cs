using System.Diagnostics;
using Stepflow.Api;

namespace Stepflow.Client;

public partial class StepflowClient
{
    /// <inheritdoc />
    /// <remarks>
    /// Stores the flow when needed, then starts the run asking the server to hold the answer until it
    /// finishes (one request for runs shorter than <see cref="StepflowClientOptions.LongPollWindow"/>),
    /// long-polling after that.
    /// </remarks>
    public virtual async Task<RunResult> RunAsync(FlowSource flow, object? input, RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var limit = options?.Timeout ?? _options.DefaultWaitTimeout;
        var clock = Stopwatch.StartNew();
        var flowId = await ResolveFlowIdAsync(flow, cancellationToken).ConfigureAwait(false);

        var firstWindow = limit == Timeout.InfiniteTimeSpan || limit > _options.LongPollWindow ? _options.LongPollWindow : limit;
        var created = await CreateRunAsync(flowId, input, WithServerWait(options, firstWindow), cancellationToken).ConfigureAwait(false);
        if (created.Status.IsTerminal() && created.Results is { } results)
        {
            return new RunResult(created.RunId, created.Status, [.. results]);
        }

        var remaining = limit == Timeout.InfiniteTimeSpan ? limit : limit - clock.Elapsed;
        if (remaining != Timeout.InfiniteTimeSpan && remaining <= TimeSpan.Zero)
        {
            throw new StepflowRunTimeoutException(created.RunId, created.Status, clock.Elapsed);
        }

        var finished = await WaitForCompletionAsync(created.RunId, remaining, cancellationToken).ConfigureAwait(false);
        return await ResultOfAsync(finished.RunId, finished.Status, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async Task<Guid> SubmitAsync(FlowSource flow, object? input, RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var flowId = await ResolveFlowIdAsync(flow, cancellationToken).ConfigureAwait(false);
        var noWait = WithServerWait(options, null);
        var created = await CreateRunAsync(flowId, input, noWait, cancellationToken).ConfigureAwait(false);
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
        var response = await StoreFlowAsync(flow, dryRun: true, cancellationToken).ConfigureAwait(false);
        return new ValidationResult(response.FlowId, response.Diagnostics ?? new Diagnostics());
    }

    /// <inheritdoc />
    public virtual async Task<IReadOnlyList<ComponentInfo>> ListComponentsAsync(CancellationToken cancellationToken = default)
    {
        var response = await ListComponentsAsync(includeSchemas: true, cancellationToken).ConfigureAwait(false);
        return response.Components?.ToList() ?? [];
    }

    private async Task<RunResult> ResultOfAsync(Guid runId, ExecutionStatus status, CancellationToken cancellationToken)
    {
        var items = await GetRunItemsAsync(runId, cancellationToken).ConfigureAwait(false);
        return new RunResult(runId, status, items.Items?.ToList() ?? []);
    }

    /// <summary>A copy of the caller's options with the server-side wait set as this helper needs it.</summary>
    private static RunOptions WithServerWait(RunOptions? options, TimeSpan? serverWait)
    {
        var copy = new RunOptions
        {
            VariablesFromEnvironment = options?.VariablesFromEnvironment ?? false,
            Overrides = options?.Overrides,
            MaxConcurrency = options?.MaxConcurrency,
            WaitForCompletion = serverWait is not null,
            Timeout = serverWait,
        };
        foreach (var (name, value) in options?.Variables ?? new Dictionary<string, object?>())
        {
            copy.Variables[name] = value;
        }

        return copy;
    }
}
