using Microsoft.Extensions.Logging;

namespace Stepflow.Client;

/// <summary>The client's structured log messages. They never include headers, bodies or credentials.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Stepflow {Operation} failed ({Reason}); retry {Attempt} of {MaxRetries} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string operation, string reason, int attempt, int maxRetries, double delayMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Stepflow {Operation} failed after the request may have reached the server ({Reason}); not retried, a run may have been created")]
    public static partial void RunCreationUncertain(ILogger logger, string operation, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Stepflow event stream for run {RunId} reconnecting from sequence {Since} (attempt {Attempt}): {Reason}")]
    public static partial void StreamReconnecting(ILogger logger, Guid runId, long since, int attempt, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "The Stepflow server at {ServerUrl} speaks the {Server} API")]
    public static partial void ServerDetected(ILogger logger, Uri serverUrl, string server);

    /// <summary>A short, secret-free description of a failure: a status code or an exception type and message.</summary>
    public static string Describe(Exception failure) => failure switch
    {
        Protocol.ServerAnswerException answer => $"HTTP {answer.Error.StatusCode}",
        _ => $"{failure.GetType().Name}: {failure.Message}",
    };
}
