using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Stepflow.LocalServer.Internal;

/// <summary>Reads the server's output lines: the readiness line and each line's log level.</summary>
internal static class ServerOutput
{
    /// <summary>
    /// True when <paramref name="line"/> is the readiness announcement: a JSON object with a numeric <c>port</c>
    /// (docs/server-api.md §13). Log lines share stdout, so anything else, JSON log lines included, is not it.
    /// </summary>
    public static bool TryParsePort(string line, out int port)
    {
        port = 0;
        var text = line.AsSpan().Trim();
        if (text.Length < 10 || text[0] != '{' || text[^1] != '}' || !text.Contains("\"port\"", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text.ToString());
            return document.RootElement.TryGetProperty("port", out var value)
                && value.ValueKind == JsonValueKind.Number
                && value.TryGetInt32(out port)
                && port is > 0 and <= 65535;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The level a server line was logged at, from its level word (<c>2026-…Z  WARN stepflow_server: …</c>, or
    /// <c>"level":"WARN"</c> in JSON format); lines without one are information on stdout and warnings on stderr.
    /// </summary>
    public static LogLevel LevelOf(string line, bool fromStandardError)
    {
        var head = line.AsSpan(0, Math.Min(line.Length, 80));
        if (Has(head, "ERROR"))
        {
            return LogLevel.Error;
        }

        if (Has(head, "WARN"))
        {
            return LogLevel.Warning;
        }

        if (Has(head, "INFO"))
        {
            return LogLevel.Information;
        }

        if (Has(head, "DEBUG"))
        {
            return LogLevel.Debug;
        }

        if (Has(head, "TRACE"))
        {
            return LogLevel.Trace;
        }

        return fromStandardError ? LogLevel.Warning : LogLevel.Information;
    }

    /// <summary>Whether <paramref name="word"/> stands in <paramref name="text"/> as a word of its own (any case).</summary>
    private static bool Has(ReadOnlySpan<char> text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0;)
        {
            var end = at + word.Length;
            var before = at == 0 || !char.IsLetter(text[at - 1]);
            var after = end == text.Length || !char.IsLetter(text[end]) || (word == "WARN" && text[end..].StartsWith("ING", StringComparison.OrdinalIgnoreCase));
            if (before && after)
            {
                return true;
            }

            var next = text[end..].IndexOf(word, StringComparison.OrdinalIgnoreCase);
            at = next < 0 ? -1 : end + next;
        }

        return false;
    }
}
