using Microsoft.Extensions.Logging;
using Stepflow.Client;

namespace Stepflow.LocalServer;

/// <summary>How to start a <see cref="StepflowLocalServer"/>: which binary, which configuration, and how long to wait.</summary>
public sealed class StepflowLocalServerOptions
{
    /// <summary>
    /// The <c>stepflow-server</c> binary to run. When null, the <c>STEPFLOW_DEV_BINARY</c> environment variable names it,
    /// else <c>stepflow-server</c> is looked up on <c>PATH</c>. A path that is set but holds no executable file is an
    /// error (the next place is not tried).
    /// </summary>
    public string? BinaryPath { get; set; }

    /// <summary>The port to listen on; null (the default) lets the server pick a free one (<c>--port 0</c>). Restarts keep the port.</summary>
    public int? Port { get; set; }

    /// <summary>
    /// The configuration, written as JSON to the server's standard input (<c>--config-stdin</c>). When neither this nor
    /// <see cref="ConfigFile"/> is set, <see cref="StepflowServerConfig.CreateDefault"/> is used: the builtin components
    /// under <c>/builtin</c>, in-memory storage.
    /// </summary>
    public StepflowServerConfig? Config { get; set; }

    /// <summary>An existing configuration file (YAML or JSON) passed as <c>--config PATH</c>; not together with <see cref="Config"/>.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>
    /// Environment variables for the server process on top of this process's own (API keys for its plugins, for
    /// example); a null value removes a variable. Their values are never logged, nor shown by <see cref="ToString"/>.
    /// </summary>
    public IDictionary<string, string?> EnvironmentVariables { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>More command-line arguments, after the ones this package passes (for example <c>--log-level debug</c>).</summary>
    public IList<string> AdditionalArguments { get; } = new List<string>();

    /// <summary>The server's working directory; this process's when null.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>How long the server may take to announce its port and answer health, each start. Default 30 seconds.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stop waits after SIGTERM before it kills the server's process tree. Default 5 seconds.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many of the server's last output lines <see cref="StepflowLocalServer.RecentLogs"/> keeps. Default 500.</summary>
    public int RecentLogCapacity { get; set; } = 500;

    /// <summary>What to do when the server exits by itself. Default <see cref="StepflowRestartPolicy.Never"/>.</summary>
    public StepflowRestartPolicy RestartPolicy { get; set; } = StepflowRestartPolicy.Never;

    /// <summary>With <see cref="StepflowRestartPolicy.OnFailure"/>, the most restarts in the server's life. Default 3.</summary>
    public int MaxRestarts { get; set; } = 3;

    /// <summary>
    /// Where the server's output (category <c>Stepflow.LocalServer</c>) and this package's own messages go; also the
    /// clients' logger factory when theirs is not set. Nothing is logged when null.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Options of the client the server object uses for its <see cref="IStepflowExecutor"/> calls (and of the one
    /// registered by <c>AddStepflowLocalServer</c>). <see cref="StepflowClientOptions.ServerUrl"/> is ignored; an
    /// <see cref="StepflowApiGeneration.Automatic"/> generation is pinned to <see cref="StepflowApiGeneration.V012"/>.
    /// </summary>
    public StepflowClientOptions? ClientOptions { get; set; }

    /// <summary>A description for logs and debuggers; environment values are not shown, only their names.</summary>
    public override string ToString() =>
        $"StepflowLocalServerOptions {{ BinaryPath = {BinaryPath ?? "(discover)"}, Port = {Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(free)"}, " +
        $"Config = {(ConfigFile is not null ? ConfigFile : Config is not null ? "(typed)" : "(default)")}, " +
        $"EnvironmentVariables = [{string.Join(", ", EnvironmentVariables.Keys)}], StartupTimeout = {StartupTimeout}, " +
        $"RestartPolicy = {RestartPolicy} }}";

    /// <summary>Checks the settings before anything starts.</summary>
    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Must be 0 (a free port) to 65535.");
        }

        if (Config is not null && ConfigFile is not null)
        {
            throw new ArgumentException($"Set {nameof(Config)} or {nameof(ConfigFile)}, not both.", nameof(ConfigFile));
        }

        if (ConfigFile is not null && !File.Exists(ConfigFile))
        {
            throw new FileNotFoundException($"The server configuration file '{ConfigFile}' does not exist.", ConfigFile);
        }

        if (StartupTimeout <= TimeSpan.Zero && StartupTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(StartupTimeout), StartupTimeout, "Must be positive or infinite.");
        }

        if (ShutdownGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ShutdownGracePeriod), ShutdownGracePeriod, "Must not be negative.");
        }

        if (RecentLogCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RecentLogCapacity), RecentLogCapacity, "Must be at least 1.");
        }

        if (!Enum.IsDefined(RestartPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(RestartPolicy), RestartPolicy, "Not a known restart policy.");
        }

        if (MaxRestarts < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRestarts), MaxRestarts, "Must not be negative.");
        }

        foreach (var name in EnvironmentVariables.Keys)
        {
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{name}' is not an environment variable name.", nameof(EnvironmentVariables));
            }
        }
    }
}
