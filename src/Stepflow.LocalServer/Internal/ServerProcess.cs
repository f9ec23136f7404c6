using System.ComponentModel;
using System.Diagnostics;

namespace Stepflow.LocalServer.Internal;

/// <summary>
/// One run of the server binary: its output pumped line by line (stdout and stderr, so it never blocks on a full pipe),
/// its readiness line, and its exit. <see cref="Exited"/> completes after the process exited and what it printed last
/// was read (for at most two seconds), so an exit's log tail includes the line that says why.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "_exitSignal has no timer and so nothing to release; its token must stay usable by calls that link to it after the exit.")]
internal sealed class ServerProcess
{
    private static readonly TimeSpan DrainAfterExit = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly Action<string, bool> _onLine;
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _listeningPort;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _exitSignal = new();
    private int _planned;
    private int _inputClosed;

    private ServerProcess(Process process, Action<string, bool> onLine)
    {
        _process = process;
        _onLine = onLine;
        Id = process.Id;
    }

    /// <summary>The process id.</summary>
    public int Id { get; }

    /// <summary>The port from the readiness line; never completes when the process exits without one.</summary>
    public Task<int> Port => _port.Task;

    /// <summary>The port once <see cref="Port"/> has completed (0 before), for code that runs after readiness.</summary>
    public int ListeningPort => Volatile.Read(ref _listeningPort);

    /// <summary>The exit code, once the process exited and its output was drained.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Cancelled when <see cref="Exited"/> completes: calls in flight to this process stop waiting.</summary>
    public CancellationToken ExitToken { get; private set; }

    /// <summary>Whether the process was asked to stop (so its exit is not a failure).</summary>
    public bool Planned => Volatile.Read(ref _planned) != 0;

    public void MarkPlanned() => Volatile.Write(ref _planned, 1);

    /// <summary>
    /// Starts the process (on the launcher thread), writes <paramref name="standardInput"/> to it and closes its stdin
    /// (kept open on Windows when there is nothing to write, as the graceful-stop channel there).
    /// </summary>
    /// <param name="start">What to run.</param>
    /// <param name="standardInput">The configuration JSON for <c>--config-stdin</c>, or null.</param>
    /// <param name="onLine">Called with every output line and whether it came from stderr; must not throw.</param>
    public static async Task<ServerProcess> StartAsync(ProcessStartInfo start, string? standardInput, Action<string, bool> onLine)
    {
        var process = await ProcessLauncher.StartAsync(start).ConfigureAwait(false);
        var server = new ServerProcess(process, onLine);
        server.ExitToken = server._exitSignal.Token;
        ChildProcessRegistry.Add(server);
        server.Run(standardInput);
        return server;
    }

    private void Run(string? standardInput)
    {
        var stdout = PumpAsync(_process.StandardOutput, fromStandardError: false);
        var stderr = PumpAsync(_process.StandardError, fromStandardError: true);
        if (standardInput is not null || !OperatingSystem.IsWindows())
        {
            _ = WriteAndCloseInputAsync(standardInput);
        }

        _ = WatchAsync(stdout, stderr);
    }

    private async Task WriteAndCloseInputAsync(string? text)
    {
        try
        {
            if (text is not null)
            {
                await _process.StandardInput.WriteAsync(text).ConfigureAwait(false);
                await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process exited before reading its configuration; its exit says why.
        }

        CloseInput();
    }

    /// <summary>Closes the process's stdin; true when it was still open.</summary>
    public bool CloseInput()
    {
        if (Interlocked.Exchange(ref _inputClosed, 1) != 0)
        {
            return false;
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }

        return true;
    }

    private async Task PumpAsync(StreamReader reader, bool fromStandardError)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                // Logged first, so that a server that is ready has its port line in RecentLogs.
                _onLine(line, fromStandardError);
                if (!fromStandardError && !_port.Task.IsCompleted && ServerOutput.TryParsePort(line, out var port))
                {
                    Volatile.Write(ref _listeningPort, port);
                    _port.TrySetResult(port);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe broke as the process died.
        }
    }

    private async Task WatchAsync(Task stdout, Task stderr)
    {
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            // A grandchild that inherited the pipes can keep them open after the server exited: do not wait for it.
            await Task.WhenAll(stdout, stderr).WaitAsync(DrainAfterExit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        int exitCode;
        try
        {
            exitCode = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            exitCode = -1;
        }

        ChildProcessRegistry.Remove(this);
        _exitSignal.Cancel();
        _exited.TrySetResult(exitCode);
    }

    /// <summary>Asks the process to stop: SIGTERM on Unix; on Windows, closing its stdin. False when nothing could be sent.</summary>
    public bool RequestStop()
    {
        if (_exited.Task.IsCompleted)
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return CloseInput();
        }

        try
        {
            if (_process.HasExited)
            {
                return false;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return PosixSignals.Terminate(Id);
    }

    /// <summary>Kills the process and every process it started, at once; nothing when it has already exited.</summary>
    public void KillTree()
    {
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException or AggregateException)
        {
            // Already gone, or a descendant could not be killed; the exit is awaited by the caller.
        }
    }
}
