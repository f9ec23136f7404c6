using System.Text.Json.Nodes;

namespace Stepflow.Client.Tests.Flows.Building;

/// <summary>YAML written by the builder loads back (through <see cref="FlowSource.FromYaml"/>) to the same JSON, key order included.</summary>
public class FlowYamlRoundTripTests
{
    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Stepflow.Api.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every flow file in the repository that loads (the fixtures include deliberately broken ones).</summary>
    public static TheoryData<string> ExampleFlows()
    {
        var data = new TheoryData<string>();
        foreach (var file in ExampleFiles())
        {
            data.Add(file);
        }

        return data;
    }

    private static IEnumerable<string> ExampleFiles()
    {
        var root = RepositoryRoot();
        var files = new[] { "samples", Path.Combine("tests", "Stepflow.Client.Tests", "Flows", "Fixtures") }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.*", SearchOption.AllDirectories))
            .Where(file => file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal))
            .Where(file => file.Contains($"{Path.DirectorySeparatorChar}flows{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains("Fixtures", StringComparison.Ordinal))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(root, file))
            .Order(StringComparer.Ordinal);
        return files;
    }

    [Fact]
    public void The_examples_include_the_quickstart_flow() =>
        Assert.Contains(Path.Combine("samples", "Stepflow.Quickstart", "flows", "greet.yaml"), ExampleFiles());

    [Theory]
    [MemberData(nameof(ExampleFlows))]
    public async Task Every_example_flow_survives_a_yaml_round_trip(string file)
    {
        JsonObject original;
        try
        {
            original = await FlowSource.FromFile(Path.Combine(RepositoryRoot(), file)).LoadAsync();
        }
        catch (StepflowFlowLoadException)
        {
            return; // a fixture that is broken on purpose; FlowDocumentLoadingTests covers it
        }

        var yaml = FlowYamlWriter.Write(original);
        var reloaded = await FlowSource.FromYaml(yaml).LoadAsync();

        Assert.Equal(original.ToJsonString(), reloaded.ToJsonString());
        if (FlowAnalysis.Analyze(original).IsValid)
        {
            // Through the builder too: loaded, written as YAML, read back.
            var viaBuilder = await FlowSource.FromYaml(FlowBuilder.FromFlow(original).ToYaml()).LoadAsync();
            Assert.Equal(original.ToJsonString(), viaBuilder.ToJsonString());
        }
    }

    [Fact]
    public async Task Strings_that_look_like_other_values_stay_strings()
    {
        string[] tricky = ["123", "-1.5", "0x1F", "0o17", ".5", "1e3", "true", "False", "null", "~", "", " padded ", "yes", "off", "2026-03-20",
            "multi\nline\n", "# not a comment", "key: value", "- item", "[a]", "{b}", "'q'", "\"dq\"", "*alias", "&anchor", "!tag", "%", "@", "`", "$input", ".inf", ".nan", "=", "y"];
        var flow = new FlowBuilder("tricky");
        var output = new List<(string, ValueExpr?)>();
        for (var i = 0; i < tricky.Length; i++)
        {
            output.Add(($"s{i}", tricky[i]));
        }

        flow.Output(Expr.Object([.. output, ("numbers", Expr.Array(0, -7, 1.5, 12345678901234567L, 2.5e-8)), ("flags", Expr.Array(true, false, ValueExpr.Null))]));
        flow.WithMetadata("123", "key that looks like a number");

        var yaml = flow.ToYaml();
        var reloaded = await FlowSource.FromYaml(yaml).LoadAsync();

        Assert.Equal(flow.Build().ToJsonString(), reloaded.ToJsonString());
        Assert.Contains("\"123\"", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_built_flow_with_every_expression_form_survives()
    {
        var flow = new FlowBuilder("forms").AddVariable("key");
        var a = flow.AddStep("a", "/builtin/eval", Expr.Object(
            ("input", Expr.Input()), ("path", Expr.Input("lines[0].sku")), ("lit", Expr.Literal(new JsonObject { ["$input"] = "x" })),
            ("if", Expr.If(Expr.Input("vip"), "gold", "basic")), ("co", Expr.Coalesce(Expr.Variable("key", "none"), "x"))), ErrorAction.UseDefault(1));
        flow.Output(Expr.Array(a.Output, a["x"], 1.25));

        var reloaded = await FlowSource.FromYaml(flow.ToYaml()).LoadAsync();

        Assert.Equal(flow.Build().ToJsonString(), reloaded.ToJsonString());
    }
}
