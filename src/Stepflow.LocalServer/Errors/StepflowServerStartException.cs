namespace Stepflow.LocalServer;

/// <summary>
/// The server did not become ready: it exited first (<see cref="StepflowLocalServerException.ExitCode"/> says how),
/// did not announce its port and answer health within the start-up timeout (<see cref="TimedOut"/>; it was then
/// killed), or could not be started at all. <see cref="StepflowLocalServerException.LogTail"/> has what it printed.
/// </summary>
public sealed class StepflowServerStartException : StepflowLocalServerException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="exitCode">The exit code, when the process exited by itself.</param>
    /// <param name="timedOut">Whether the start-up timeout ran out.</param>
    /// <param name="logTail">The last lines it printed.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public StepflowServerStartException(string message, int? exitCode, bool timedOut, IReadOnlyList<string>? logTail, Exception? innerException = null)
        : base(message, exitCode, logTail, innerException)
    {
        TimedOut = timedOut;
    }

    /// <summary>True when the start-up timeout ran out before the server was ready.</summary>
    public bool TimedOut { get; }
}
