using System.Text.Json.Nodes;
using static Stepflow.OpenApi.Normalizer.Tests.Spec;

namespace Stepflow.OpenApi.Normalizer.Tests;

public class UnionTests
{
    private const string TaggedUnion = """
        { "Result": { "description": "outcome of a step",
            "oneOf": [ { "$ref": "#/components/schemas/Ok" }, { "$ref": "#/components/schemas/Failed" } ],
            "discriminator": { "propertyName": "outcome",
              "mapping": { "success": "#/components/schemas/Ok", "failed": "#/components/schemas/Failed" } } },
          "Ok": { "type": "object", "description": "it worked", "required": ["outcome", "result", "at"],
            "properties": { "outcome": { "type": "string", "const": "success", "default": "success" },
                            "result": true,
                            "at": { "type": "string", "format": "date-time", "description": "when" } } },
          "Failed": { "type": "object", "required": ["outcome", "error", "at"],
            "properties": { "outcome": { "type": "string", "const": "failed" },
                            "error": { "type": "string" },
                            "at": { "type": "string", "format": "date-time", "description": "time of failure" } } } }
        """;

    [Fact]
    public void A_discriminated_oneOf_becomes_a_base_schema_with_the_discriminator()
    {
        var schemas = NormalizedSchemas(TaggedUnion);
        AssertJson("""
            { "description": "outcome of a step", "type": "object",
              "discriminator": { "propertyName": "outcome",
                "mapping": { "success": "#/components/schemas/Ok", "failed": "#/components/schemas/Failed" } },
              "properties": { "outcome": { "type": "string" },
                              "at": { "type": "string", "format": "date-time", "description": "when" } },
              "required": ["outcome", "at"] }
            """, schemas["Result"]);
    }

    [Fact]
    public void Each_branch_derives_from_the_base_without_the_tag_or_shared_properties()
    {
        var schemas = NormalizedSchemas(TaggedUnion);
        AssertJson("""
            { "description": "it worked",
              "allOf": [ { "$ref": "#/components/schemas/Result" },
                         { "type": "object", "required": ["result"], "properties": { "result": { "nullable": true } } } ] }
            """, schemas["Ok"]);
        var failedOwn = schemas["Failed"]!["allOf"]![1]!;
        Assert.False(failedOwn["properties"]!.AsObject().ContainsKey("outcome"));
        Assert.False(failedOwn["properties"]!.AsObject().ContainsKey("at"));
        Assert.NotNull(failedOwn["properties"]!["error"]);
    }

    [Fact]
    public void Without_a_discriminator_the_tag_is_inferred_from_const_values()
    {
        var schemas = NormalizedSchemas("""
            { "Action": { "oneOf": [ { "$ref": "#/components/schemas/Fail" }, { "$ref": "#/components/schemas/Retry" } ] },
              "Fail": { "type": "object", "properties": { "action": { "const": "fail" } } },
              "Retry": { "type": "object", "properties": { "action": { "enum": ["retry"] }, "maxRetries": { "type": "integer" } } } }
            """);
        AssertJson("""
            { "propertyName": "action",
              "mapping": { "fail": "#/components/schemas/Fail", "retry": "#/components/schemas/Retry" } }
            """, schemas["Action"]!["discriminator"]);
    }

    [Fact]
    public void Inline_branches_are_moved_into_components_under_their_title_or_tag()
    {
        var schemas = NormalizedSchemas("""
            { "Event": { "oneOf": [
                { "title": "EventStarted", "type": "object", "properties": { "kind": { "const": "started" }, "at": { "type": "string" } } },
                { "type": "object", "properties": { "kind": { "const": "run_done" }, "ok": { "type": "boolean" } } } ],
                "discriminator": { "propertyName": "kind" } } }
            """);
        Assert.NotNull(schemas["EventStarted"]);
        Assert.NotNull(schemas["EventRunDone"]);
        AssertJson("""
            { "started": "#/components/schemas/EventStarted", "run_done": "#/components/schemas/EventRunDone" }
            """, schemas["Event"]!["discriminator"]!["mapping"]);
        Assert.Equal("#/components/schemas/Event", schemas["EventRunDone"]!["allOf"]![0]!["$ref"]!.ToString());
    }

    [Fact]
    public void An_untagged_union_of_several_shapes_becomes_free_form_json()
    {
        var schemas = NormalizedSchemas("""
            { "A": { "type": "object", "properties": { "v": {
                "description": "number or list", "oneOf": [ { "type": "integer" }, { "type": "array", "items": { "type": "string" } } ] } } } }
            """);
        AssertJson("""{ "description": "number or list", "nullable": true }""", schemas["A"]!["properties"]!["v"]);
    }

    [Fact]
    public void A_branch_shared_by_two_unions_derives_from_the_first_and_the_second_union_becomes_free_form()
    {
        var schemas = NormalizedSchemas("""
            { "U1": { "oneOf": [ { "$ref": "#/components/schemas/X" }, { "$ref": "#/components/schemas/Y" } ], "discriminator": { "propertyName": "t" } },
              "U2": { "oneOf": [ { "$ref": "#/components/schemas/X" }, { "$ref": "#/components/schemas/Z" } ], "discriminator": { "propertyName": "t" } },
              "X": { "type": "object", "properties": { "t": { "const": "x" } } },
              "Y": { "type": "object", "properties": { "t": { "const": "y" } } },
              "Z": { "type": "object", "properties": { "t": { "const": "z" } } } }
            """);
        Assert.Equal("#/components/schemas/U1", schemas["X"]!["allOf"]![0]!["$ref"]!.ToString());
        Assert.False(schemas.ContainsKey("U2"));
        AssertJson("""["z"]""", schemas["Z"]!["properties"]!["t"]!["enum"]);
    }

    [Fact]
    public void A_nullable_reference_to_a_union_keeps_pointing_at_the_base()
    {
        var schemas = NormalizedSchemas(TaggedUnion.TrimEnd().TrimEnd('}') + """
            , "Item": { "type": "object", "properties": {
                "result": { "oneOf": [ { "$ref": "#/components/schemas/Result" }, { "type": "null" } ] } } } }
            """);
        AssertJson("""{ "nullable": true, "allOf": [ { "$ref": "#/components/schemas/Result" } ] }""",
            schemas["Item"]!["properties"]!["result"]);
    }
}
