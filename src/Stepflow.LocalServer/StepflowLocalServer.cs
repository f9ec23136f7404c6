using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stepflow.Client;
using Stepflow.LocalServer.Internal;

namespace Stepflow.LocalServer;

/// <summary>
/// A real Stepflow server (the <c>stepflow-server</c> binary) running as a child process of this one, for scripts,
/// local development and integration tests. Start it with <see cref="StartAsync"/>; it is an
/// <see cref="IStepflowExecutor"/>, so code written against a remote <see cref="StepflowClient"/> runs against it
/// unchanged; <see cref="CreateClient"/> gives a full client for everything else.
/// </summary>
/// <remarks>
/// <para>
/// Start-up follows docs/server-api.md §13: <c>stepflow-server --port 0 --config-stdin</c> (or the options' port and
/// configuration file), the configuration written to stdin and stdin closed, stdout read for the <c>{"port":N}</c>
/// line among the log lines, then <c>GET /api/v1/health</c> polled every 200 ms until it answers 200, all within
/// <see cref="StepflowLocalServerOptions.StartupTimeout"/>. Every line the server prints goes to the logger and to
/// <see cref="RecentLogs"/>.
/// </para>
/// <para>
/// Lifetime: <see cref="DisposeAsync"/> (or <see cref="StopAsync"/>) sends SIGTERM, waits
/// <see cref="StepflowLocalServerOptions.ShutdownGracePeriod"/>, then kills the whole process tree. On Windows, where
/// there is no SIGTERM, it closes the server's stdin and then kills it. No server outlives this process: when it exits
/// normally (including on SIGTERM or Ctrl+C) every server still running is killed, and on Linux, when <c>setpriv</c>
/// (util-linux) exists, each server is started through <c>setpriv --pdeathsig SIGKILL</c> from a dedicated thread that
/// lives as long as this process, so the kernel kills the server even when this process crashes or is killed.
/// </para>
/// <para>
/// When the server exits by itself, <see cref="Exited"/> is raised; with <see cref="StepflowRestartPolicy.OnFailure"/>
/// it is started again on the same port (calls made meanwhile wait for it). Once it is down for good, every
/// <see cref="IStepflowExecutor"/> call of this object fails at once with <see cref="StepflowServerExitedException"/>,
/// carrying the exit code and the last log lines; clients from <see cref="CreateClient"/> see connection failures.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await using var server = await StepflowLocalServer.StartAsync(new StepflowLocalServerOptions());
/// IStepflowExecutor executor = server;
/// var result = await executor.RunAsync(FlowSource.FromFile("greet.yaml"), new { name = "Ada" });
/// </code>
/// </example>
public sealed class StepflowLocalServer : IStepflowExecutor, IAsyncDisposable
{
    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan HealthAttemptTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RestartDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ExitWaitAfterKill = TimeSpan.FromSeconds(30);

    /// <summary>How many of the last lines an exception or event carries.</summary>
    private const int TailLines = 100;

    private readonly StepflowLocalServerOptions _options;
    private readonly string? _standardInput;
    private readonly IReadOnlyList<string> _argumentsAfterPort;
    private readonly ILogger _logger;
    private readonly LogRing _logs;
    private readonly HttpClient _health;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly CancellationTokenSource _killNow = new();
    private StepflowClient _client = null!;
    private ServerProcess? _current;
    private Task _currentWatch = Task.CompletedTask;
    private Task<ServerProcess?> _available = Task.FromResult<ServerProcess?>(null);
    private TaskCompletionSource<ServerProcess?>? _restarting;
    private Task _restartLoop = Task.CompletedTask;
    private DownState? _down;
    private Task? _stopTask;
    private Task? _disposeTask;
    private bool _stopping;
    private int _restarts;
    private int? _exitCode;
    private int _disposed;

    /// <summary>Why the server is down for good, to build a fresh exception for each call that finds it down.</summary>
    private sealed record DownState(string Message, int? ExitCode, bool Planned, IReadOnlyList<string> LogTail);

