using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Stepflow.Testing;
using Stepflow.Testing.Internal;

namespace Stepflow.FakeServerBinary;

/// <summary>
/// A fake <c>stepflow-server</c> for the local-server launcher's tests: the real binary's flags, log lines,
/// readiness line and signal handling (docs/server-api.md §13), serving <see cref="StepflowTestServer"/> as 0.13 (or as FAKE_STEPFLOW_EMULATION says),
/// with failure modes chosen by environment variables. See README.md for the contract.
/// </summary>
internal static class Program
{
    private const string Version = "0.13.0";
    private const string Target = "stepflow_server";
    private const string HttpTarget = "stepflow_server::http";

    /// <summary>
    /// How long stopping the server may take before the process exits anyway: the contract allows 1 s in all, and
    /// Kestrel would wait for requests in flight.
    /// </summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMilliseconds(300);

    private static async Task<int> Main(string[] args)
    {
        var recorder = Recorder.FromEnvironment();
        try
        {
            recorder.RecordStart(args);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.Usage($"cannot write to {Recorder.Variable}: {ex.Message}");
            return 1;
        }

        var commandLine = CommandLine.Parse(args, out var usageError);
        if (commandLine is null)
        {
            Log.Usage(usageError!);
            return 2;
        }

        if (commandLine.ShowHelp || commandLine.ShowVersion)
        {
            Console.Out.WriteLine(commandLine.ShowHelp ? CommandLine.HelpText : $"stepflow-server {Version} (fake)");
            Console.Out.Flush();
            return 0;
        }

        var behaviour = Behaviour.Parse(Environment.GetEnvironmentVariable(Behaviour.Variable), out var behaviourError);
        if (behaviour is null)
        {
            Log.Usage(behaviourError!);
            return 2;
        }

        if (Emulation.Parse(Environment.GetEnvironmentVariable(Emulation.Variable), out var emulationError) is not { } emulation)
        {
            Log.Usage(emulationError!);
            return 2;
        }

        var log = new Log(commandLine.LogLevel, commandLine.JsonLogs);
        using var shutdown = new Shutdown(log, Target, ignoreSigterm: behaviour.Kind == BehaviourKind.IgnoreSigterm);
        return await RunAsync(commandLine, behaviour, emulation, recorder, log, shutdown).ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(CommandLine commandLine, Behaviour behaviour, StepflowServerEmulation emulation, Recorder recorder, Log log, Shutdown shutdown)
    {
        var orchestrator = commandLine.OrchestratorId is { } id ? $" orchestrator_id={id}" : string.Empty;
        log.Info(Target, $"starting stepflow-server {Version} (fake){orchestrator}");

        // 1. The config: all of stdin, or the file, or none (the default config).
        byte[]? config = null;
        if (commandLine.ConfigFromStdin)
        {
            var reading = Task.Run(ReadStdinAsync);
            if (await Task.WhenAny(reading, shutdown.Requested).ConfigureAwait(false) != reading)
            {
                return ShutDown(log, server: null);
            }

            config = await reading.ConfigureAwait(false);
        }
        else if (commandLine.ConfigPath is { } path)
        {
            try
            {
                config = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                log.Error(Target, $"failed to read config file {path}: {ex.Message}");
                return 1;
            }
        }

        if (config is not null)
        {
            recorder.RecordConfig(config);
        }

        if (commandLine.ConfigFromStdin && JsonObjectError(config!) is { } parseError)
        {
            log.Error(Target, $"failed to parse config from stdin: {parseError}");
            return 1;
        }

        log.Info(Target, commandLine.ConfigFromStdin ? $"loaded config from stdin ({config!.Length} bytes)"
            : commandLine.ConfigPath is { } file ? $"loaded config from {file}"
            : "no config given: using the default config (builtin plugin, no routes, in-memory storage)");

        // 2. Plugins: where the failure modes before readiness happen.
        if (behaviour.Kind == BehaviourKind.ExitBeforeReady)
        {
            log.Error(Target, "failed to initialize plugins: boom");
            return behaviour.Value;
        }

        log.Info(Target, "initializing plugins");
        if (behaviour.Kind == BehaviourKind.HangBeforeReady)
        {
            await shutdown.Requested.ConfigureAwait(false);
            return ShutDown(log, server: null);
        }

        // crash-once-after crashes only when its marker file is not there yet, and leaves it for the next start.
        if (behaviour is { Kind: BehaviourKind.CrashAfter, MarkerFile: { } marker })
        {
            if (File.Exists(marker))
            {
                behaviour = new Behaviour(BehaviourKind.Normal);
            }
            else
            {
                await File.WriteAllTextAsync(marker, string.Empty).ConfigureAwait(false);
            }
        }

        // 3. Listening, then the readiness line.
        var unhealthyFor = behaviour.Kind == BehaviourKind.UnhealthyFor ? TimeSpan.FromMilliseconds(behaviour.Value) : TimeSpan.Zero;
        var sinceReady = new Stopwatch();
        if (PortInUse(commandLine.Port) is { } inUse)
        {
            log.Error(Target, $"failed to listen on 127.0.0.1:{commandLine.Port}: {inUse}");
            return 1;
        }

        StepflowTestServer server;
        try
        {
            server = new StepflowTestServer(emulation, new HostingOptions
            {
                Port = commandLine.Port,
                Middleware = (context, next) => HandleAsync(context, next, log, unhealthyFor, sinceReady),
            });
        }
#pragma warning disable CA1031 // Whatever stops WireMock from starting (a port in use, most often) ends the process with an error line.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            log.Error(Target, $"failed to listen on 127.0.0.1:{commandLine.Port}: {ex.Message}");
            return 1;
        }

        var port = server.Url.Port;
        sinceReady.Start();
        log.Info(Target, $"listening on 127.0.0.1:{port}");
        log.Ready(port);

        // 4. Serving until a signal (or the simulated crash).
        var crash = behaviour.Kind == BehaviourKind.CrashAfter
            ? Task.Delay(TimeSpan.FromMilliseconds(behaviour.Value))
            : Task.Delay(Timeout.Infinite);
        if (await Task.WhenAny(shutdown.Requested, crash).ConfigureAwait(false) == crash)
        {
            log.Error(Target, "crashed");
            await StopAsync(server).ConfigureAwait(false);
            return 3;
        }

        return ShutDown(log, server);
    }

