using System.Diagnostics;
using System.Globalization;

namespace Stepflow.LocalServer.Tests.Infrastructure;

/// <summary>A temporary directory for one test: the fake's record directory, wrapper scripts, marker files.</summary>
internal sealed class Scratch : IDisposable
{
    public Scratch()
    {
        Dir = Directory.CreateTempSubdirectory("stepflow-localserver-test-").FullName;
        RecordDir = System.IO.Path.Combine(Dir, "record");
    }

    public string Dir { get; }

    /// <summary>Where the fake writes <c>config.json</c>, <c>args.txt</c>, <c>pid</c> and <c>env.txt</c>.</summary>
    public string RecordDir { get; }

    public string Path(params string[] parts) => System.IO.Path.Combine([Dir, .. parts]);

    public string ConfigReceived => File.ReadAllText(System.IO.Path.Combine(RecordDir, "config.json"));

    public string[] ArgsReceived => File.ReadAllLines(System.IO.Path.Combine(RecordDir, "args.txt"));

    public string[] EnvReceived => File.ReadAllLines(System.IO.Path.Combine(RecordDir, "env.txt"));

    /// <summary>The pid the fake recorded (waits until it has written it).</summary>
    public async Task<int> RecordedPidAsync()
    {
        var file = System.IO.Path.Combine(RecordDir, "pid");
        await Wait.UntilAsync(() => File.Exists(file) && File.ReadAllText(file).Trim().Length > 0, "the fake to record its pid");
        return int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Writes an executable shell script (a wrapper named <c>stepflow-server</c>, for example).</summary>
    public string WriteScript(string relativePath, string body)
    {
        var path = Path(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The wrapper scripts are POSIX shell scripts.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>A wrapper that marks itself in the fake's recorded environment, then becomes the fake (exec keeps the pid).</summary>
    public string WriteWrapper(string directory, string name) =>
        WriteScript(System.IO.Path.Combine(directory, "stepflow-server"), $"export STEPFLOW_TEST_WRAPPER={name}\nexec '{FakeBinary.Path}' \"$@\"");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Polling with generous limits: tests wait for what they need, never for a fixed time.</summary>
internal static class Wait
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (timeout ?? Generous))
            {
                throw new TimeoutException($"Gave up waiting for {what} after {clock.Elapsed}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Whether process <paramref name="pid"/> still runs (a zombie does not count).</summary>
    public static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
            try
            {
                var text = File.ReadAllText(stat);
                // "pid (comm) S …": the state follows the last ')'.
                var state = text[(text.LastIndexOf(')') + 2)..].Split(' ', 2)[0];
                return state != "Z" && state != "X";
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return true;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Waits (generously) for <paramref name="pid"/> to be gone: a stop or kill has been sent, the kernel may take a moment.</summary>
    public static Task UntilGoneAsync(int pid) => UntilAsync(() => !IsAlive(pid), $"process {pid} to be gone");
}
