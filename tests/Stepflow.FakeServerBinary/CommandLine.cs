using System.Globalization;

namespace Stepflow.FakeServerBinary;

/// <summary>What the command line asked for, or why it is wrong.</summary>
internal sealed class CommandLine
{
    /// <summary>The real binary's default port.</summary>
    public const int DefaultPort = 7840;

    public int Port { get; private set; } = DefaultPort;

    public string? ConfigPath { get; private set; }

    public bool ConfigFromStdin { get; private set; }

    public LogLevel LogLevel { get; private set; } = LogLevel.Info;

    public bool JsonLogs { get; private set; }

    public string? OrchestratorId { get; private set; }

    public bool ShowHelp { get; private set; }

    public bool ShowVersion { get; private set; }

    /// <summary>The flags accepted and ignored, as given (for the log).</summary>
    public List<string> Ignored { get; } = [];

    public const string HelpText = """
        A FAKE stepflow-server for tests (tests/Stepflow.FakeServerBinary): serves Stepflow.Testing's test server
        emulating 0.13 on 127.0.0.1. See its README.md.

        Usage: stepflow-server [OPTIONS]

        Options:
          -p, --port <PORT>               port on 127.0.0.1 (0 = a free one) [default: 7840]
          -c, --config <CONFIG>           config file (read, not interpreted)
              --config-stdin              read the whole of stdin as a JSON config
              --log-level <LEVEL>         trace, debug, info, warn, error or off [default: info]
              --log-format <FORMAT>       text or json [default: text]
              --orchestrator-id <ID>      logged at start
          -h, --help                      print this help
          -V, --version                   print the version
        Any other --flag [value] is accepted and ignored.
        Environment: FAKE_STEPFLOW_BEHAVIOUR, FAKE_STEPFLOW_EMULATION, FAKE_STEPFLOW_RECORD_DIR (see README.md).
        """;

    /// <summary>Parses <paramref name="args"/> like the real binary's clap parser; <paramref name="error"/> says what is wrong.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        var result = new CommandLine();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                break;
            }

            var (name, inlineValue) = Split(arg);
            switch (name)
            {
                case "-h" or "--help":
                    result.ShowHelp = true;
                    continue;
                case "-V" or "--version":
                    result.ShowVersion = true;
                    continue;
                case "--config-stdin":
                    if (inlineValue is not null)
                    {
                        error = $"unexpected value '{inlineValue}' for '--config-stdin' found; no more were expected";
                        return null;
                    }

                    result.ConfigFromStdin = true;
                    continue;
                case "-p" or "--port" or "-c" or "--config" or "--log-level" or "--log-format" or "--orchestrator-id":
                    break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1)
                    {
                        // Unknown flags are accepted and ignored, with a value when one follows.
                        result.Ignored.Add(arg);
                        if (inlineValue is null && i + 1 < args.Count && !LooksLikeFlag(args[i + 1]))
                        {
                            result.Ignored.Add(args[++i]);
                        }
                    }
                    else
                    {
                        result.Ignored.Add(arg);
                    }

                    continue;
            }

            var value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= args.Count || LooksLikeFlag(args[i + 1]))
                {
                    error = $"a value is required for '{name}' but none was supplied";
                    return null;
                }

                value = args[++i];
            }

            if (!result.Set(name, value, out error))
            {
                return null;
            }
        }

        if (result.ConfigFromStdin && result.ConfigPath is not null)
        {
            error = "the argument '--config-stdin' cannot be used with '--config <CONFIG>'";
            return null;
        }

        return result;
    }

    private bool Set(string name, string value, out string? error)
    {
        error = null;
        switch (name)
        {
            case "-p" or "--port":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                {
                    error = $"invalid value '{value}' for '--port <PORT>': not a port number (0-65535)";
                    return false;
                }

                Port = port;
                return true;
            case "-c" or "--config":
                ConfigPath = value;
                return true;
            case "--log-level":
                LogLevel? level = value.ToUpperInvariant() switch
                {
                    "TRACE" => LogLevel.Trace,
                    "DEBUG" => LogLevel.Debug,
                    "INFO" => LogLevel.Info,
                    "WARN" => LogLevel.Warn,
                    "ERROR" => LogLevel.Error,
                    "OFF" => LogLevel.Off,
                    _ => null,
                };
                if (level is null)
                {
                    error = $"invalid value '{value}' for '--log-level <LEVEL>' [possible values: trace, debug, info, warn, error, off]";
                    return false;
                }

                LogLevel = level.Value;
                return true;
            case "--log-format":
                if (value is not ("text" or "json"))
                {
                    error = $"invalid value '{value}' for '--log-format <FORMAT>' [possible values: text, json]";
                    return false;
                }

                JsonLogs = value == "json";
                return true;
            default: // --orchestrator-id
                OrchestratorId = value;
                return true;
        }
    }

    /// <summary><c>--name=value</c>, <c>-pVALUE</c> and <c>-p=VALUE</c> carry their value; anything else does not.</summary>
    private static (string Name, string? Value) Split(string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            return equals < 0 ? (arg, null) : (arg[..equals], arg[(equals + 1)..]);
        }

        if (arg.Length > 2 && arg[0] == '-' && arg[1] is 'p' or 'c')
        {
            return (arg[..2], arg[2] == '=' ? arg[3..] : arg[2..]);
        }

        return (arg, null);
    }

    /// <summary>True for <c>-x</c> and <c>--x</c>, but not for a lone <c>-</c> (a file name) or a negative number.</summary>
    private static bool LooksLikeFlag(string arg) =>
        arg.Length > 1 && arg[0] == '-' && !char.IsDigit(arg[1]);
}
