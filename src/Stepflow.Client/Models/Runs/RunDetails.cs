using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>A run with what the server reports about its steps and items (<c>GetRunAsync</c>).</summary>
public sealed class RunDetails : RunSummary
{
    /// <summary>Creates empty details; set their properties with an object initializer (for tests and fakes).</summary>
    public RunDetails()
    {
    }

    /// <inheritdoc cref="RunSummary(Guid, string, string?, RunStatus, RunItemCounts, DateTimeOffset, DateTimeOffset?, Guid, Guid?, string?, long, long?)"/>
    internal RunDetails(Guid runId, string flowId, string? flowName, RunStatus status, RunItemCounts itemCounts, DateTimeOffset createdAt,
        DateTimeOffset? completedAt, Guid rootRunId, Guid? parentRunId, string? orchestratorId, long createdAtSequence, long? finishedAtSequence)
        : base(runId, flowId, flowName, status, itemCounts, createdAt, completedAt, rootRunId, parentRunId, orchestratorId, createdAtSequence,
            finishedAtSequence)
    {
    }

    /// <summary>
    /// The status of the steps of every item. 0.11 servers report every step of every item (without
    /// components or results); 0.12+ servers report only the steps that have started or become runnable,
    /// with their component and result.
    /// </summary>
    public IReadOnlyList<StepRun> Steps { get; init; } = [];

    /// <summary>Each item with its input and status. 0.11 servers only; <see langword="null"/> on 0.12+ servers.</summary>
    public IReadOnlyList<RunItem>? Items { get; init; }

    /// <summary>
    /// The step overrides the run was created with (a merge patch per step id). 0.11 servers only;
    /// <see langword="null"/> when there were none or the server does not report them.
    /// </summary>
    public IReadOnlyDictionary<string, JsonNode?>? StepOverrides { get; init; }
}
