using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Stepflow.LocalServer.Tests.Infrastructure;

namespace Stepflow.LocalServer.Tests;

/// <summary>Start-up (docs/server-api.md §13): arguments, the configuration on stdin or in a file, the port line, health, timeout, early exit, cancellation.</summary>
public sealed class StartupTests : IDisposable
{
    private const string MinimalConfig = """{"plugins":{"builtin":{"type":"builtin"}},"routes":{"/builtin":[{"plugin":"builtin"}]}}""";

    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Without_a_configuration_the_minimal_builtin_one_is_written_to_stdin_and_a_free_port_asked_for()
    {
        await using var server = await StepflowLocalServer.StartAsync(FakeBinary.Options(_scratch));

        Assert.Equal(MinimalConfig, _scratch.ConfigReceived);
        Assert.Equal(["--port", "0", "--config-stdin"], _scratch.ArgsReceived);
        Assert.Equal(MinimalConfig, StepflowServerConfig.CreateDefault().ToJson());
    }

    [Fact]
    public async Task A_typed_configuration_reaches_the_server_exactly_as_serialized()
    {
        var config = StepflowServerConfig.CreateDefault()
            .AddPlugin("tools", StepflowPluginConfig.Mcp("npx", ["-y", "search-server"], new Dictionary<string, string> { ["TOKEN"] = "t" }));
        config.Routes["/tools"][0].Settings["componentAllow"] = new JsonArray("search");
        config.Plugins["python"] = StepflowPluginConfig.Of("stepflow", new JsonObject { ["command"] = "uv", ["args"] = new JsonArray("run", "worker.py") });
        config.Routes["/python"] = [new StepflowRouteRule("python")];
        config.Storage = StepflowStorageConfig.Sqlite("sqlite:state.db?mode=rwc");
        config.AdditionalSettings["blobApi"] = new JsonObject { ["enabled"] = true };
        var options = FakeBinary.Options(_scratch);
        options.Config = config;
        options.AdditionalArguments.Add("--log-level");
        options.AdditionalArguments.Add("debug");

        await using var server = await StepflowLocalServer.StartAsync(options);

        const string Expected = """
            {"plugins":{"builtin":{"type":"builtin"},"tools":{"type":"mcp","command":"npx","args":["-y","search-server"],"env":{"TOKEN":"t"}},"python":{"type":"stepflow","command":"uv","args":["run","worker.py"]}},"routes":{"/builtin":[{"plugin":"builtin"}],"/tools":[{"plugin":"tools","componentAllow":["search"]}],"/python":[{"plugin":"python"}]},"storageConfig":{"type":"sqlite","databaseUrl":"sqlite:state.db?mode=rwc","autoMigrate":true},"blobApi":{"enabled":true}}
            """;
        Assert.Equal(Expected, _scratch.ConfigReceived);
        Assert.Equal(Expected, config.ToJson());
        Assert.Equal(["--port", "0", "--config-stdin", "--log-level", "debug"], _scratch.ArgsReceived);
    }

    [Fact]
    public async Task A_configuration_file_is_passed_as_config_and_nothing_is_written_to_stdin()
    {
        var file = _scratch.Path("stepflow-config.yml");
        await File.WriteAllTextAsync(file, "plugins:\n  builtin:\n    type: builtin\nroutes:\n  /builtin:\n    - plugin: builtin\n");
        var options = FakeBinary.Options(_scratch);
        options.ConfigFile = file;

        await using var server = await StepflowLocalServer.StartAsync(options);

        Assert.Equal(["--port", "0", "--config", file], _scratch.ArgsReceived);
        Assert.Equal(await File.ReadAllTextAsync(file), _scratch.ConfigReceived);
    }

