using System.Diagnostics;
using Stepflow.LocalServer.Internal;
using Stepflow.LocalServer.Tests.Infrastructure;

namespace Stepflow.LocalServer.Tests;

/// <summary>
/// This assembly as a program: <c>dotnet Stepflow.LocalServer.Tests.dll orphan-host exit|wait|exit-without-setpriv
/// &lt;binary&gt; &lt;record dir&gt;</c> starts a server, never disposes it, prints <c>ready</c>, then returns from Main
/// (exit) or waits to be killed (wait).
/// </summary>
public static class OrphanHost
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["orphan-host", var mode, var binary, var recordDir])
        {
            await Console.Error.WriteLineAsync("usage: orphan-host exit|wait|exit-without-setpriv <binary> <record dir>");
            return 2;
        }

        ProcessLauncher.UseParentDeathSignal = mode != "exit-without-setpriv";
        var options = new StepflowLocalServerOptions { BinaryPath = binary, StartupTimeout = TimeSpan.FromSeconds(90) };
        options.EnvironmentVariables["FAKE_STEPFLOW_RECORD_DIR"] = recordDir;
        options.EnvironmentVariables["FAKE_STEPFLOW_BEHAVIOUR"] = null;
        var server = await StepflowLocalServer.StartAsync(options);
        await Console.Out.WriteLineAsync($"ready {server.ProcessId}");
        await Console.Out.FlushAsync();
        if (mode == "wait")
        {
            await Task.Delay(Timeout.Infinite);
        }

        return 0;
    }
}

/// <summary>No server outlives the process that started it: not when it exits without disposing, not when it is killed.</summary>
public sealed class OrphanTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private Process StartHost(string mode)
    {
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(OrphanHost).Assembly.Location, "orphan-host", mode, FakeBinary.Path, _scratch.RecordDir })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static async Task<string> ReadyLineAsync(Process host)
    {
        var line = await host.StandardOutput.ReadLineAsync().WaitAsync(Wait.Generous);
        if (line?.StartsWith("ready ", StringComparison.Ordinal) != true)
        {
            // Only now: stderr ends when the host does, and a host that waits never ends by itself.
            host.Kill();
            Assert.Fail($"the host said '{line}': {await host.StandardError.ReadToEndAsync()}");
        }

        return line;
    }

    [Fact]
    public async Task A_program_that_exits_without_disposing_its_server_takes_the_server_with_it()
    {
        // Without setpriv, so that only the ProcessExit hook can do it.
        using var host = StartHost("exit-without-setpriv");
        await ReadyLineAsync(host);
        var pid = await _scratch.RecordedPidAsync();

        await host.WaitForExitAsync().WaitAsync(Wait.Generous);

        Assert.Equal(0, host.ExitCode);
        await Wait.UntilGoneAsync(pid);
    }

    [Fact]
    public async Task On_Linux_a_program_killed_outright_takes_its_server_with_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            // The parent-death signal is Linux's; elsewhere only a normal exit is covered (the test above).
            return;
        }

        // On Linux the guarantee rests on util-linux's setpriv: a machine without it must fail here, not pass quietly.
        Assert.True(ProcessLauncher.Setpriv is not null, "setpriv (util-linux) is not on PATH, so a crashed host would orphan its server.");

        using var host = StartHost("wait");
        await ReadyLineAsync(host);
        var pid = await _scratch.RecordedPidAsync();
        Assert.True(Wait.IsAlive(pid));

        host.Kill();
        await host.WaitForExitAsync().WaitAsync(Wait.Generous);

        await Wait.UntilGoneAsync(pid);
    }
}
