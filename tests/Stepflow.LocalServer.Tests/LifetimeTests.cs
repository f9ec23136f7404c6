using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Stepflow.Client;
using Stepflow.LocalServer.Tests.Infrastructure;

namespace Stepflow.LocalServer.Tests;

/// <summary>Stopping (SIGTERM, then the process tree killed), crashes, the restart policy, failing fast, servers side by side.</summary>
public sealed class LifetimeTests : IDisposable
{
    private const string Flow = """{"name":"echo","steps":[],"output":{"$input":"name"}}""";

    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Dispose_stops_the_server_gracefully_and_leaves_no_process()
    {
        var exits = new ConcurrentQueue<StepflowServerExitedEventArgs>();
        var server = await StepflowLocalServer.StartAsync(FakeBinary.Options(_scratch));
        server.Exited += (_, e) => exits.Enqueue(e);
        var pid = await _scratch.RecordedPidAsync();
        Assert.Equal(pid, server.ProcessId);

        await server.DisposeAsync();

        Assert.False(Wait.IsAlive(pid));
        var exit = Assert.Single(exits);
        Assert.Equal((0, true, false), (exit.ExitCode, exit.Planned, exit.WillRestart));
        Assert.Contains(server.RecentLogs, l => l.Contains("shutting down", StringComparison.Ordinal));
        Assert.True(server.HasExited);
        Assert.Equal(0, server.ExitCode);
        Assert.Null(server.ProcessId);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.ListComponentsAsync());
        await server.DisposeAsync();
    }

    [Fact]
    public async Task After_StopAsync_calls_fail_at_once_as_a_planned_exit()
    {
        await using var server = await StepflowLocalServer.StartAsync(FakeBinary.Options(_scratch));

        await server.StopAsync();

        var error = await Assert.ThrowsAsync<StepflowServerExitedException>(() => server.ListComponentsAsync());
        Assert.True(error.Planned);
        Assert.Equal(0, error.ExitCode);
    }

    [Fact]
    public async Task A_server_that_ignores_SIGTERM_is_killed_with_its_process_tree_after_the_grace_period()
    {
        // The wrapper leaves a child of its own behind (a sleep), then becomes the fake: the tree is the fake and the sleep.
        var grandchildFile = _scratch.Path("grandchild");
        var wrapper = _scratch.WriteScript("bin/stepflow-server", $"sleep 120 &\necho $! > '{grandchildFile}'\nexec '{FakeBinary.Path}' \"$@\"");
        var logs = new CapturingLoggerProvider();
        var options = FakeBinary.Options(_scratch, "ignore-sigterm");
        options.BinaryPath = wrapper;
        options.ShutdownGracePeriod = TimeSpan.FromSeconds(1);
        options.LoggerFactory = logs.CreateFactory();
        var server = await StepflowLocalServer.StartAsync(options);
        var pid = await _scratch.RecordedPidAsync();
        var grandchild = int.Parse((await File.ReadAllTextAsync(grandchildFile)).Trim(), CultureInfo.InvariantCulture);
        try
        {
            Assert.True(Wait.IsAlive(grandchild));

            await server.DisposeAsync();

            await Wait.UntilGoneAsync(pid);
            await Wait.UntilGoneAsync(grandchild);
        }
        finally
        {
            // Whatever failed above, the sleep this test started must not outlive it.
            if (Wait.IsAlive(grandchild))
            {
                using var sleep = Process.GetProcessById(grandchild);
                sleep.Kill();
            }
        }

        Assert.Contains(server.RecentLogs, l => l.Contains("ignoring SIGTERM", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("did not stop within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancelled_stop_kills_at_once_instead_of_waiting_out_the_grace_period()
    {
        var options = FakeBinary.Options(_scratch, "ignore-sigterm");
        options.ShutdownGracePeriod = TimeSpan.FromMinutes(5);
        await using var server = await StepflowLocalServer.StartAsync(options);
        var pid = await _scratch.RecordedPidAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var clock = Stopwatch.StartNew();

        await server.StopAsync(cancelled.Token);

        await Wait.UntilGoneAsync(pid);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_crash_without_restart_raises_Exited_and_every_call_then_fails_fast_with_the_exit_code_and_log_tail()
    {
        var exited = new TaskCompletionSource<StepflowServerExitedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = FakeBinary.Options(_scratch, "crash-after:3000");
        // A retry budget far beyond the assertion below: failing fast must not come from running out of retries.
        options.ClientOptions = new StepflowClientOptions { OperationTimeout = TimeSpan.FromMinutes(10) };
        options.ClientOptions.Retry.MaxRetries = 50;
        options.ClientOptions.Retry.BaseDelay = TimeSpan.FromSeconds(2);
        await using var server = await StepflowLocalServer.StartAsync(options);
        server.Exited += (_, e) => exited.TrySetResult(e);
        var pid = await _scratch.RecordedPidAsync();

        var exit = await exited.Task.WaitAsync(Wait.Generous);

        Assert.Equal((3, false, false, 0), (exit.ExitCode, exit.Planned, exit.WillRestart, exit.RestartCount));
        Assert.Contains(exit.LogTail, l => l.Contains("crashed", StringComparison.Ordinal));
        Assert.True(server.HasExited);
        Assert.Equal(3, server.ExitCode);
        Assert.False(Wait.IsAlive(pid));
        IStepflowExecutor executor = server;
        var calls = new Func<Task>[]
        {
            () => executor.RunAsync(FlowSource.FromJson(Flow), new { name = "Ada" }),
            () => executor.SubmitAsync(FlowSource.FromJson(Flow), new { name = "Ada" }),
            () => executor.GetResultAsync(Guid.NewGuid()),
            () => executor.ValidateAsync(FlowSource.FromJson(Flow)),
            () => executor.ListComponentsAsync(),
        };
        foreach (var call in calls)
        {
            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<StepflowServerExitedException>(call);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
            Assert.Equal(3, error.ExitCode);
            Assert.False(error.Planned);
            Assert.Contains(error.LogTail, l => l.Contains("crashed", StringComparison.Ordinal));
            Assert.Contains("exited by itself with code 3", error.Message, StringComparison.Ordinal);
            Assert.Contains("crashed", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_crash_with_OnFailure_restarts_the_server_on_the_same_port()
    {
        var exits = new ConcurrentQueue<StepflowServerExitedEventArgs>();
        var options = FakeBinary.Options(_scratch, $"crash-once-after:3000:{_scratch.Path("crashed-once")}");
        options.RestartPolicy = StepflowRestartPolicy.OnFailure;
        options.MaxRestarts = 2;
        await using var server = await StepflowLocalServer.StartAsync(options);
        server.Exited += (_, e) => exits.Enqueue(e);
        var url = server.Url;
        var firstPid = await _scratch.RecordedPidAsync();
        File.Delete(Path.Combine(_scratch.RecordDir, "pid"));

        await Wait.UntilAsync(() => !exits.IsEmpty, "the crash");
        // Calls made during the restart wait for it.
        var components = await server.ListComponentsAsync();

        Assert.NotEmpty(components);
        var exit = Assert.Single(exits);
        Assert.Equal((3, false, true, 0), (exit.ExitCode, exit.Planned, exit.WillRestart, exit.RestartCount));
        Assert.Equal(1, server.RestartCount);
        Assert.False(server.HasExited);
        Assert.Equal(url, server.Url);
        var secondPid = await _scratch.RecordedPidAsync();
        Assert.NotEqual(firstPid, secondPid);
        Assert.Equal(secondPid, server.ProcessId);
        Assert.False(Wait.IsAlive(firstPid));
        Assert.Equal(["--port", url.Port.ToString(CultureInfo.InvariantCulture), "--config-stdin"], _scratch.ArgsReceived);
        var result = await server.RunAsync(FlowSource.FromJson(Flow), new { name = "Ada" });
        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task When_the_restarts_are_used_up_the_server_stays_down_and_calls_fail_fast()
    {
        var exits = new ConcurrentQueue<StepflowServerExitedEventArgs>();
        var options = FakeBinary.Options(_scratch, "crash-after:3000");
        options.RestartPolicy = StepflowRestartPolicy.OnFailure;
        options.MaxRestarts = 1;
        await using var server = await StepflowLocalServer.StartAsync(options);
        server.Exited += (_, e) => exits.Enqueue(e);

        await Wait.UntilAsync(() => exits.Count == 2, "two crashes");

        Assert.Equal([true, false], exits.Select(e => e.WillRestart));
        Assert.Equal([0, 1], exits.Select(e => e.RestartCount));
        Assert.True(server.HasExited);
        Assert.Equal(1, server.RestartCount);
        var error = await Assert.ThrowsAsync<StepflowServerExitedException>(() => server.ListComponentsAsync());
        Assert.Equal(3, error.ExitCode);
        Assert.Contains("restarts are used", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_servers_run_side_by_side_and_both_stop()
    {
        using var other = new Scratch();
        var started = await Task.WhenAll(
            StepflowLocalServer.StartAsync(FakeBinary.Options(_scratch)),
            StepflowLocalServer.StartAsync(FakeBinary.Options(other)));
        var pids = new[] { await _scratch.RecordedPidAsync(), await other.RecordedPidAsync() };
        try
        {
            Assert.NotEqual(started[0].Url, started[1].Url);
            Assert.NotEqual(pids[0], pids[1]);
            foreach (var server in started)
            {
                var result = await server.RunAsync(FlowSource.FromJson(Flow), new { name = "Ada" });
                Assert.True(result.IsSuccess);
            }
        }
        finally
        {
            await Task.WhenAll(started.Select(s => s.DisposeAsync().AsTask()));
        }

        Assert.All(pids, pid => Assert.False(Wait.IsAlive(pid)));
    }
}
