namespace Stepflow.Client;

/// <summary>Whether an item or a step has produced a result, and which kind.</summary>
public enum ResultOutcome
{
    /// <summary>No result yet: still running, waiting, or stopped before it finished (for example cancelled).</summary>
    Pending,

    /// <summary>Finished successfully; the output is set.</summary>
    Succeeded,

    /// <summary>Finished with an error; the error is set.</summary>
    Failed,
}