    private StepflowLocalServer(StepflowLocalServerOptions options, string binaryPath)
    {
        _options = options;
        BinaryPath = binaryPath;
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger(LocalServerLog.Category) ?? NullLogger.Instance;
        _logs = new LogRing(options.RecentLogCapacity);
        _health = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) });

        var arguments = new List<string>();
        if (options.ConfigFile is { } file)
        {
            arguments.Add("--config");
            arguments.Add(Path.GetFullPath(file));
        }
        else
        {
            arguments.Add("--config-stdin");
            _standardInput = (options.Config ?? StepflowServerConfig.CreateDefault()).ToJson();
        }

        arguments.AddRange(options.AdditionalArguments);
        _argumentsAfterPort = arguments;
        Url = new Uri("http://127.0.0.1/");
    }

    /// <summary>The server's root URL, <c>http://127.0.0.1:{port}/</c>; the same across restarts.</summary>
    public Uri Url { get; private set; }

    /// <inheritdoc />
    /// <remarks>The same as <see cref="Url"/>.</remarks>
    public Uri BaseAddress => Url;

    /// <summary>The binary that was started (full path), as found from the options, <c>STEPFLOW_DEV_BINARY</c> or <c>PATH</c>.</summary>
    public string BinaryPath { get; }

    /// <summary>The running server's process id; null while it is down or being restarted.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _current?.Id;
            }
        }
    }

    /// <summary>
    /// The last lines the server printed on stdout and stderr, oldest first, across restarts (at most
    /// <see cref="StepflowLocalServerOptions.RecentLogCapacity"/>, default 500). A snapshot: a copy taken now.
    /// </summary>
    public IReadOnlyList<string> RecentLogs => _logs.Snapshot();

    /// <summary>True once the server is down for good: stopped, or exited with no restart left.</summary>
    public bool HasExited
    {
        get
        {
            lock (_gate)
            {
                return _down is not null;
            }
        }
    }

    /// <summary>The exit code of the server's last exit; null while it has never exited.</summary>
    public int? ExitCode
    {
        get
        {
            lock (_gate)
            {
                return _exitCode;
            }
        }
    }

    /// <summary>How many times the restart policy has started the server again.</summary>
    public int RestartCount => Volatile.Read(ref _restarts);

    /// <summary>
    /// Raised, on a pool thread, each time the running server's process exits: with its exit code, whether it was
    /// stopped on purpose, and whether it will be restarted. A handler that throws is logged and ignored.
    /// </summary>
    public event EventHandler<StepflowServerExitedEventArgs>? Exited;

    /// <summary>
    /// Finds the binary, starts the server and waits until it is ready (its port announced and health answering 200).
    /// </summary>
    /// <param name="options">Which binary, configuration, port, environment and timeouts.</param>
    /// <param name="cancellationToken">Stops the start: the process is killed and the call throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="StepflowServerNotFoundException">No binary was found; the message says where it looked and how to install one.</exception>
    /// <exception cref="StepflowServerStartException">The server exited, or was not ready within the start-up timeout.</exception>
    /// <exception cref="ArgumentException">An option is out of range, or both a configuration and a configuration file are set.</exception>
    /// <exception cref="FileNotFoundException">The configuration file does not exist.</exception>
    public static async Task<StepflowLocalServer> StartAsync(StepflowLocalServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var binary = BinaryLocator.Locate(options.BinaryPath);
        var server = new StepflowLocalServer(options, binary);
        try
        {
            var process = await server.LaunchAsync(options.Port ?? 0, cancellationToken).ConfigureAwait(false);
            try
            {
                server.BecomeRunning(process);
            }
            catch
            {
                // The client options were refused: the server must not outlive the failed start.
                await AbandonAsync(process).ConfigureAwait(false);
                throw;
            }

            return server;
        }
        catch
        {
            server._health.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates a client for this server, pinned to the 0.12/0.13 API (no detection request) unless
    /// <paramref name="options"/> names a generation, and logging to the server's logger factory unless it has its own.
    /// The caller owns (disposes) the client. Unlike this object's own calls, its calls do not fail fast once the server
    /// is down.
    /// </summary>
    /// <param name="options">The client's options; <see cref="StepflowClientOptions.ApiGeneration"/> and
    /// <see cref="StepflowClientOptions.LoggerFactory"/> are filled in on this object when unset.</param>
    public StepflowClient CreateClient(StepflowClientOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        options ??= new StepflowClientOptions();
        if (options.ApiGeneration == StepflowApiGeneration.Automatic)
        {
            options.ApiGeneration = StepflowApiGeneration.V012;
        }

        options.LoggerFactory ??= _options.LoggerFactory;
        return new StepflowClient(Url, options);
    }

    /// <inheritdoc />
    /// <exception cref="StepflowServerExitedException">The server is down (or died during the call).</exception>
    public Task<RunResult> RunAsync(FlowSource flow, object? input, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return CallAsync((flow, input, options), static (client, s, ct) => client.RunAsync(s.flow, s.input, s.options, ct), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="StepflowServerExitedException">The server is down (or died during the call).</exception>
    public Task<Guid> SubmitAsync(FlowSource flow, object? input, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return CallAsync((flow, input, options), static (client, s, ct) => client.SubmitAsync(s.flow, s.input, s.options, ct), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="StepflowServerExitedException">The server is down (or died during the call).</exception>
    public Task<RunResult> GetResultAsync(Guid runId, CancellationToken cancellationToken = default) =>
        CallAsync(runId, static (client, id, ct) => client.GetResultAsync(id, ct), cancellationToken);

    /// <inheritdoc />
    /// <exception cref="StepflowServerExitedException">The server is down (or died during the call).</exception>
    public Task<ValidationResult> ValidateAsync(FlowSource flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return CallAsync(flow, static (client, f, ct) => client.ValidateAsync(f, ct), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="StepflowServerExitedException">The server is down (or died during the call).</exception>
    public Task<ComponentList> ListComponentsAsync(CancellationToken cancellationToken = default) =>
        CallAsync(0, static (client, _, ct) => client.ListComponentsAsync(ct), cancellationToken);

    /// <summary>
    /// Stops the server: SIGTERM (on Windows, its stdin closed), then, after
    /// <see cref="StepflowLocalServerOptions.ShutdownGracePeriod"/>, its whole process tree killed. A restart under way
    /// is abandoned. Calls made afterwards throw <see cref="StepflowServerExitedException"/>. Safe to call more than once.
    /// </summary>
    /// <param name="cancellationToken">Cuts the grace period short: the process tree is killed at once.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task stop;
        lock (_gate)
        {
            // On a pool thread, so that none of the stop runs under this lock.
            stop = _stopTask ??= Task.Run(StopCoreAsync, CancellationToken.None);
        }

        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _killNow))
        {
            await stop.ConfigureAwait(false);
        }
    }

    /// <summary>Stops the server as <see cref="StopAsync"/> does and releases the client it used.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposeTask ??= Task.Run(DisposeCoreAsync, CancellationToken.None);
            return new ValueTask(_disposeTask);
        }
    }

    private async Task DisposeCoreAsync()
    {
        Volatile.Write(ref _disposed, 1);
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _client?.Dispose();
        _health.Dispose();
    }

    // ---- Calls ----

    private async Task<T> CallAsync<TState, T>(TState state, Func<StepflowClient, TState, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var process = await RunningProcessAsync(cancellationToken).ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, process.ExitToken);
        try
        {
            return await call(_client, state, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or StepflowClientException)
        {
            // A dropped connection can be seen a moment before the process's exit is: give the exit that moment.
            if (e is StepflowTransportException && !process.Exited.IsCompleted)
            {
                await Task.WhenAny(process.Exited, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
            }

            if (!process.Exited.IsCompleted)
            {
                throw;
            }

            var exitCode = await process.Exited.ConfigureAwait(false);
            bool restarting;
            lock (_gate)
            {
                restarting = _restarting is not null && _down is null;
            }

            throw new StepflowServerExitedException(
                StepflowLocalServerException.WithTail(
                    $"The Stepflow server (process {process.Id}) exited with code {exitCode} during the call{(restarting ? "; it is being restarted" : string.Empty)}.",
                    Tail()),
                exitCode, process.Planned, Tail(), e);
        }
    }

    /// <summary>The running process: at once when it runs, after the restart when one is under way; throws when the server is down.</summary>
    private async Task<ServerProcess> RunningProcessAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        Task<ServerProcess?> available;
        lock (_gate)
        {
            available = _available;
        }

        var process = await available.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (process is not null && !process.Exited.IsCompleted)
        {
            return process;
        }

        // Exited a moment ago: wait for the watcher to decide (restart or down), then ask again.
        if (process is not null)
        {
            await _currentWatch.WaitAsync(cancellationToken).ConfigureAwait(false);
            return await RunningProcessAsync(cancellationToken).ConfigureAwait(false);
        }

        DownState down;
        lock (_gate)
        {
            down = _down ?? new DownState("The Stepflow server is not running.", _exitCode, false, Tail());
        }

        throw new StepflowServerExitedException(down.Message, down.ExitCode, down.Planned, down.LogTail);
    }

    // ---- Start-up ----

    /// <summary>Starts one process and waits until it is ready; on any failure it is killed and a typed error thrown.</summary>
    private async Task<ServerProcess> LaunchAsync(int port, CancellationToken cancellationToken)
    {
        var start = StartInfo(port);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var arguments = string.Join(' ', ArgumentsFor(port).Select(Quote));
            LocalServerLog.Starting(_logger, BinaryPath, arguments);
        }

        ServerProcess process;
        try
        {
            process = await ServerProcess.StartAsync(start, _standardInput, OnLine).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new StepflowServerStartException($"Could not start the Stepflow server {BinaryPath}: {e.Message}", null, false, Tail(), e);
        }

        using var timeout = _options.StartupTimeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(_options.StartupTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var phase = "announce its port (a {\"port\":N} line on stdout)";
        try
        {
            var ready = await Task.WhenAny(process.Port, process.Exited).WaitAsync(linked.Token).ConfigureAwait(false);
            if (ready != process.Port)
            {
                throw ExitedBeforeReady(process, await process.Exited.ConfigureAwait(false));
            }

            var listening = await process.Port.ConfigureAwait(false);
            var url = new Uri($"http://127.0.0.1:{listening.ToString(CultureInfo.InvariantCulture)}/");
            phase = $"answer GET {url}api/v1/health with 200";
            await WaitForHealthAsync(process, url, linked.Token).ConfigureAwait(false);
            return process;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await AbandonAsync(process).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            await AbandonAsync(process).ConfigureAwait(false);
            throw new StepflowServerStartException(
                StepflowLocalServerException.WithTail($"The Stepflow server {BinaryPath} did not {phase} within {_options.StartupTimeout}; it was killed.", Tail()),
                null, true, Tail(), e);
        }
        catch (StepflowServerStartException)
        {
            throw;
        }
        catch
        {
            await AbandonAsync(process).ConfigureAwait(false);
            throw;
        }
    }

    private async Task WaitForHealthAsync(ServerProcess process, Uri url, CancellationToken cancellationToken)
    {
        var health = new Uri(url, "api/v1/health");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.Exited.IsCompleted)
            {
                throw ExitedBeforeReady(process, await process.Exited.ConfigureAwait(false));
            }

            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(HealthAttemptTimeout);
                try
                {
                    using var response = await _health.GetAsync(health, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }

            await Task.WhenAny(Task.Delay(HealthPollInterval, cancellationToken), process.Exited).ConfigureAwait(false);
        }
    }

    private StepflowServerStartException ExitedBeforeReady(ServerProcess process, int exitCode) =>
        new(StepflowLocalServerException.WithTail($"The Stepflow server {BinaryPath} (process {process.Id}) exited with code {exitCode} before it was ready.", Tail()),
            exitCode, false, Tail());

    /// <summary>Kills a process that did not get ready, and waits for it to be gone.</summary>
    private static async Task AbandonAsync(ServerProcess process)
    {
        process.MarkPlanned();
        process.KillTree();
        try
        {
            await process.Exited.WaitAsync(ExitWaitAfterKill).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    private ProcessStartInfo StartInfo(int port)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (_options.WorkingDirectory is { } directory)
        {
            start.WorkingDirectory = directory;
        }

        if (ProcessLauncher.Setpriv is { } setpriv)
        {
            // The kernel kills the server when the thread that started it exits: see ProcessLauncher.
            start.FileName = setpriv;
            foreach (var argument in (string[])["--pdeathsig", "SIGKILL", "--", BinaryPath])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = BinaryPath;
        }

        foreach (var argument in ArgumentsFor(port))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _options.EnvironmentVariables)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }

    private IEnumerable<string> ArgumentsFor(int port) =>
        ["--port", port.ToString(CultureInfo.InvariantCulture), .. _argumentsAfterPort];

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? argument : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private void OnLine(string line, bool fromStandardError)
    {
        _logs.Add(line);
        try
        {
            var level = ServerOutput.LevelOf(line, fromStandardError);
            if (_logger.IsEnabled(level))
            {
                LocalServerLog.ServerLine(_logger, level, line);
            }

        }
#pragma warning disable CA1031 // A logging provider's failure must not stop the output pump (the server would block on a full pipe).
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private IReadOnlyList<string> Tail() => _logs.Snapshot(TailLines);

    // ---- Running, exits and restarts ----

    private void BecomeRunning(ServerProcess process)
    {
        var port = process.ListeningPort;
        lock (_gate)
        {
            Url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            _client ??= CreateClient(_options.ClientOptions);
            _current = process;
            _available = Task.FromResult<ServerProcess?>(process);
            _restarting?.TrySetResult(process);
            _restarting = null;
            // On a pool thread: an exit already seen must not raise Exited under this lock.
            _currentWatch = Task.Run(() => WatchAsync(process));
        }

        LocalServerLog.Ready(_logger, Url, process.Id);
    }

    private async Task WatchAsync(ServerProcess process)
    {
        var exitCode = await process.Exited.ConfigureAwait(false);
        bool planned;
        bool willRestart = false;
        int restartsBefore;
        lock (_gate)
        {
            _exitCode = exitCode;
            restartsBefore = _restarts;
            planned = process.Planned || _stopping;
            if (ReferenceEquals(_current, process))
            {
                _current = null;
            }

            if (!planned)
            {
                willRestart = _options.RestartPolicy == StepflowRestartPolicy.OnFailure && exitCode != 0 && _restarts < _options.MaxRestarts;
                if (willRestart)
                {
                    _restarts++;
                    _restarting = new TaskCompletionSource<ServerProcess?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _available = _restarting.Task;
                    _restartLoop = RestartAsync(process.Port.Result);
                }
                else
                {
                    GoDown($"The Stepflow server (process {process.Id}) exited by itself with code {exitCode}" +
                        (_options.RestartPolicy == StepflowRestartPolicy.OnFailure && exitCode != 0 ? $" and all {_options.MaxRestarts} restarts are used." : "."),
                        exitCode, planned: false);
                }
            }
        }

        if (planned)
        {
            LocalServerLog.Stopped(_logger, process.Id, exitCode);
        }
        else
        {
            LocalServerLog.ExitedUnplanned(_logger, process.Id, exitCode);
        }

        RaiseExited(new StepflowServerExitedEventArgs(exitCode, planned, willRestart, restartsBefore, Tail()));
    }

    private async Task RestartAsync(int port)
    {
        await Task.Yield();
        while (true)
        {
            try
            {
                await Task.Delay(RestartDelay, _lifetime.Token).ConfigureAwait(false);
                LocalServerLog.Restarting(_logger, port, Volatile.Read(ref _restarts), _options.MaxRestarts);
                var process = await LaunchAsync(port, _lifetime.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_stopping)
                    {
                        // Stopped while it started: StopCoreAsync stops it once this loop has ended.
                        _current = process;
                        return;
                    }
                }

                BecomeRunning(process);
                return;
            }
            catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
            {
                return;
            }
            catch (StepflowLocalServerException e)
            {
                LocalServerLog.RestartFailed(_logger, e);
                lock (_gate)
                {
                    if (e.ExitCode is { } code)
                    {
                        _exitCode = code;
                    }

                    if (!_stopping && _restarts < _options.MaxRestarts)
                    {
                        _restarts++;
                        continue;
                    }

                    GoDown(StepflowLocalServerException.WithTail($"The Stepflow server could not be restarted: {FirstLine(e.Message)}", e.LogTail),
                        e.ExitCode ?? _exitCode, planned: false);
                    return;
                }
            }
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');

    /// <summary>Marks the server down for good (under <see cref="_gate"/>): calls from now on fail with why.</summary>
    private void GoDown(string message, int? exitCode, bool planned)
    {
        if (_down is not null)
        {
            return;
        }

        var tail = Tail();
        _down = new DownState(planned ? message : StepflowLocalServerException.WithTail(message, tail), exitCode, planned, tail);
        _current = null;
        _available = Task.FromResult<ServerProcess?>(null);
        _restarting?.TrySetResult(null);
        _restarting = null;
    }

    private void RaiseExited(StepflowServerExitedEventArgs args)
    {
        if (Exited is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<StepflowServerExitedEventArgs>>())
        {
            try
            {
                handler(this, args);
            }
#pragma warning disable CA1031 // A subscriber's failure must not keep the others from hearing of the exit, nor break the watcher.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LocalServerLog.ExitedHandlerFailed(_logger, e);
            }
        }
    }

    private async Task StopCoreAsync()
    {
        Task restartLoop;
        lock (_gate)
        {
            _stopping = true;
            restartLoop = _restartLoop;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        await restartLoop.ConfigureAwait(false);

        ServerProcess? process;
        Task watch;
        lock (_gate)
        {
            process = _current;
            watch = _currentWatch;
        }

        if (process is not null && !process.Exited.IsCompleted)
        {
            process.MarkPlanned();
            var signalled = process.RequestStop();
            if (signalled && _options.ShutdownGracePeriod > TimeSpan.Zero)
            {
                try
                {
                    await process.Exited.WaitAsync(_options.ShutdownGracePeriod, _killNow.Token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    LocalServerLog.Killing(_logger, process.Id, _options.ShutdownGracePeriod);
                }
                catch (OperationCanceledException)
                {
                }
            }

            process.KillTree();
            try
            {
                await process.Exited.WaitAsync(ExitWaitAfterKill).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }

        await watch.ConfigureAwait(false);
        lock (_gate)
        {
            GoDown("The Stepflow server was stopped.", _exitCode, planned: true);
        }
    }
}
