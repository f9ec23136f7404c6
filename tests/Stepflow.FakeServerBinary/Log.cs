using System.Globalization;
using System.Text.Json;

namespace Stepflow.FakeServerBinary;

/// <summary>The levels of the real server's tracing logs, lowest first.</summary>
internal enum LogLevel
{
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Off,
}

/// <summary>
/// Writes log lines the way the real server does (tracing's text or JSON format) to standard output, one flushed
/// line at a time so a reader sees each as it is written; warnings and errors go to standard error as well. The
/// readiness line goes through <see cref="Ready"/>, which no log level or format changes. Thread-safe.
/// </summary>
internal sealed class Log(LogLevel threshold, bool json)
{
    private readonly Lock _gate = new();

    public void Info(string target, string message) => Write(LogLevel.Info, target, message);

    public void Warn(string target, string message) => Write(LogLevel.Warn, target, message);

    public void Error(string target, string message) => Write(LogLevel.Error, target, message);

    /// <summary>Prints the readiness line <c>{"port":N}</c> (docs/server-api.md §13).</summary>
    public void Ready(int port) => WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""{"port":{{port}}}"""), toError: false);

    /// <summary>An error about the command line, as the real binary's argument parser reports it: standard error only.</summary>
    public static void Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine();
        Console.Error.WriteLine("For more information, try '--help'.");
        Console.Error.Flush();
    }

    private void Write(LogLevel level, string target, string message)
    {
        if (level < threshold)
        {
            return;
        }

        var timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var name = level.ToString().ToUpperInvariant();
        var line = json
            ? JsonSerializer.Serialize(new JsonLine(timestamp, name, new JsonFields(message), target), LogJsonContext.Default.JsonLine)
            : $"{timestamp} {name,5} {target}: {message}";
        WriteLine(line, toError: level >= LogLevel.Warn);
    }

    private void WriteLine(string line, bool toError)
    {
        lock (_gate)
        {
            try
            {
                Console.Out.WriteLine(line);
                Console.Out.Flush();
                if (toError)
                {
                    Console.Error.WriteLine(line);
                    Console.Error.Flush();
                }
            }
            catch (IOException)
            {
                // The reader has gone (a launcher that stopped reading): the server goes on, as the real one does.
            }
        }
    }
}
