using System.Text;
using Stepflow.Client;

namespace Stepflow.LocalServer;

/// <summary>
/// Base of the errors of a local Stepflow server: its binary was not found, it did not start, or it exited. Carries the
/// process's exit code, when it has one, and the last lines it printed. A <see cref="StepflowClientException"/>, so code
/// that handles the client's errors handles these too.
/// </summary>
public class StepflowLocalServerException : StepflowClientException
{
    /// <summary>How many of the last log lines an exception's message quotes (<see cref="LogTail"/> keeps more).</summary>
    internal const int LinesInMessage = 20;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="exitCode">The process's exit code, when it exited.</param>
    /// <param name="logTail">The last lines the process printed, oldest first.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public StepflowLocalServerException(string message, int? exitCode = null, IReadOnlyList<string>? logTail = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        LogTail = logTail ?? [];
    }

    /// <summary>The server process's exit code; <see langword="null"/> when it had not exited by itself (or never started).</summary>
    public int? ExitCode { get; }

    /// <summary>The last lines the server printed on stdout and stderr, oldest first (at most the 100 last); empty when none.</summary>
    public IReadOnlyList<string> LogTail { get; }

    /// <summary>Appends the last <see cref="LinesInMessage"/> lines of <paramref name="tail"/> to <paramref name="message"/>.</summary>
    internal static string WithTail(string message, IReadOnlyList<string> tail)
    {
        if (tail.Count == 0)
        {
            return message + " The server printed nothing.";
        }

        var text = new StringBuilder(message).Append(" Last lines it printed:");
        foreach (var line in tail.Skip(Math.Max(0, tail.Count - LinesInMessage)))
        {
            text.Append(Environment.NewLine).Append("  ").Append(line);
        }

        return text.ToString();
    }
}
