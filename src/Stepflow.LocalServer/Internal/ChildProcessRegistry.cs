using System.Collections.Concurrent;

namespace Stepflow.LocalServer.Internal;

/// <summary>
/// The server processes alive in this process, killed (whole tree) when this process exits normally
/// (<see cref="AppDomain.ProcessExit"/>, which also runs on SIGTERM), so a test run or a script that forgets to dispose
/// leaves nothing behind. Crashes are covered on Linux by the parent-death signal (see <see cref="ProcessLauncher"/>).
/// </summary>
internal static class ChildProcessRegistry
{
    private static readonly ConcurrentDictionary<ServerProcess, byte> Alive = new();
    private static int _hooked;

    public static void Add(ServerProcess process)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        }

        Alive.TryAdd(process, 0);
    }

    public static void Remove(ServerProcess process) => Alive.TryRemove(process, out _);

    private static void KillAll()
    {
        foreach (var process in Alive.Keys)
        {
            process.KillTree();
        }
    }
}
