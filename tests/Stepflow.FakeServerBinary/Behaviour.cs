using System.Globalization;

namespace Stepflow.FakeServerBinary;

/// <summary>What <c>FAKE_STEPFLOW_BEHAVIOUR</c> asks the fake to do (README.md).</summary>
internal enum BehaviourKind
{
    /// <summary>Unset or <c>normal</c>: start, print the port line, serve until signalled.</summary>
    Normal,

    /// <summary><c>hang-before-ready</c>: log, never print the port line, wait for a signal.</summary>
    HangBeforeReady,

    /// <summary><c>exit-before-ready:&lt;code&gt;</c>: three log lines, the last an error, then exit with the code.</summary>
    ExitBeforeReady,

    /// <summary><c>crash-after:&lt;ms&gt;</c> (and the first start of <c>crash-once-after</c>): ready, then exit 3 after the delay.</summary>
    CrashAfter,

    /// <summary><c>unhealthy-for:&lt;ms&gt;</c>: ready, but <c>GET /api/v1/health</c> answers 503 for the first milliseconds.</summary>
    UnhealthyFor,

    /// <summary><c>ignore-sigterm</c>: serve, log SIGTERM and keep running (SIGINT still stops it).</summary>
    IgnoreSigterm,
}

/// <summary>A parsed <c>FAKE_STEPFLOW_BEHAVIOUR</c>: the kind and its argument (exit code or milliseconds).</summary>
internal sealed record Behaviour(BehaviourKind Kind, int Value = 0, string? MarkerFile = null)
{
    public const string Variable = "FAKE_STEPFLOW_BEHAVIOUR";

    /// <summary>Parses the variable's value; <paramref name="error"/> says what is wrong with it.</summary>
    public static Behaviour? Parse(string? value, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(value) || value == "normal")
        {
            return new Behaviour(BehaviourKind.Normal);
        }

        if (value == "hang-before-ready")
        {
            return new Behaviour(BehaviourKind.HangBeforeReady);
        }

        if (value == "ignore-sigterm")
        {
            return new Behaviour(BehaviourKind.IgnoreSigterm);
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? value : value[..colon];
        var argument = colon < 0 ? null : value[(colon + 1)..];
        switch (name)
        {
            case "exit-before-ready" when TryNumber(argument, allowNegative: true, out var code):
                return new Behaviour(BehaviourKind.ExitBeforeReady, code);
            case "crash-after" when TryNumber(argument, allowNegative: false, out var ms):
                return new Behaviour(BehaviourKind.CrashAfter, ms);
            case "unhealthy-for" when TryNumber(argument, allowNegative: false, out var ms):
                return new Behaviour(BehaviourKind.UnhealthyFor, ms);
            case "crash-once-after" when argument?.IndexOf(':', StringComparison.Ordinal) is > 0 and var split
                && TryNumber(argument[..split], allowNegative: false, out var ms)
                && argument.Length > split + 1:
                // The marker path is everything after the second colon, so it may hold colons itself.
                return new Behaviour(BehaviourKind.CrashAfter, ms, argument[(split + 1)..]);
            default:
                error = $"{Variable}='{value}' is not one of: normal, hang-before-ready, exit-before-ready:<code>, "
                    + "crash-after:<ms>, crash-once-after:<ms>:<markerfile>, unhealthy-for:<ms>, ignore-sigterm";
                return null;
        }
    }

    private static bool TryNumber(string? text, bool allowNegative, out int number) =>
        int.TryParse(text, allowNegative ? NumberStyles.AllowLeadingSign : NumberStyles.None, CultureInfo.InvariantCulture, out number);
}