    /// <summary>In front of the fake for every request: one log line, and the 503 health answers of <c>unhealthy-for</c>.</summary>
    private static Task HandleAsync(HttpContext context, RequestDelegate next, Log log, TimeSpan unhealthyFor, Stopwatch sinceReady)
    {
        var request = context.Request;
        log.Info(HttpTarget, $"{request.Method} {request.Path.ToUriComponent()}{request.QueryString.ToUriComponent()}");
        if (request.Method == "GET" && request.Path == "/api/v1/health" && sinceReady.Elapsed < unhealthyFor)
        {
            context.Response.StatusCode = 503;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(
                """{"error":{"code":503,"message":"the server is not ready yet (FAKE_STEPFLOW_BEHAVIOUR=unhealthy-for)","status":"UNAVAILABLE"}}""",
                Encoding.UTF8);
        }

        return next(context);
    }

    /// <summary>
    /// Why <paramref name="port"/> cannot be listened on, or null: WireMock reports a port in use only after its
    /// 10 s start timeout, the real server at once.
    /// </summary>
    private static string? PortInUse(int port)
    {
        if (port == 0)
        {
            return null;
        }

        try
        {
            var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
            return null;
        }
        catch (SocketException ex)
        {
            return ex.Message;
        }
    }

    private static int ShutDown(Log log, StepflowTestServer? server)
    {
        log.Info(Target, "shutting down");
        if (server is not null)
        {
            StopAsync(server).GetAwaiter().GetResult();
        }

        return 0;
    }

    /// <summary>Stops the server, waiting at most <see cref="StopTimeout"/>: the process exits either way.</summary>
    private static async Task StopAsync(StepflowTestServer server)
    {
        var stopping = Task.Run(server.Dispose);
        await Task.WhenAny(stopping, Task.Delay(StopTimeout)).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadStdinAsync()
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        await stdin.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Why <paramref name="config"/> is not a JSON object (the real server needs one), or null when it is.</summary>
    private static string? JsonObjectError(byte[] config)
    {
        try
        {
            using var document = JsonDocument.Parse(config);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"expected a JSON object, found {document.RootElement.ValueKind}");
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }
}
