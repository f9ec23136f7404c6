using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stepflow.Client.Tests.Flows.Building;

public class TypedPathTests
{
    public sealed class Order
    {
        public Customer Customer { get; set; } = new();

        public List<Line> Lines { get; set; } = [];

        public Line[] Extra { get; set; } = [];

        [JsonPropertyName("order_id")]
        public string Id { get; set; } = "";

        public int? Priority { get; set; }

        public Dictionary<string, string> Tags { get; set; } = [];
    }

    public sealed class Customer
    {
        public string Email { get; set; } = "";

        [JsonPropertyName("Full Name")]
        public string Name { get; set; } = "";
    }

    public sealed class Line
    {
        public string Sku { get; set; } = "";

        public int Quantity { get; set; }
    }

    private static string PathOf(ValueExpr expr) => expr.ToJson()!["$input"]!.GetValue<string>();

    [Fact]
    public void Nested_members_are_camelCased() => Assert.Equal("$.customer.email", PathOf(Expr.Input<Order>(o => o.Customer.Email)));

    [Fact]
    public void The_parameter_itself_is_the_whole_input() => Assert.Equal("$", PathOf(Expr.Input<Order>(o => o)));

    [Fact]
    public void List_and_array_indexers_become_indexes()
    {
        Assert.Equal("$.lines[0].sku", PathOf(Expr.Input<Order>(o => o.Lines[0].Sku)));
        var i = 2;
        Assert.Equal("$.extra[2].quantity", PathOf(Expr.Input<Order>(o => o.Extra[i].Quantity)));
    }

    [Fact]
    public void JsonPropertyName_wins_and_odd_names_are_quoted()
    {
        Assert.Equal("$.order_id", PathOf(Expr.Input<Order>(o => o.Id)));
        Assert.Equal("$.customer[\"Full Name\"]", PathOf(Expr.Input<Order>(o => o.Customer.Name)));
    }

    [Fact]
    public void Value_types_nullable_and_dictionary_keys()
    {
        Assert.Equal("$.priority", PathOf(Expr.Input<Order>(o => o.Priority!.Value)));
        Assert.Equal("$.lines[1].quantity", PathOf(Expr.Input<Order>(o => o.Lines[1].Quantity)));
        Assert.Equal("$.tags.region", PathOf(Expr.Input<Order>(o => o.Tags["region"])));
    }

    [Fact]
    public void The_naming_policy_of_the_options_given_is_followed()
    {
        var snake = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        Assert.Equal("$.lines[0].sku", PathOf(Expr.Input<Order>(o => o.Lines[0].Sku, snake)));
        Assert.Equal("$.customer.email", PathOf(Expr.Input<Order>(o => o.Customer.Email, snake)));
        var pascal = new JsonSerializerOptions();
        Assert.Equal("$.Customer.Email", PathOf(Expr.Input<Order>(o => o.Customer.Email, pascal)));
    }

    [Fact]
    public void The_typed_builder_uses_its_contract_for_paths_and_the_input_schema()
    {
        var flow = FlowBuilder.For("orders", TypedPathContext.Default.Order);
        flow.Output(flow.Input(o => o.Customer.Email));

        var built = flow.Build();

        Assert.Equal("$.customer.email", built["output"]!["$input"]!.GetValue<string>());
        var schema = built["schemas"]!["properties"]!["input"]!;
        Assert.NotNull(schema["properties"]!["customer"]!["properties"]!["email"]);
        Assert.NotNull(schema["properties"]!["order_id"]);
        Assert.Equal("object", built["schemas"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Anything_but_member_and_indexer_access_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Expr.Input<Order>(o => o.Customer.Email.ToUpperInvariant()));
        Assert.Contains("properties, fields and indexers", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Expr.Input<Order>(o => o.Lines[o.Lines.Count - 1]));
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TypedPathTests.Order))]
internal sealed partial class TypedPathContext : JsonSerializerContext;
