using Microsoft.Extensions.Logging;
using Stepflow.LocalServer.Internal;
using Stepflow.LocalServer.Tests.Infrastructure;

namespace Stepflow.LocalServer.Tests;

/// <summary>Every output line goes to the logger (category Stepflow.LocalServer) and to RecentLogs; the child's environment never does.</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Every_output_line_goes_to_the_logger_at_its_level_and_to_RecentLogs()
    {
        var logs = new CapturingLoggerProvider();
        var options = FakeBinary.Options(_scratch, "crash-after:3000");
        options.LoggerFactory = logs.CreateFactory();
        await using var server = await StepflowLocalServer.StartAsync(options);
        await Wait.UntilAsync(() => logs.Entries.Any(e => e.Message.Contains("exited by itself", StringComparison.Ordinal)), "the crash to be logged");

        var lines = server.RecentLogs;
        var logged = logs.Entries.Where(e => e.Category == "Stepflow.LocalServer").ToList();
        Assert.All(lines, line => Assert.Contains(logged, e => e.Message == line));
        Assert.Contains(logged, e => e.Level == LogLevel.Information && e.Message.Contains(" INFO ", StringComparison.Ordinal));
        Assert.Contains(logged, e => e.Level == LogLevel.Error && e.Message.Contains("crashed", StringComparison.Ordinal));
        Assert.Contains(logged, e => e.Level == LogLevel.Information && e.Message.StartsWith("{\"port\":", StringComparison.Ordinal));
        Assert.Contains(logged, e => e.Message.StartsWith("Starting Stepflow server ", StringComparison.Ordinal));
        Assert.Contains(logged, e => e.Level == LogLevel.Error && e.Message.Contains("exited by itself with exit code 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecentLogs_keeps_only_the_last_lines()
    {
        var options = FakeBinary.Options(_scratch);
        options.RecentLogCapacity = 3;
        await using var server = await StepflowLocalServer.StartAsync(options);
        using var client = server.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            await client.HealthCheckAsync();
        }

        await Wait.UntilAsync(() => server.RecentLogs.All(l => l.Contains("/api/v1/health", StringComparison.Ordinal)), "only request lines to be left");
        Assert.Equal(3, server.RecentLogs.Count);
    }

    [Fact]
    public async Task Environment_variables_reach_the_server_but_never_the_logs()
    {
        const string Secret = "sk-test-5f1b9c0e-never-logged";
        var logs = new CapturingLoggerProvider();
        var options = FakeBinary.Options(_scratch);
        options.LoggerFactory = logs.CreateFactory();
        options.EnvironmentVariables["STEPFLOW_TEST_API_KEY"] = Secret;

        await using (var server = await StepflowLocalServer.StartAsync(options))
        {
            using var client = server.CreateClient();
            await client.HealthCheckAsync();
            Assert.DoesNotContain(server.RecentLogs, l => l.Contains(Secret, StringComparison.Ordinal));
        }

        Assert.Contains($"STEPFLOW_TEST_API_KEY={Secret}", _scratch.EnvReceived);
        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(Secret, logs.AllText, StringComparison.Ordinal);
        Assert.Contains("STEPFLOW_TEST_API_KEY", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_failure_does_not_put_the_environment_in_its_message()
    {
        const string Secret = "sk-test-a77e-start-failure";
        var options = FakeBinary.Options(_scratch, "exit-before-ready:1");
        options.EnvironmentVariables["STEPFLOW_TEST_API_KEY"] = Secret;

        var error = await Assert.ThrowsAsync<StepflowServerStartException>(() => StepflowLocalServer.StartAsync(options));

        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"port":7840}""", 7840)]
    [InlineData("""  {"port": 40123}  """, 40123)]
    [InlineData("""{"other":1,"port":5}""", 5)]
    public void The_readiness_line_is_a_JSON_object_with_a_numeric_port(string line, int port)
    {
        Assert.True(ServerOutput.TryParsePort(line, out var parsed));
        Assert.Equal(port, parsed);
    }

    [Theory]
    [InlineData("2026-12-02T10:00:00.123Z  INFO stepflow_server: listening on port 7840")]
    [InlineData("""{"port":"7840"}""")]
    [InlineData("""{"port":0}""")]
    [InlineData("""{"timestamp":"t","level":"INFO","fields":{"message":"port"}}""")]
    [InlineData("""{"port":7840""")]
    [InlineData("""[{"port":7840}]""")]
    public void Other_lines_are_not_the_readiness_line(string line) =>
        Assert.False(ServerOutput.TryParsePort(line, out _));

    [Theory]
    [InlineData("2026-12-02T10:00:00.123Z  INFO stepflow_server: starting", false, LogLevel.Information)]
    [InlineData("2026-12-02T10:00:00.123Z  WARN stepflow_server: slow", false, LogLevel.Warning)]
    [InlineData("2026-12-02T10:00:00.123Z ERROR stepflow_server: boom", true, LogLevel.Error)]
    [InlineData("2026-12-02T10:00:00.123Z DEBUG stepflow_plugin: detail", false, LogLevel.Debug)]
    [InlineData("""{"timestamp":"t","level":"WARN","target":"x"}""", false, LogLevel.Warning)]
    [InlineData("thread 'main' panicked at src/main.rs", true, LogLevel.Warning)]
    [InlineData("""{"port":7840}""", false, LogLevel.Information)]
    [InlineData("2026-12-02T10:00:00.123Z  INFO stepflow_server: Informational, no ERRORS here", false, LogLevel.Information)]
    public void A_lines_level_is_its_level_word(string line, bool fromStandardError, LogLevel level) =>
        Assert.Equal(level, ServerOutput.LevelOf(line, fromStandardError));

    [Fact]
    public void The_log_ring_keeps_the_newest_lines_oldest_first()
    {
        var ring = new LogRing(3);
        Assert.Empty(ring.Snapshot());
        foreach (var line in new[] { "a", "b", "c", "d", "e" })
        {
            ring.Add(line);
        }

        Assert.Equal(["c", "d", "e"], ring.Snapshot());
        Assert.Equal(["d", "e"], ring.Snapshot(2));
    }
}
