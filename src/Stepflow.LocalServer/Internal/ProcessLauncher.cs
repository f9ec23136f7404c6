using System.Collections.Concurrent;
using System.Diagnostics;

namespace Stepflow.LocalServer.Internal;

/// <summary>
/// Starts every server process from one dedicated thread that lives as long as this process. On Linux the child is
/// run through <c>setpriv --pdeathsig SIGKILL</c>, and the kernel sends that signal when the THREAD that created the
/// child exits (PR_SET_PDEATHSIG), not only the process: a pool thread that retires would kill a healthy server.
/// This thread never retires, so the signal comes only when the whole .NET process dies, crashes included.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = new();

    private static readonly Lazy<Thread> Launcher = new(() =>
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "Stepflow.LocalServer launcher" };
        thread.Start();
        return thread;
    });

    private static readonly Lazy<string?> SetprivPath = new(FindSetpriv);

    /// <summary>The <c>setpriv</c> binary (util-linux) when this is Linux and it exists, else null.</summary>
    public static string? Setpriv => UseParentDeathSignal ? SetprivPath.Value : null;

    /// <summary>Whether to start servers through <c>setpriv --pdeathsig</c> when it exists; tests switch it off to see the other guard alone.</summary>
    internal static bool UseParentDeathSignal { get; set; } = true;

    /// <summary>Starts <paramref name="start"/> on the launcher thread.</summary>
    public static Task<Process> StartAsync(ProcessStartInfo start)
    {
        _ = Launcher.Value;
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (start, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start."));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }

    private static string? FindSetpriv()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/bin", "/usr/sbin", "/sbin"]);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, "setpriv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
