using Stepflow.Client;
using Stepflow.LocalServer.Tests.Infrastructure;

namespace Stepflow.LocalServer.Tests;

/// <summary>These tests change this process's PATH and STEPFLOW_DEV_BINARY, so they run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentTests
{
    public const string Name = "Process environment";
}

/// <summary>Finding the binary: the options' path, else STEPFLOW_DEV_BINARY, else stepflow-server on PATH; else a typed error.</summary>
[Collection(ProcessEnvironmentTests.Name)]
public sealed class DiscoveryTests : IDisposable
{
    private readonly Scratch _scratch = new();
    private readonly string? _savedPath = Environment.GetEnvironmentVariable("PATH");
    private readonly string? _savedDevBinary = Environment.GetEnvironmentVariable("STEPFLOW_DEV_BINARY");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _savedPath);
        Environment.SetEnvironmentVariable("STEPFLOW_DEV_BINARY", _savedDevBinary);
        _scratch.Dispose();
    }

    /// <summary>Three wrappers named stepflow-server (explicit/, env/, path/), each marking which one ran; PATH and the variable as asked.</summary>
    private (string Explicit, string Env, string OnPath) Arrange(bool setEnvironmentVariable)
    {
        var explicitWrapper = _scratch.WriteWrapper("explicit", "explicit");
        var envWrapper = _scratch.WriteWrapper("env", "env");
        var pathWrapper = _scratch.WriteWrapper("path", "path");
        Environment.SetEnvironmentVariable("PATH", _scratch.Path("path") + Path.PathSeparator + _savedPath);
        Environment.SetEnvironmentVariable("STEPFLOW_DEV_BINARY", setEnvironmentVariable ? envWrapper : null);
        return (explicitWrapper, envWrapper, pathWrapper);
    }

    private async Task<string> StartedWrapperAsync(StepflowLocalServerOptions options, string expectedBinary)
    {
        await using var server = await StepflowLocalServer.StartAsync(options);
        Assert.Equal(expectedBinary, server.BinaryPath);
        return Assert.Single(_scratch.EnvReceived, l => l.StartsWith("STEPFLOW_TEST_WRAPPER=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_options_path_wins_over_STEPFLOW_DEV_BINARY_and_PATH()
    {
        var (explicitWrapper, _, _) = Arrange(setEnvironmentVariable: true);
        var options = FakeBinary.Options(_scratch);
        options.BinaryPath = explicitWrapper;

        Assert.Equal("STEPFLOW_TEST_WRAPPER=explicit", await StartedWrapperAsync(options, explicitWrapper));
    }

    [Fact]
    public async Task STEPFLOW_DEV_BINARY_wins_over_PATH()
    {
        var (_, envWrapper, _) = Arrange(setEnvironmentVariable: true);
        var options = FakeBinary.Options(_scratch);
        options.BinaryPath = null;

        Assert.Equal("STEPFLOW_TEST_WRAPPER=env", await StartedWrapperAsync(options, envWrapper));
    }

    [Fact]
    public async Task Stepflow_server_on_PATH_is_used_when_nothing_names_a_binary()
    {
        var (_, _, pathWrapper) = Arrange(setEnvironmentVariable: false);
        var options = FakeBinary.Options(_scratch);
        options.BinaryPath = null;

        Assert.Equal("STEPFLOW_TEST_WRAPPER=path", await StartedWrapperAsync(options, pathWrapper));
    }

    [Fact]
    public async Task No_binary_anywhere_is_a_typed_error_listing_every_place_looked_and_how_to_install_one()
    {
        var first = Directory.CreateDirectory(_scratch.Path("empty1")).FullName;
        var second = Directory.CreateDirectory(_scratch.Path("empty2")).FullName;
        Environment.SetEnvironmentVariable("PATH", first + Path.PathSeparator + second);
        Environment.SetEnvironmentVariable("STEPFLOW_DEV_BINARY", null);

        var error = await Assert.ThrowsAsync<StepflowServerNotFoundException>(() => StepflowLocalServer.StartAsync(new StepflowLocalServerOptions()));

        Assert.IsAssignableFrom<StepflowClientException>(error);
        Assert.Equal(
            [
                "StepflowLocalServerOptions.BinaryPath: not set",
                "STEPFLOW_DEV_BINARY: not set",
                $"{Path.Combine(first, "stepflow-server")} (PATH): no such file",
                $"{Path.Combine(second, "stepflow-server")} (PATH): no such file",
            ],
            error.SearchedLocations);
        foreach (var place in error.SearchedLocations)
        {
            Assert.Contains(place, error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("https://github.com/stepflow-ai/stepflow/releases", error.Message, StringComparison.Ordinal);
        Assert.Contains("ghcr.io/stepflow-ai/stepflow/stepflow-server", error.Message, StringComparison.Ordinal);
        Assert.Contains("pip install stepflow-orchestrator", error.Message, StringComparison.Ordinal);
        Assert.Contains("bin/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_STEPFLOW_DEV_BINARY_that_names_no_file_is_an_error_not_skipped_for_PATH()
    {
        Arrange(setEnvironmentVariable: false);
        var missing = _scratch.Path("nowhere", "stepflow-server");
        Environment.SetEnvironmentVariable("STEPFLOW_DEV_BINARY", missing);

        var error = await Assert.ThrowsAsync<StepflowServerNotFoundException>(() => StepflowLocalServer.StartAsync(new StepflowLocalServerOptions()));

        Assert.Equal(["StepflowLocalServerOptions.BinaryPath: not set", $"{missing} (STEPFLOW_DEV_BINARY): no such file"], error.SearchedLocations);
    }

    [Fact]
    public async Task An_options_path_to_a_file_that_is_not_executable_says_so()
    {
        Arrange(setEnvironmentVariable: true);
        var notExecutable = _scratch.Path("stepflow-server.txt");
        await File.WriteAllTextAsync(notExecutable, "not a program");

        var error = await Assert.ThrowsAsync<StepflowServerNotFoundException>(
            () => StepflowLocalServer.StartAsync(new StepflowLocalServerOptions { BinaryPath = notExecutable }));

        Assert.Equal([$"{notExecutable} (StepflowLocalServerOptions.BinaryPath): not executable (chmod +x it)"], error.SearchedLocations);
    }
}
