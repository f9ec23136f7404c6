using System.Text.Json.Nodes;
using static Stepflow.OpenApi.Normalizer.Tests.Spec;

namespace Stepflow.OpenApi.Normalizer.Tests;

/// <summary>
/// C# names decided by rule in the normalizer (x-dotnetName, read by Class.liquid; PascalCase tags), so
/// no hand-written alias has to name a schema that some server's document may lack.
/// </summary>
public class DotnetNameTests
{
    private static JsonObject? Property(JsonObject schemas, string schema, string property) =>
        schemas[schema]!["properties"]![property] as JsonObject;

    [Fact]
    public void Snake_case_properties_get_a_pascal_case_dotnet_name_and_keep_their_wire_name()
    {
        var schemas = NormalizedSchemas("""
            { "Info": { "type": "object", "properties": {
                "input_schema": { "type": "object" }, "component": { "type": "string" }, "numFatal": { "type": "integer" } } } }
            """);
        Assert.Equal("InputSchema", Property(schemas, "Info", "input_schema")!["x-dotnetName"]!.ToString());
        Assert.False(Property(schemas, "Info", "component")!.ContainsKey("x-dotnetName"));
        Assert.False(Property(schemas, "Info", "numFatal")!.ContainsKey("x-dotnetName"));
    }

    [Fact]
    public void A_list_named_like_its_object_is_its_Items()
    {
        var schemas = NormalizedSchemas("""
            { "Findings": { "type": "object", "properties": {
                "findings": { "type": "array", "items": { "type": "string" } }, "count": { "type": "integer" } } } }
            """);
        Assert.Equal("Items", Property(schemas, "Findings", "findings")!["x-dotnetName"]!.ToString());
    }

    [Fact]
    public void No_name_is_given_where_it_would_collide_or_is_not_a_list()
    {
        var schemas = NormalizedSchemas("""
            { "Findings": { "type": "object", "properties": {
                "findings": { "type": "array", "items": { "type": "string" } }, "items": { "type": "integer" } } },
              "Status": { "type": "object", "properties": { "status": { "type": "string" } } },
              "Both": { "type": "object", "properties": { "run_id": { "type": "string" }, "runId": { "type": "string" } } } }
            """);
        Assert.False(Property(schemas, "Findings", "findings")!.ContainsKey("x-dotnetName"));
        Assert.False(Property(schemas, "Status", "status")!.ContainsKey("x-dotnetName"));
        Assert.False(Property(schemas, "Both", "run_id")!.ContainsKey("x-dotnetName"));
    }

    [Fact]
    public void A_named_reference_is_wrapped_so_openapi_3_0_readers_see_the_name()
    {
        var schemas = NormalizedSchemas("""
            { "Target": { "type": "object", "properties": { "a": { "type": "string" } } },
              "Holder": { "type": "object", "properties": { "the_target": { "$ref": "#/components/schemas/Target" } } } }
            """);
        AssertJson("""{ "allOf": [ { "$ref": "#/components/schemas/Target" } ], "x-dotnetName": "TheTarget" }""",
            Property(schemas, "Holder", "the_target"));
    }

    [Fact]
    public void Tags_become_pascal_case_in_operations_and_the_tag_list()
    {
        var result = OpenApiNormalizer.Normalize(Document("""
            { "openapi": "3.1.0", "info": { "title": "t", "version": "1" },
              "tags": [ { "name": "health", "description": "Is it up." } ],
              "paths": { "/health": { "get": { "tags": ["health"], "operationId": "health_check", "responses": {} } } } }
            """));
        Assert.Equal("Health", result["paths"]!["/health"]!["get"]!["tags"]![0]!.ToString());
        Assert.Equal("Health", result["tags"]![0]!["name"]!.ToString());
        AssertJson("""{ "Health": "Is it up." }""", result["x-tagDescriptions"]);
    }
}
