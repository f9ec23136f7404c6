using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Stepflow.Api;
using Stepflow.Benchmarks.Clients;
using Stepflow.Benchmarks.Server;

namespace Stepflow.Benchmarks.Cases;

/// <summary>
/// <c>POST /runs</c> with one input (E7, answered 202) through each client, and the floor.
/// </summary>
[MemoryDiagnoser]
public class CreateRunBenchmarks : ServerBenchmark
{
    private static readonly GreetInput Input = new("Ada", "https://example.org/articles/analytical-engine", 512);
    private RawSocketHttp _floor = null!;

    /// <summary>Starts the server and the floor connection; warms every variant up before the first case.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        await StartAsync(new ServerPayloads()).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(new RawCreateRunRequest(Payloads.FlowId, [Input]), RawJson.Default.RawCreateRunRequest);
        _floor = await RawSocketHttp.ConnectAsync(Server.BaseAddress, "POST", "/api/v1/runs", body).ConfigureAwait(false);
        await WarmUpAsync(TimeSpan.FromSeconds(3), Raw_HttpClient, StepflowClient, Generated_RunClient, Refit_Interface, () => ServerFloor().AsTask())
            .ConfigureAwait(false);
    }

    /// <summary>Stops everything.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _floor.Dispose();
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Raw HttpClient + source-generated System.Text.Json, typed input.</summary>
    [Benchmark(Baseline = true)]
    public Task<Raw011RunSummary> Raw_HttpClient() => Raw.CreateRunAsync(Payloads.FlowId, Input);

    /// <summary>StepflowClient.CreateRunAsync with the same typed input.</summary>
    [Benchmark]
    public Task<Stepflow.Client.RunSummary> StepflowClient() => Client.CreateRunAsync(Payloads.FlowId, Input);

    /// <summary>The generated RunClient alone (its request model takes the input as a JsonNode).</summary>
    [Benchmark]
    public Task<CreateRunResponse> Generated_RunClient() => Generated.CreateRunAsync(NewRequest());

    /// <summary>Refit with the same request model.</summary>
    [Benchmark]
    public Task<CreateRunResponse> Refit_Interface() => Refit.CreateRunAsync(NewRequest());

    /// <summary>Server + loopback + harness cost: prepared request bytes on a socket, answer not parsed.</summary>
    [Benchmark]
    public ValueTask<int> ServerFloor() => _floor.SendAsync();

    private static CreateRunRequest NewRequest() => new()
    {
        FlowId = Payloads.FlowId,
        Input = [JsonSerializer.SerializeToNode(Input, RawJson.Default.GreetInput)],
    };
}
