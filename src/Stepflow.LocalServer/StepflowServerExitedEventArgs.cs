namespace Stepflow.LocalServer;

/// <summary>Says that a local server's process exited: with which code, whether it was asked to, and what happens next.</summary>
public sealed class StepflowServerExitedEventArgs : EventArgs
{
    /// <summary>Creates the event's data.</summary>
    /// <param name="exitCode">The process's exit code (on Unix, 128 + the signal number when a signal ended it).</param>
    /// <param name="planned">Whether the process was stopped on purpose.</param>
    /// <param name="willRestart">Whether the restart policy starts it again.</param>
    /// <param name="restartCount">How many restarts there have been before this exit.</param>
    /// <param name="logTail">The last lines the server printed.</param>
    public StepflowServerExitedEventArgs(int exitCode, bool planned, bool willRestart, int restartCount, IReadOnlyList<string> logTail)
    {
        ExitCode = exitCode;
        Planned = planned;
        WillRestart = willRestart;
        RestartCount = restartCount;
        LogTail = logTail ?? [];
    }

    /// <summary>The process's exit code (on Unix, 128 + the signal number when a signal ended it, for example 137 after a kill).</summary>
    public int ExitCode { get; }

    /// <summary>True when the server was being stopped (dispose, <see cref="StepflowLocalServer.StopAsync"/>, the host's shutdown).</summary>
    public bool Planned { get; }

    /// <summary>True when the restart policy starts the server again (on the same port).</summary>
    public bool WillRestart { get; }

    /// <summary>How many times the server had been restarted before this exit.</summary>
    public int RestartCount { get; }

    /// <summary>The last lines the server printed, oldest first.</summary>
    public IReadOnlyList<string> LogTail { get; }
}
