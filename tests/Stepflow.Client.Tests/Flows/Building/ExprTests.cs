using System.Text.Json.Nodes;

namespace Stepflow.Client.Tests.Flows.Building;

/// <summary>Every form of the flow language, written exactly as the server reads it.</summary>
public class ExprTests
{
    private static void AssertJson(string expected, ValueExpr expr) =>
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), expr.ToString());

    [Theory]
    [InlineData("", """{"$input":"$"}""")]
    [InlineData("$", """{"$input":"$"}""")]
    [InlineData("name", """{"$input":"$.name"}""")]
    [InlineData("customer.email", """{"$input":"$.customer.email"}""")]
    [InlineData("lines[0].sku", """{"$input":"$.lines[0].sku"}""")]
    [InlineData("[2]", """{"$input":"$[2]"}""")]
    [InlineData("$.already.a.path", """{"$input":"$.already.a.path"}""")]
    [InlineData("""$["odd.name"]""", """{"$input":"$[\"odd.name\"]"}""")]
    public void Input_writes_a_path_the_server_reads(string path, string expected) => AssertJson(expected, Expr.Input(path));

    [Fact]
    public void Input_without_a_path_is_the_whole_input() => AssertJson("""{"$input":"$"}""", Expr.Input());

    [Theory]
    [InlineData("a..b")]
    [InlineData("a[x]")]
    [InlineData("$.a[")]
    [InlineData("$a")]
    public void Input_rejects_malformed_paths(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => Expr.Input(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_references_the_whole_output_without_a_path_and_a_part_with_one()
    {
        AssertJson("""{"$step":"load"}""", Expr.Step("load"));
        AssertJson("""{"$step":"load","path":"$.rows[1].id"}""", Expr.Step("load", "rows[1].id"));
        Assert.Throws<ArgumentException>(() => Expr.Step(" "));
    }

    [Fact]
    public void Variable_is_read_by_name_with_an_optional_default_expression()
    {
        AssertJson("""{"$variable":"api_key"}""", Expr.Variable("api_key"));
        AssertJson("""{"$variable":"model","default":"gpt"}""", Expr.Variable("model", "gpt"));
        AssertJson("""{"$variable":"model","default":{"$input":"$.model"}}""", Expr.Variable("model", Expr.Input("model")));
        AssertJson("""{"$variable":"$.settings.depth"}""", Expr.Variable("settings")["depth"]);
        Assert.Throws<ArgumentException>(() => Expr.Variable(""));
    }

    [Fact]
    public void Literal_always_wraps_and_Value_wraps_only_data_with_dollar_keys()
    {
        AssertJson("""{"$literal":{"a":1}}""", Expr.Literal(new JsonObject { ["a"] = 1 }));
        AssertJson("""{"a":1,"b":[true,null]}""", Expr.Value(JsonNode.Parse("""{"a":1,"b":[true,null]}""")));
        AssertJson("""{"$literal":{"a":[{"$input":"x"}]}}""", Expr.Value(JsonNode.Parse("""{"a":[{"$input":"x"}]}""")));
        // The implicit conversion from JsonNode is Value: a literal stays a literal.
        ValueExpr converted = JsonNode.Parse("""{"$step":"not-a-step"}""");
        AssertJson("""{"$literal":{"$step":"not-a-step"}}""", converted);
    }

    [Fact]
    public void If_writes_then_and_else_only_when_given()
    {
        AssertJson("""{"$if":{"$input":"$.vip"},"then":"gold","else":"standard"}""", Expr.If(Expr.Input("vip"), "gold", "standard"));
        AssertJson("""{"$if":{"$input":"$.vip"},"then":1}""", Expr.If(Expr.Input("vip"), 1));
    }

    [Fact]
    public void Coalesce_lists_its_values_and_needs_one()
    {
        AssertJson("""{"$coalesce":[{"$step":"a"},{"$input":"$.fallback"},"none"]}""", Expr.Coalesce(Expr.Step("a"), Expr.Input("fallback"), "none"));
        Assert.Throws<ArgumentException>(() => Expr.Coalesce());
    }

    [Fact]
    public void Objects_and_arrays_mix_literals_and_expressions()
    {
        var expr = Expr.Object(("a", Expr.Input("x")), ("b", 3), ("c", Expr.Array("s", 1.5, true, ValueExpr.Null, Expr.Step("s", "v"))), ("d", 2.5m), ("e", 7L));
        AssertJson("""{"a":{"$input":"$.x"},"b":3,"c":["s",1.5,true,null,{"$step":"s","path":"$.v"}],"d":2.5,"e":7}""", expr);
    }

    [Fact]
    public void Object_refuses_dollar_names_and_duplicates()
    {
        Assert.Contains("Expr.Literal", Assert.Throws<ArgumentException>(() => Expr.Object(("$input", 1))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Expr.Object(("a", 1), ("a", 2)));
    }

    [Fact]
    public void References_narrow_with_indexers_and_other_values_do_not()
    {
        AssertJson("""{"$input":"$.lines[0].sku"}""", Expr.Input()["lines"][0]["sku"]);
        AssertJson("""{"$step":"s","path":"$[\"a b\"]"}""", Expr.Step("s")["a b"]);
        Assert.True(Expr.Input().IsReference);
        Assert.False(((ValueExpr)"text").IsReference);
        Assert.Throws<InvalidOperationException>(() => ((ValueExpr)"text")["x"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Expr.Input()[-1]);
    }

    [Fact]
    public void FromJson_keeps_expressions_as_written()
    {
        AssertJson("""{"$input":"name"}""", Expr.FromJson(JsonNode.Parse("""{"$input":"name"}""")));
    }

    [Fact]
    public void Non_finite_numbers_are_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => (ValueExpr)double.NaN);

    [Fact]
    public void Error_actions_have_the_wire_forms()
    {
        Assert.Equal("""{"action":"fail"}""", ErrorAction.Fail.ToString());
        Assert.Equal("""{"action":"useDefault"}""", ErrorAction.UseDefault().ToString());
        Assert.Equal("""{"action":"useDefault","defaultValue":{"ok":false}}""", ErrorAction.UseDefault(new JsonObject { ["ok"] = false }).ToString());
        Assert.Equal("""{"action":"retry"}""", ErrorAction.Retry().ToString());
        Assert.Equal("""{"action":"retry","maxRetries":5}""", ErrorAction.Retry(5).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorAction.Retry(-1));
    }
}
