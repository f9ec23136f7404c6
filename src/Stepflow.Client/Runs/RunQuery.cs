using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>Filters for listing runs. Runs come newest first.</summary>
public sealed class RunQuery
{
    /// <summary>Only runs with this status.</summary>
    public ExecutionStatus? Status { get; set; }

    /// <summary>Only runs of flows with exactly this name.</summary>
    public string? FlowName { get; set; }

    /// <summary>Only runs in the tree under this root run (the root included).</summary>
    public Guid? RootRunId { get; set; }

    /// <summary>Only direct children of this run.</summary>
    public Guid? ParentRunId { get; set; }

    /// <summary>Only top-level runs (no sub-runs).</summary>
    public bool RootsOnly { get; set; }

    /// <summary>Deepest level of sub-runs to include. Sent as given; 0.11 servers accept it but ignore it.</summary>
    public int? MaxDepth { get; set; }

    /// <summary>Most runs to return in one page.</summary>
    public int? Limit { get; set; }

    /// <summary>Runs to skip before the page starts.</summary>
    public int? Offset { get; set; }
}
