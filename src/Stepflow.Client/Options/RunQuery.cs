namespace Stepflow.Client;

/// <summary>Filters for listing runs. Runs come newest first.</summary>
public sealed class RunQuery
{
    /// <summary>Only runs with this status.</summary>
    public RunStatus? Status { get; set; }

    /// <summary>Only runs of flows with exactly this name.</summary>
    public string? FlowName { get; set; }

    /// <summary>Only runs in the tree under this root run (the root included).</summary>
    public Guid? RootRunId { get; set; }

    /// <summary>Only direct children of this run.</summary>
    public Guid? ParentRunId { get; set; }

    /// <summary>Only top-level runs (no sub-runs).</summary>
    public bool RootsOnly { get; set; }

    /// <summary>Deepest level of sub-runs to include. Sent as given; servers so far accept it but ignore it.</summary>
    public int? MaxDepth { get; set; }

    /// <summary>Most runs to return in one page.</summary>
    public int? Limit { get; set; }

    /// <summary>Runs to skip before the page starts.</summary>
    public int? Offset { get; set; }

    /// <summary>A checked copy, so later changes by the caller do not affect a request under way.</summary>
    /// <exception cref="ArgumentException">The status is the empty <see langword="default"/> value, or a number is negative.</exception>
    internal RunQuery Validated()
    {
        if (Status is { } status && status == default)
        {
            throw new ArgumentException("RunQuery.Status is the empty value; use null for every status.", "query");
        }

        foreach (var (value, name) in new[] { (Limit, nameof(Limit)), (Offset, nameof(Offset)), (MaxDepth, nameof(MaxDepth)) })
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(name, value, "Must not be negative.");
            }
        }

        return (RunQuery)MemberwiseClone();
    }
}