    [Fact]
    public async Task The_port_is_read_from_its_line_among_the_log_lines_and_the_url_is_loopback()
    {
        await using var server = await StepflowLocalServer.StartAsync(FakeBinary.Options(_scratch));

        var logs = server.RecentLogs;
        var portLine = Assert.Single(logs, l => l.StartsWith("{\"port\":", StringComparison.Ordinal));
        var port = (int)JsonNode.Parse(portLine)!["port"]!;
        Assert.Equal(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), server.Url);
        Assert.Equal(server.Url, server.BaseAddress);
        var portAt = logs.ToList().IndexOf(portLine);
        Assert.Contains(logs.Take(portAt), l => l.Contains("INFO", StringComparison.Ordinal));
        using var client = server.CreateClient();
        var health = await client.HealthCheckAsync();
        Assert.Equal("healthy", health.Status);
        Assert.Equal(Client.StepflowApiGeneration.V012, health.ApiGeneration);
    }

    [Fact]
    public async Task A_given_port_is_passed_to_the_server_and_used()
    {
        var port = FreePort();
        var options = FakeBinary.Options(_scratch);
        options.Port = port;

        await using var server = await StepflowLocalServer.StartAsync(options);

        Assert.Equal(port, server.Url.Port);
        Assert.Equal(["--port", port.ToString(CultureInfo.InvariantCulture), "--config-stdin"], _scratch.ArgsReceived);
    }

    [Fact]
    public async Task Health_is_polled_until_it_answers_200()
    {
        // The fake announces its port at once but answers health with 503 for three seconds.
        await using var server = await StepflowLocalServer.StartAsync(FakeBinary.Options(_scratch, "unhealthy-for:3000"));

        using var client = server.CreateClient();
        Assert.Equal("healthy", (await client.HealthCheckAsync()).Status);
        Assert.True(server.RecentLogs.Count(l => l.Contains("/api/v1/health", StringComparison.Ordinal)) >= 2, string.Join('\n', server.RecentLogs));
    }

    [Fact]
    public async Task A_server_that_never_announces_its_port_times_out_with_its_log_tail_and_is_killed()
    {
        var options = FakeBinary.Options(_scratch, "hang-before-ready");
        options.StartupTimeout = TimeSpan.FromSeconds(3);

        var error = await Assert.ThrowsAsync<StepflowServerStartException>(() => StepflowLocalServer.StartAsync(options));

        Assert.True(error.TimedOut);
        Assert.Null(error.ExitCode);
        Assert.Contains("did not announce its port", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(error.LogTail);
        Assert.Contains(error.LogTail[^1], error.Message, StringComparison.Ordinal);
        await Wait.UntilGoneAsync(await _scratch.RecordedPidAsync());
    }

    [Fact]
    public async Task A_server_that_exits_before_it_is_ready_reports_the_exit_code_and_what_it_printed()
    {
        var error = await Assert.ThrowsAsync<StepflowServerStartException>(
            () => StepflowLocalServer.StartAsync(FakeBinary.Options(_scratch, "exit-before-ready:7")));

        Assert.False(error.TimedOut);
        Assert.Equal(7, error.ExitCode);
        Assert.Contains(error.LogTail, l => l.Contains("failed to initialize plugins: boom", StringComparison.Ordinal));
        Assert.Contains("exited with code 7 before it was ready", error.Message, StringComparison.Ordinal);
        Assert.Contains("failed to initialize plugins: boom", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_start_stops_the_start_and_the_process()
    {
        using var cancel = new CancellationTokenSource();
        var start = StepflowLocalServer.StartAsync(FakeBinary.Options(_scratch, "hang-before-ready"), cancel.Token);
        var pid = await _scratch.RecordedPidAsync();
        Assert.True(Wait.IsAlive(pid));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
        await Wait.UntilGoneAsync(pid);
    }

    [Fact]
    public async Task Options_are_checked_before_anything_starts()
    {
        var both = FakeBinary.Options(_scratch);
        both.Config = StepflowServerConfig.CreateDefault();
        both.ConfigFile = _scratch.Path("x.yml");
        await Assert.ThrowsAsync<ArgumentException>(() => StepflowLocalServer.StartAsync(both));

        var missingFile = FakeBinary.Options(_scratch);
        missingFile.ConfigFile = _scratch.Path("missing.yml");
        await Assert.ThrowsAsync<FileNotFoundException>(() => StepflowLocalServer.StartAsync(missingFile));

        var badPort = FakeBinary.Options(_scratch);
        badPort.Port = 70000;
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => StepflowLocalServer.StartAsync(badPort));

        Assert.False(File.Exists(Path.Combine(_scratch.RecordDir, "pid")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
