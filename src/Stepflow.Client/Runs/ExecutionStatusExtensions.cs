using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>Helpers for <see cref="ExecutionStatus"/>.</summary>
public static class ExecutionStatusExtensions
{
    /// <summary>
    /// True for statuses a run never leaves: completed, failed, cancelled and recovery failed.
    /// <see cref="ExecutionStatus.Unknown"/> (a status newer than this SDK) counts as not terminal.
    /// </summary>
    public static bool IsTerminal(this ExecutionStatus status) =>
        status is ExecutionStatus.Completed or ExecutionStatus.Failed or ExecutionStatus.Cancelled or ExecutionStatus.RecoveryFailed;
}
