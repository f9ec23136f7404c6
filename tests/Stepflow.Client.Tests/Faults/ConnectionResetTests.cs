using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Faults;

/// <summary>The connection-reset column of the fault matrix, on a real socket (WireMock cannot send a TCP reset), on every generation.</summary>
public abstract class ConnectionResetTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    // Per test (the fake server's 30 s bound): a static token would start with the first class and run out during the second.
    private CancellationToken Bounded => Server.Timeout;

    private StepflowClient ClientFor(LoopbackServer server)
    {
        var options = new StepflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(5), ApiGeneration = Generation };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        return new StepflowClient(server.Url, options);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_read_is_retried_after_a_reset_before_or_during_the_answer(bool midBody)
    {
        var details = Samples.RunDetails("completed");
        var start = OnWire("""{"runId":"0195b3c2-5a1e""", """{"summary":{"runId":"0195b3c2-5a1e""");
        await using var server = new LoopbackServer(async exchange =>
        {
            if (exchange.Request.Index > 0)
            {
                await exchange.RespondAsync(200, "application/json", details);
                return;
            }

            if (midBody)
            {
                await exchange.StartEventStreamAsync(chunked: true);
                await exchange.SendAsync(start);
            }

            exchange.Abort();
        });
        using var client = ClientFor(server);

        var run = await client.GetRunAsync(Samples.RunId, Bounded);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task An_idempotent_write_is_retried_after_a_reset()
    {
        var stored = Samples.StoredFlow;
        await using var server = new LoopbackServer(async exchange =>
        {
            if (exchange.Request.Index == 0)
            {
                exchange.Abort();
                return;
            }

            await exchange.RespondAsync(200, "application/json", stored);
        });
        using var client = ClientFor(server);

        var result = await client.StoreFlowAsync(FlowSource.FromYaml("name: greet"), cancellationToken: Bounded);

        Assert.Equal(Samples.FlowId, result.FlowId);
        Assert.Equal(2, server.RequestsEndingWith("/flows").Count);
    }

    [Fact]
    public async Task A_run_creation_reset_after_it_reached_the_server_is_not_repeated()
    {
        await using var server = new LoopbackServer(exchange =>
        {
            exchange.Abort();
            return Task.CompletedTask;
        });
        using var client = ClientFor(server);

        var error = await Assert.ThrowsAsync<StepflowRunCreationUncertainException>(
            () => client.CreateRunAsync(Samples.FlowId, new { name = "Ada" }, cancellationToken: Bounded));

        Assert.Single(server.RequestsEndingWith("/runs"));
        Assert.Equal(Samples.FlowId, error.FlowId);
        Assert.IsType<StepflowTransportException>(error.InnerException);
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class ConnectionResetTestsOn011() : ConnectionResetTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API.</summary>
public sealed class ConnectionResetTestsOn013() : ConnectionResetTests(StepflowApiGeneration.V012);
