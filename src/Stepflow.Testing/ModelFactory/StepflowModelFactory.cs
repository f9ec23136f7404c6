using Stepflow.Client;

namespace Stepflow.Testing;

/// <summary>
/// Builds the models <see cref="StepflowClient"/> returns, for tests that mock <see cref="IStepflowExecutor"/> or
/// <see cref="StepflowClient"/> (its methods are virtual). Every parameter is optional; what is left out gets a
/// value consistent with what was given (a failed outcome makes a failed item, a completed run gets counts that add
/// up), so a test states only what it cares about.
/// </summary>
/// <example>
/// <code>
/// var executor = Substitute.For&lt;IStepflowExecutor&gt;();
/// executor.RunAsync(default!, default).ReturnsForAnyArgs(StepflowModelFactory.RunResult(output: new { greeting = "hi" }));
/// </code>
/// </example>
public static partial class StepflowModelFactory
{
    /// <summary>The flow id used when none is given: a well-formed 64-character hex id.</summary>
    public const string DefaultFlowId = "1a40c5d8e8fc8b2196874f4b9b658deacf90dfcd782fb732f322f59d82226fba";

    /// <summary>The flow name used when none is given.</summary>
    public const string DefaultFlowName = "flow";

    /// <summary>The blob id used when none is given and there is no content to derive it from.</summary>
    public const string DefaultBlobId = "74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b";

    /// <summary>The step id used when none is given.</summary>
    public const string DefaultStepId = "step1";

    /// <summary>The server version <see cref="ServerHealth"/> reports by default.</summary>
    public const string DefaultServerVersion = "0.11.1";

    /// <summary>Counts for a run of <paramref name="total"/> items whose status is <paramref name="status"/>.</summary>
    private static RunItemCounts CountsFor(RunStatus status, int total = 1) =>
        status == RunStatus.Completed ? RunItemCounts(total, completed: total)
        : status == RunStatus.Failed ? RunItemCounts(total, failed: total)
        : RunItemCounts(total, running: total, completed: 0);

    /// <summary>When a run or item finished, for the statuses that have an end.</summary>
    private static DateTimeOffset? EndFor(RunStatus status, DateTimeOffset createdAt, DateTimeOffset? completedAt) =>
        completedAt ?? (status.IsTerminal ? createdAt : null);
}
