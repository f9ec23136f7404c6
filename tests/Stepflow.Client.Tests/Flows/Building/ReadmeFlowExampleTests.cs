using System.Text.Json.Nodes;
using Stepflow.Testing;

namespace Stepflow.Client.Tests.Flows.Building;

/// <summary>The README's "Flows written in C#" example, as it is there: keep the two in sync.</summary>
public class ReadmeFlowExampleTests
{
    public sealed record Order(Customer Customer, IReadOnlyList<OrderLine> Lines);

    public sealed record Customer(string Email);

    public sealed record OrderLine(string Sku, int Quantity);

    [Theory]
    [InlineData(StepflowServerEmulation.V0_11)]
    [InlineData(StepflowServerEmulation.V0_13)]
    public async Task The_readme_example_builds_stores_and_runs(StepflowServerEmulation emulation)
    {
        // README: begin
        var flow = FlowBuilder.For<Order>("order-check");   // the input schema comes from Order
        flow.WithDescription("Prices the first line of an order and sends a receipt.");
        var price = flow.AddStep("price", "/python/price",
            Expr.Object(("sku", flow.Input(o => o.Lines[0].Sku)), ("quantity", flow.Input(o => o.Lines[0].Quantity))),
            onError: ErrorAction.Retry(2));
        var receipt = flow.AddStep("receipt", "/python/send_receipt",
            Expr.Object(("to", flow.Input(o => o.Customer.Email)), ("total", price["total"])),
            onError: ErrorAction.UseDefault(new JsonObject { ["sent"] = false }));
        flow.OutputField("total", price["total"]).OutputField("receiptSent", receipt["sent"]);

        string yaml = flow.ToYaml();   // checked first: an unknown step id, a cycle or no output throws here

        await using var server = new StepflowTestServer(emulation);   // the embedded test double
        server.WhenFlow("order-check").Returns(new { total = 42.5, receiptSent = true });
        using StepflowClient client = server.CreateClient();
        StoreFlowResult stored = await client.StoreFlowAsync(flow);
        RunResult result = await client.RunAsync(FlowSource.Stored(stored.FlowId),
            new Order(new Customer("ada@example.com"), [new OrderLine("A-1", 2)]));
        // README: end

        Assert.True(result.IsSuccess);
        Assert.Equal(42.5, result.Output!["total"]!.GetValue<double>());
        Assert.Contains("$input: $.lines[0].sku", yaml, StringComparison.Ordinal);
        Assert.Contains("maxRetries: 2", yaml, StringComparison.Ordinal);
        Assert.Equal("ada@example.com", (string?)Assert.Single(server.Runs).Inputs[0]!["customer"]!["email"]);
    }
}
