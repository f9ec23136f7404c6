using System.Runtime.InteropServices;

namespace Stepflow.LocalServer.Internal;

/// <summary>Sends SIGTERM, which .NET's <see cref="System.Diagnostics.Process"/> cannot do.</summary>
internal static partial class PosixSignals
{
    /// <summary>SIGTERM: 15 on Linux and macOS.</summary>
    private const int SigTerm = 15;

    /// <summary>Asks process <paramref name="pid"/> to stop; false when it could not be signalled (for example, gone).</summary>
    public static bool Terminate(int pid) => !OperatingSystem.IsWindows() && Kill(pid, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Kill(int pid, int signal);
}
