using System.Text;

namespace Stepflow.LocalServer.Internal;

/// <summary>
/// Finds the <c>stepflow-server</c> binary: the options' path, else <c>STEPFLOW_DEV_BINARY</c> (the variable the upstream
/// launchers read), else <c>stepflow-server</c> on <c>PATH</c>. A place that is set but holds no executable file is an
/// error at once, so a typo never silently picks another binary.
/// </summary>
internal static class BinaryLocator
{
    public const string EnvironmentVariable = "STEPFLOW_DEV_BINARY";

    public const string BinaryName = "stepflow-server";

    public static string Locate(string? explicitPath) =>
        Locate(explicitPath, Environment.GetEnvironmentVariable);

    /// <summary>The same, reading the environment through <paramref name="getEnvironmentVariable"/> (tests pass their own).</summary>
    public static string Locate(string? explicitPath, Func<string, string?> getEnvironmentVariable)
    {
        var searched = new List<string>();
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath);
            if (Check(full) is not { } problem)
            {
                return full;
            }

            searched.Add($"{full} ({nameof(StepflowLocalServerOptions)}.{nameof(StepflowLocalServerOptions.BinaryPath)}): {problem}");
            throw NotFound(searched);
        }

        searched.Add($"{nameof(StepflowLocalServerOptions)}.{nameof(StepflowLocalServerOptions.BinaryPath)}: not set");
        var fromEnvironment = getEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var full = Path.GetFullPath(fromEnvironment);
            if (Check(full) is not { } problem)
            {
                return full;
            }

            searched.Add($"{full} ({EnvironmentVariable}): {problem}");
            throw NotFound(searched);
        }

        searched.Add($"{EnvironmentVariable}: not set");
        var path = getEnvironmentVariable("PATH");
        var directories = (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (directories.Length == 0)
        {
            searched.Add("PATH: empty");
        }

        foreach (var directory in directories)
        {
            foreach (var name in CandidateNames())
            {
                string candidate;
                try
                {
                    candidate = Path.GetFullPath(Path.Combine(directory, name));
                }
                catch (ArgumentException)
                {
                    continue;
                }

                if (Check(candidate) is not { } problem)
                {
                    return candidate;
                }

                searched.Add($"{candidate} (PATH): {problem}");
            }
        }

        throw NotFound(searched);
    }

    private static IEnumerable<string> CandidateNames() =>
        OperatingSystem.IsWindows() ? [BinaryName + ".exe"] : [BinaryName];

    /// <summary>Why <paramref name="path"/> cannot be run, or null when it can.</summary>
    private static string? Check(string path)
    {
        if (Directory.Exists(path))
        {
            return "a directory, not a file";
        }

        if (!File.Exists(path))
        {
            return "no such file";
        }

        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((File.GetUnixFileMode(path) & anyExecute) == 0)
            {
                return "not executable (chmod +x it)";
            }
        }

        return null;
    }

    private static StepflowServerNotFoundException NotFound(List<string> searched)
    {
        var text = new StringBuilder($"No Stepflow server binary ({BinaryName}) was found. Looked at:");
        foreach (var place in searched)
        {
            text.Append(Environment.NewLine).Append("  - ").Append(place);
        }

        text.Append(Environment.NewLine)
            .Append($"Set {nameof(StepflowLocalServerOptions)}.{nameof(StepflowLocalServerOptions.BinaryPath)} or {EnvironmentVariable} to the binary, or put {BinaryName} on PATH. To get one:")
            .Append(Environment.NewLine).Append("  - a release archive: https://github.com/stepflow-ai/stepflow/releases (unpack it; the archive holds stepflow-server)")
            .Append(Environment.NewLine).Append("  - the container image: docker create ghcr.io/stepflow-ai/stepflow/stepflow-server:debian-<version>, then docker cp <container>:/usr/local/bin/stepflow-server .")
            .Append(Environment.NewLine).Append("  - the Python package: pip install stepflow-orchestrator; the binary is in the package's bin/ folder (stepflow_orchestrator/bin/stepflow-server)");
        return new StepflowServerNotFoundException(text.ToString(), searched);
    }
}
