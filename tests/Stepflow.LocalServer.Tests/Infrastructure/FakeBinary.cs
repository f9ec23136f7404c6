using System.Reflection;

namespace Stepflow.LocalServer.Tests.Infrastructure;

/// <summary>
/// The fake <c>stepflow-server</c> (tests/Stepflow.FakeServerBinary): same flags and readiness protocol as the real one,
/// with behaviour switches in its environment (<c>FAKE_STEPFLOW_BEHAVIOUR</c>) and a record directory
/// (<c>FAKE_STEPFLOW_RECORD_DIR</c>) where it writes the configuration it received, its arguments, pid and environment.
/// Its path comes from the MSBuild property <c>StepflowFakeServerBinary</c> (see the project file).
/// </summary>
internal static class FakeBinary
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Path => Located.Value;

    private static string Locate()
    {
        var configured = typeof(FakeBinary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "StepflowFakeServerBinary")?.Value;
        if (string.IsNullOrEmpty(configured) || !File.Exists(configured))
        {
            throw new InvalidOperationException(
                $"The fake server binary is not at '{configured}'. Build tests/Stepflow.FakeServerBinary (it is in Stepflow.Api.sln, " +
                "and this project builds it first when it exists), or pass -p:StepflowFakeServerBinary=<path to its executable> to dotnet test.");
        }

        return configured;
    }

    /// <summary>Options that run the fake with <paramref name="behaviour"/>, recording into <paramref name="scratch"/>, with generous timeouts.</summary>
    public static StepflowLocalServerOptions Options(Scratch scratch, string? behaviour = null)
    {
        var options = new StepflowLocalServerOptions
        {
            BinaryPath = Path,
            StartupTimeout = TimeSpan.FromSeconds(90),
            ShutdownGracePeriod = TimeSpan.FromSeconds(20),
        };
        options.EnvironmentVariables["FAKE_STEPFLOW_RECORD_DIR"] = scratch.RecordDir;
        // Null removes a value the test run itself might carry.
        options.EnvironmentVariables["FAKE_STEPFLOW_BEHAVIOUR"] = behaviour;
        return options;
    }
}
