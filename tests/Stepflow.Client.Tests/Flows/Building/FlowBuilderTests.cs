using System.Text.Json.Nodes;

namespace Stepflow.Client.Tests.Flows.Building;

public class FlowBuilderTests
{
    [Fact]
    public void A_built_flow_has_the_server_shape_in_a_fixed_key_order()
    {
        var flow = FlowBuilder.Create("orders")
            .WithDescription("Checks an order.")
            .WithVersion("1.2")
            .WithMetadata("owner", "team-a")
            .WithInputSchema(JsonNode.Parse("""{"type":"object"}""")!)
            .WithOutputSchema(JsonNode.Parse("""{"type":"string"}""")!);
        var check = flow.AddStep("check", "/python/udf", Expr.Object(("email", Expr.Input("customer.email"))),
            ErrorAction.UseDefault(new JsonObject { ["ok"] = false }), mustExecute: true);
        var notify = flow.AddStep("notify", "/python/notify", check["ok"], ErrorAction.Retry(2));
        flow.OutputField("ok", check["ok"]).OutputField("sent", notify.Output);

        var built = flow.Build();

        Assert.Equal(JsonNode.Parse("""
            {"name":"orders","description":"Checks an order.","version":"1.2",
             "schemas":{"type":"object","properties":{"input":{"type":"object"},"output":{"type":"string"}}},
             "steps":[
               {"id":"check","component":"/python/udf","onError":{"action":"useDefault","defaultValue":{"ok":false}},
                "input":{"email":{"$input":"$.customer.email"}},"mustExecute":true},
               {"id":"notify","component":"/python/notify","onError":{"action":"retry","maxRetries":2},
                "input":{"$step":"check","path":"$.ok"}}],
             "output":{"ok":{"$step":"check","path":"$.ok"},"sent":{"$step":"notify"}},
             "metadata":{"owner":"team-a"}}
            """)!.ToJsonString(), built.ToJsonString());
    }

    [Fact]
    public void Variables_are_declared_in_the_json_schema_form()
    {
        var flow = new FlowBuilder("vars").AddVariable("api_key", new JsonObject { ["type"] = "string" }, required: true).AddVariable("depth");
        flow.Output(Expr.Object(("k", Expr.Variable("api_key")), ("d", Expr.Variable("depth", 3))));

        var schemas = flow.Build()["schemas"]!;

        Assert.Equal("""{"type":"object","properties":{"variables":{"type":"object","properties":{"api_key":{"type":"string"},"depth":{}},"required":["api_key"]}}}""",
            schemas.ToJsonString());
    }

    [Fact]
    public void Steps_can_be_found_changed_and_removed()
    {
        var flow = new FlowBuilder("edit");
        var a = flow.AddStep("a", "/x", Expr.Input());
        flow.AddStep("b", "/y");
        flow.Output(a.Output);

        var found = flow.FindStep("a")!;
        found.Component = "/z";
        found.Input = Expr.Input("other");
        found.OnError = ErrorAction.Fail;
        found.MustExecute = true;
        Assert.True(flow.RemoveStep("b"));
        Assert.False(flow.RemoveStep("b"));
        Assert.Null(flow.FindStep("b"));

        var step = Assert.Single(flow.Build()["steps"]!.AsArray());
        Assert.Equal("""{"id":"a","component":"/z","onError":{"action":"fail"},"input":{"$input":"$.other"},"mustExecute":true}""", step!.ToJsonString());
        Assert.Equal("fail", found.OnError!.Action);
        Assert.Equal("step a (/z)", found.ToString());
    }

    [Fact]
    public void FromFlow_keeps_every_key_and_its_order_and_builds_the_same_document()
    {
        var document = JsonNode.Parse("""
            {"schema":"https://example/flow.json","output":{"$step":"s","path":"x"},"name":"kept","test":{"cases":[]},
             "steps":[{"metadata":{"m":1},"input":{"$input":"name"},"id":"s","component":"/builtin/eval","onError":{"action":"retry","maxRetries":3.0},"mustExecute":false}],
             "description":null}
            """)!.AsObject();

        var builder = FlowBuilder.FromFlow(document);

        Assert.Equal(document.ToJsonString(), builder.Build().ToJsonString());
        Assert.Equal("kept", builder.Name);
        var step = Assert.Single(builder.Steps);
        Assert.Null(step.OnError); // 3.0 is not an int: kept as written, not modelled
        Assert.False(step.MustExecute);
    }

    [Fact]
    public void A_loaded_flow_can_be_extended()
    {
        var builder = FlowBuilder.FromFlow(JsonNode.Parse("""{"name":"g","steps":[{"id":"s","component":"/e"}],"output":{"$step":"s"}}""")!.AsObject());
        var t = builder.AddStep("t", "/e", builder.FindStep("s")!.Output);
        builder.Output(t["v"]);

        Assert.Equal("""{"name":"g","steps":[{"id":"s","component":"/e"},{"id":"t","component":"/e","input":{"$step":"s"}}],"output":{"$step":"t","path":"$.v"}}""",
            builder.Build().ToJsonString());
    }

    [Fact]
    public async Task LoadAsync_reads_a_source_and_refuses_stored_flows()
    {
        var builder = await FlowBuilder.LoadAsync(FlowSource.FromYaml("name: y\noutput: { $input: x }\n"));
        Assert.Equal("""{"name":"y","output":{"$input":"x"}}""", builder.Build().ToJsonString());
        await Assert.ThrowsAsync<InvalidOperationException>(() => FlowBuilder.LoadAsync(FlowSource.Stored("abc")));
    }

    [Fact]
    public void FromFlow_refuses_steps_it_cannot_model()
    {
        Assert.Throws<StepflowFlowLoadException>(() => FlowBuilder.FromFlow(JsonNode.Parse("""{"steps":{}}""")!.AsObject()));
        var error = Assert.Throws<StepflowFlowLoadException>(() => FlowBuilder.FromFlow(JsonNode.Parse("""{"steps":[{"component":"/x"}]}""")!.AsObject()));
        Assert.Contains("steps[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_builder_is_a_flow_source_built_and_checked_when_converted()
    {
        var flow = new FlowBuilder("src");
        flow.Output(Expr.Input());
        FlowSource source = flow;
        flow.WithDescription("later changes are not seen");

        Assert.Equal("""{"name":"src","output":{"$input":"$"}}""", (await source.LoadAsync()).ToJsonString());
        Assert.Throws<StepflowFlowBuildException>(() => FlowSource.FromBuilder(new FlowBuilder("no-output")));
    }

    [Fact]
    public async Task ToJson_writes_indented_json_that_loads_back()
    {
        var flow = new FlowBuilder("json");
        flow.OutputField("café", "naïve");
        var text = flow.ToJson();
        Assert.Contains("\n", text, StringComparison.Ordinal);
        Assert.Contains("naïve", text, StringComparison.Ordinal);
        Assert.Equal(flow.Build().ToJsonString(), (await FlowSource.FromJson(text).LoadAsync()).ToJsonString());
    }
}
