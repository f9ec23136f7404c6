using System.Text.Json.Nodes;
using Stepflow.Testing;
using static Stepflow.Client.Tests.Flows.Building.ReadmeFlowExampleTests;

namespace Stepflow.Client.Tests.Flows.Building;

/// <summary>A flow written with the builder is stored and run like any other, on both server generations.</summary>
public class BuiltFlowBehaviourTests
{
    private static FlowBuilder OrderFlow()
    {
        var flow = FlowBuilder.Create("order-check").WithDescription("Validates the first line of an order.");
        var validate = flow.AddStep("validate", "/python/validate",
            Expr.Object(("email", Expr.Input<Order>(o => o.Customer.Email)), ("sku", Expr.Input<Order>(o => o.Lines[0].Sku))),
            onError: ErrorAction.UseDefault(new JsonObject { ["valid"] = false }));
        flow.OutputField("valid", validate["valid"]).OutputField("email", Expr.Input<Order>(o => o.Customer.Email));
        return flow;
    }

    [Theory]
    [InlineData(StepflowServerEmulation.V0_11)]
    [InlineData(StepflowServerEmulation.V0_13)]
    public async Task A_built_flow_is_stored_and_run_as_built(StepflowServerEmulation emulation)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var server = new StepflowTestServer(emulation) { ItemDelay = TimeSpan.FromMilliseconds(10) };
        server.WhenFlow("order-check").Returns(input => new JsonObject { ["valid"] = true, ["email"] = input?["customer"]?["email"]?.DeepClone() });
        var client = server.CreateClient();
        var flow = OrderFlow();

        var stored = await client.StoreFlowAsync(flow, cancel.Token);
        var result = await client.RunAsync(flow, new Order(new Customer("ada@example.com"), [new OrderLine("A-1", 2)]), cancellationToken: cancel.Token);

        Assert.True(result.IsSuccess);
        Assert.Equal("ada@example.com", (string?)result.Output!["email"]);
        var sent = server.Flows[stored.FlowId];
        Assert.Equal("order-check", (string?)sent["name"]);
        Assert.Equal("$.lines[0].sku", (string?)sent["steps"]![0]!["input"]!["sku"]!["$input"]);
        Assert.Equal("useDefault", (string?)sent["steps"]![0]!["onError"]!["action"]);
        var run = Assert.Single(server.Runs);
        Assert.Equal("ada@example.com", (string?)run.Inputs[0]!["customer"]!["email"]);
    }

    [Fact]
    public async Task A_flow_with_problems_never_reaches_the_server()
    {
        using var server = new StepflowTestServer(StepflowServerEmulation.V0_13);
        var client = server.CreateClient();
        var flow = OrderFlow();
        flow.AddStep("validate", "/python/other");

        var error = await Assert.ThrowsAsync<StepflowFlowBuildException>(() => client.StoreFlowAsync(flow));

        Assert.Contains("steps[1].id", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.RequestCount);
    }
}
