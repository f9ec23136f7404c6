using System.Text.Json.Nodes;
using Stepflow.Client;
using Stepflow.LocalServer.Tests.Infrastructure;

namespace Stepflow.LocalServer.Tests;

/// <summary>One fake server for the executor contract tests.</summary>
public sealed class LocalServerFixture : IAsyncLifetime, IDisposable
{
    private readonly Scratch _scratch = new();

    public StepflowLocalServer Server { get; private set; } = null!;

    public StepflowClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await StepflowLocalServer.StartAsync(FakeBinary.Options(_scratch));
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _scratch.Dispose();
    }

    public void Dispose() => _scratch.Dispose();
}

/// <summary>
/// The <see cref="IStepflowExecutor"/> contract, the same for the server object and for a <see cref="StepflowClient"/>
/// of it: code written against one runs against the other. (The fake's items echo their input.)
/// </summary>
public sealed class ExecutorContractTests(LocalServerFixture fixture) : IClassFixture<LocalServerFixture>
{
    private const string Flow = """{"name":"echo","steps":[],"output":{"$input":"name"}}""";

    public static TheoryData<string> Executors => new() { "server", "client" };

    private IStepflowExecutor Executor(string which) => which == "server" ? fixture.Server : fixture.Client;

    [Theory]
    [MemberData(nameof(Executors))]
    public void Its_base_address_is_the_server_url(string which) =>
        Assert.Equal(fixture.Server.Url, Executor(which).BaseAddress);

    [Theory]
    [MemberData(nameof(Executors))]
    public async Task RunAsync_runs_the_flow_and_returns_the_finished_result(string which)
    {
        var result = await Executor(which).RunAsync(FlowSource.FromJson(Flow), new { name = "Ada" });

        Assert.True(result.IsFinished);
        Assert.True(result.IsSuccess);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("Ada", result.Output!["name"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Executors))]
    public async Task SubmitAsync_returns_a_run_id_whose_result_GetResultAsync_reads(string which)
    {
        var executor = Executor(which);
        var runId = await executor.SubmitAsync(FlowSource.FromJson(Flow), new { name = "Grace" });

        Assert.NotEqual(Guid.Empty, runId);
        var result = await executor.GetResultAsync(runId);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!result.IsFinished && clock.Elapsed < Wait.Generous)
        {
            await Task.Delay(100);
            result = await executor.GetResultAsync(runId);
        }

        Assert.Equal(runId, result.RunId);
        Assert.True(result.IsSuccess);
        Assert.Equal("Grace", result.Output!["name"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Executors))]
    public async Task ValidateAsync_analyses_a_flow(string which)
    {
        var validation = await Executor(which).ValidateAsync(FlowSource.FromJson(JsonNode.Parse(Flow)!.AsObject()));

        Assert.True(validation.IsValid);
        Assert.NotEmpty(validation.FlowId);
    }

    [Theory]
    [MemberData(nameof(Executors))]
    public async Task ListComponentsAsync_lists_the_servers_components(string which)
    {
        var components = await Executor(which).ListComponentsAsync();

        Assert.True(components.IsComplete);
        Assert.Contains(components, c => c.Path == "/builtin/eval");
    }

    [Fact]
    public async Task The_server_checks_arguments_as_the_client_does()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => fixture.Server.RunAsync(null!, null));
        await Assert.ThrowsAsync<ArgumentNullException>(() => fixture.Server.SubmitAsync(null!, null));
        await Assert.ThrowsAsync<ArgumentNullException>(() => fixture.Server.ValidateAsync(null!));
    }

    [Fact]
    public async Task A_cancelled_call_is_cancelled_not_reported_as_an_exit()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Server.ListComponentsAsync(cancelled.Token));
        Assert.False(fixture.Server.HasExited);
    }
}
