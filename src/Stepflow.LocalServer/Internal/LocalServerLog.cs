using Microsoft.Extensions.Logging;

namespace Stepflow.LocalServer.Internal;

/// <summary>This package's log messages (category <c>Stepflow.LocalServer</c>). Environment values and configuration are never logged.</summary>
internal static partial class LocalServerLog
{
    public const string Category = "Stepflow.LocalServer";

    [LoggerMessage(EventId = 1, Message = "{Line}")]
    public static partial void ServerLine(ILogger logger, LogLevel level, string line);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Starting Stepflow server {Binary} {Arguments}")]
    public static partial void Starting(ILogger logger, string binary, string arguments);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Stepflow server ready at {Url} (process {ProcessId})")]
    public static partial void Ready(ILogger logger, Uri url, int processId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Stepflow server (process {ProcessId}) stopped with exit code {ExitCode}")]
    public static partial void Stopped(ILogger logger, int processId, int exitCode);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Stepflow server (process {ProcessId}) exited by itself with exit code {ExitCode}")]
    public static partial void ExitedUnplanned(ILogger logger, int processId, int exitCode);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Restarting the Stepflow server on port {Port} (restart {Restart} of {MaxRestarts})")]
    public static partial void Restarting(ILogger logger, int port, int restart, int maxRestarts);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Stepflow server (process {ProcessId}) did not stop within {GracePeriod} of SIGTERM; killing its process tree")]
    public static partial void Killing(ILogger logger, int processId, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "A restart of the Stepflow server failed")]
    public static partial void RestartFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "A handler of StepflowLocalServer.Exited threw")]
    public static partial void ExitedHandlerFailed(ILogger logger, Exception exception);
}
