namespace Stepflow.LocalServer;

/// <summary>
/// The local server is no longer running, so the call was not sent: it exited by itself (and the restart policy
/// allows no further restart), or it was stopped. Thrown at once, instead of a connection failure after the client's
/// retries; <see cref="StepflowLocalServerException.ExitCode"/> and <see cref="StepflowLocalServerException.LogTail"/>
/// tell why. A call that was under way when the server died fails with it too.
/// </summary>
public sealed class StepflowServerExitedException : StepflowLocalServerException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="exitCode">The exit code of the last process.</param>
    /// <param name="planned">Whether the server was stopped on purpose.</param>
    /// <param name="logTail">The last lines it printed.</param>
    /// <param name="innerException">The failure of the call that was under way, when there was one.</param>
    public StepflowServerExitedException(string message, int? exitCode, bool planned, IReadOnlyList<string>? logTail, Exception? innerException = null)
        : base(message, exitCode, logTail, innerException)
    {
        Planned = planned;
    }

    /// <summary>True when the server was stopped on purpose (<see cref="StepflowLocalServer.StopAsync"/>), false when it exited by itself.</summary>
    public bool Planned { get; }
}
