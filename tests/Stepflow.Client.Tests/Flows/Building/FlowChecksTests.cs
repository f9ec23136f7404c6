using System.Text.Json.Nodes;

namespace Stepflow.Client.Tests.Flows.Building;

/// <summary>Each check of <see cref="FlowBuilder.Build"/>, with one flow that fails it.</summary>
public class FlowChecksTests
{
    /// <summary>Build fails with exactly this one problem, and the exception's message shows it.</summary>
    private static FlowProblem SingleProblem(FlowBuilder flow, FlowProblemKind kind, string path, string messagePart)
    {
        var error = Assert.Throws<StepflowFlowBuildException>(() => flow.Build());
        var problem = Assert.Single(error.Problems);
        Assert.Contains(problem.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(kind, problem.Kind);
        Assert.Equal(path, problem.Path);
        Assert.Contains(messagePart, problem.Message, StringComparison.Ordinal);
        return problem;
    }

    private static FlowBuilder Greeting()
    {
        var flow = new FlowBuilder("checks");
        var a = flow.AddStep("a", "/builtin/eval", Expr.Object(("name", Expr.Input("name"))));
        flow.OutputField("result", a.Output);
        return flow;
    }

    [Fact]
    public void A_well_formed_flow_builds()
    {
        var flow = Greeting();
        Assert.True(flow.Analyze().IsValid);
        Assert.Equal("checks", flow.Build()["name"]!.GetValue<string>());
    }

    [Fact]
    public void Duplicate_step_ids()
    {
        var flow = Greeting();
        flow.AddStep("a", "/builtin/eval");

        var problem = SingleProblem(flow, FlowProblemKind.DuplicateStepId, "steps[1].id", "'a'");
        Assert.Equal("a", problem.StepId);
    }

    [Fact]
    public void Reference_to_a_missing_step_names_the_reader_the_target_and_the_path()
    {
        var flow = Greeting();
        flow.AddStep("b", "/builtin/eval", Expr.Object(("x", Expr.Object(("y", Expr.Step("A", "v"))))));

        var problem = SingleProblem(flow, FlowProblemKind.UnknownStep, "steps[1].input.x.y", "Step 'b' reads the output of step 'A'");
        Assert.Equal("b", problem.StepId);
        Assert.Contains("did you mean 'a'?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_to_a_missing_step_from_the_output()
    {
        var flow = Greeting().OutputField("extra", Expr.Coalesce(Expr.Step("gone"), 0));

        var problem = SingleProblem(flow, FlowProblemKind.UnknownStep, "output.extra.$coalesce[0]", "output reads the output of step 'gone'");

        Assert.Null(problem.StepId);
    }

    [Fact]
    public void Cycles_name_their_steps()
    {
        var flow = new FlowBuilder("cycle");
        flow.AddStep("first", "/builtin/eval", Expr.Step("third"));
        flow.AddStep("second", "/builtin/eval", Expr.Object(("v", Expr.Step("first"))));
        var third = flow.AddStep("third", "/builtin/eval", Expr.Array(Expr.Step("second")));
        flow.Output(third.Output);

        SingleProblem(flow, FlowProblemKind.Cycle, "steps[0].input", "'first' -> 'third' -> 'second' -> 'first'");
    }

    [Fact]
    public void A_step_that_reads_itself_is_a_cycle()
    {
        var flow = Greeting();
        flow.AddStep("loop", "/builtin/eval", Expr.Step("loop"));

        SingleProblem(flow, FlowProblemKind.Cycle, "steps[1].input", "Step 'loop' reads its own output");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_component(string component)
    {
        var flow = Greeting();
        flow.AddStep("b", component);

        SingleProblem(flow, FlowProblemKind.MissingComponent, "steps[1].component", "Step 'b' has no component");
    }

    [Fact]
    public void No_output()
    {
        var flow = new FlowBuilder("silent");
        flow.AddStep("a", "/builtin/eval");

        SingleProblem(flow, FlowProblemKind.MissingOutput, "output", "no output");
    }

    [Fact]
    public void Undeclared_variable_when_a_variables_schema_is_set()
    {
        var flow = Greeting().AddVariable("api_key", new JsonObject { ["type"] = "string" }, required: true);
        flow.AddStep("call", "/python/udf", Expr.Object(("key", Expr.Variable("api_key")), ("model", Expr.Variable("modle"))));

        var problem = SingleProblem(flow, FlowProblemKind.UndeclaredVariable, "steps[1].input.model", "Step 'call' reads variable 'modle'");
        Assert.Contains("declares api_key", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variables_are_not_checked_without_a_variables_schema()
    {
        var flow = Greeting();
        flow.AddStep("call", "/python/udf", Expr.Variable("anything"));
        Assert.True(flow.Analyze().IsValid);
    }

    [Fact]
    public void Every_problem_is_listed_at_once_in_document_order()
    {
        var flow = new FlowBuilder("many");
        flow.AddStep("a", "");
        flow.AddStep("a", "/builtin/eval", Expr.Step("missing"));

        var error = Assert.Throws<StepflowFlowBuildException>(() => flow.Build());

        Assert.Equal(["steps[0].component", "steps[1].id", "steps[1].input", "output"], error.Problems.Select(p => p.Path));
        Assert.Equal("many", error.FlowName);
        Assert.StartsWith("The flow 'many' has 4 problems:", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<StepflowClientException>(error);
    }

    [Fact]
    public void Loaded_flows_are_checked_too_including_malformed_expressions()
    {
        var flow = JsonNode.Parse("""
            {"steps":[{"id":"s","component":"/x","input":{"a":{"$from":{"step":"t"}},"b":{"$if":true},"c":{"$input":"$.a["},
            "d":{"$coalesce":1},"e":{"$literal":{"$step":"nope"}}}}],"output":{"$step":"s"}}
            """)!.AsObject();

        var analysis = FlowAnalysis.Analyze(flow);

        Assert.All(analysis.Problems, p => Assert.Equal(FlowProblemKind.InvalidExpression, p.Kind));
        Assert.Equal(["steps[0].input.a", "steps[0].input.b", "steps[0].input.c.$input", "steps[0].input.d"], analysis.Problems.Select(p => p.Path));
        Assert.Throws<StepflowFlowBuildException>(analysis.ThrowIfInvalid);
    }

    [Theory]
    [InlineData("""{"action":"skip"}""", "steps[0].onError", "onError must be an object")]
    [InlineData("\"retry\"", "steps[0].onError", "onError must be an object")]
    [InlineData("""{"action":"retry","maxRetries":-1}""", "steps[0].onError.maxRetries", "whole number")]
    [InlineData("""{"action":"retry","maxRetries":"3"}""", "steps[0].onError.maxRetries", "whole number")]
    public void Malformed_error_actions_in_loaded_flows(string onError, string path, string messagePart)
    {
        var flow = JsonNode.Parse("""{"steps":[{"id":"s","component":"/x","onError":""" + onError + """}],"output":{"$step":"s"}}""")!.AsObject();

        SingleProblem(FlowBuilder.FromFlow(flow), FlowProblemKind.InvalidStructure, path, messagePart);
    }

    [Fact]
    public void Error_actions_the_server_accepts_pass()
    {
        var flow = JsonNode.Parse("""
            {"steps":[{"id":"a","component":"/x","onError":{"action":"retry","maxRetries":3.0}},
            {"id":"b","component":"/x","onError":{"action":"useDefault","defaultValue":null}},{"id":"c","component":"/x","onError":{"action":"fail"}}],"output":1}
            """)!.AsObject();
        Assert.True(FlowAnalysis.Analyze(flow).IsValid);
    }

    [Fact]
    public async Task AnalyzeAsync_reports_what_a_flow_reads()
    {
        var source = FlowSource.FromYaml("""
            name: reads
            schemas:
              type: object
              properties:
                variables:
                  type: object
                  properties: { key: { type: string } }
            steps:
              - id: one
                component: /builtin/eval
                input: { a: { $input: customer.email }, k: { $variable: key } }
              - id: two
                component: /builtin/eval
                input: [ { $step: one, path: x }, { $step: one }, { $input: "$" } ]
            output: { $step: two }
            """);

        var analysis = await source.AnalyzeAsync();

        Assert.True(analysis.IsValid, string.Join("\n", analysis.Problems));
        Assert.Equal("reads", analysis.FlowName);
        Assert.Empty(analysis.StepReferences["one"]);
        Assert.Equal(["one"], analysis.StepReferences["two"]);
        Assert.Equal(["two"], analysis.OutputReferences);
        Assert.Equal(["customer.email", "$"], analysis.InputPaths);
        Assert.Equal(["key"], analysis.Variables);
        Assert.Equal(["key"], analysis.DeclaredVariables!);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_typed_errors()
    {
        var flow = new FlowBuilder("args");
        Assert.Throws<ArgumentException>(() => flow.AddStep(" ", "/x"));
        Assert.Throws<ArgumentNullException>(() => flow.AddStep("a", null!));
        Assert.Throws<ArgumentException>(() => new FlowBuilder(""));
        Assert.Throws<ArgumentException>(() => flow.OutputField("$input", 1));
        Assert.Throws<InvalidOperationException>(() => flow.Output(Expr.Input()).OutputField("x", 1));
    }
}
