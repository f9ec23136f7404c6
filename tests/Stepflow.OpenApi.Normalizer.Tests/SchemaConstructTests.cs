using System.Text.Json.Nodes;
using static Stepflow.OpenApi.Normalizer.Tests.Spec;

namespace Stepflow.OpenApi.Normalizer.Tests;

public class SchemaConstructTests
{
    [Fact]
    public void Version_becomes_3_0()
    {
        var result = OpenApiNormalizer.Normalize(WithSchemas("{}"));
        Assert.Equal("3.0.3", result["openapi"]!.ToString());
    }

    [Fact]
    public void Boolean_schemas_become_their_object_equivalents()
    {
        var schemas = NormalizedSchemas("""
            { "A": { "type": "object", "properties": { "anything": true, "nothing": false },
                     "additionalProperties": true },
              "L": { "type": "array", "items": true } }
            """);
        AssertJson("""{ "nullable": true }""", schemas["A"]!["properties"]!["anything"]);
        AssertJson("""{ "not": {} }""", schemas["A"]!["properties"]!["nothing"]);
        AssertJson("true", schemas["A"]!["additionalProperties"]);
        AssertJson("""{ "nullable": true }""", schemas["L"]!["items"]);
    }

    [Fact]
    public void Type_arrays_with_null_become_nullable()
    {
        var schemas = NormalizedSchemas("""
            { "A": { "type": "object", "properties": {
                "name": { "type": ["string", "null"] },
                "count": { "type": ["integer", "null"], "format": "uint64", "minimum": 0 },
                "either": { "type": ["string", "integer"] } } } }
            """);
        var properties = schemas["A"]!["properties"]!;
        AssertJson("""{ "nullable": true, "type": "string" }""", properties["name"]);
        AssertJson("""{ "format": "int64", "minimum": 0, "nullable": true, "type": "integer" }""", properties["count"]);
        Assert.False(properties["either"]!.AsObject().ContainsKey("type"));
    }

    [Fact]
    public void OneOf_ref_or_null_becomes_nullable_allOf_ref()
    {
        var schemas = NormalizedSchemas("""
            { "B": { "type": "object", "properties": { "x": { "type": "string" } } },
              "A": { "type": "object", "properties": {
                "b": { "description": "maybe a B", "oneOf": [ { "$ref": "#/components/schemas/B" }, { "type": "null" } ] } } } }
            """);
        AssertJson("""{ "description": "maybe a B", "nullable": true, "allOf": [ { "$ref": "#/components/schemas/B" } ] }""",
            schemas["A"]!["properties"]!["b"]);
    }

    [Fact]
    public void AnyOf_inline_or_null_is_merged_and_nullable()
    {
        var schemas = NormalizedSchemas("""
            { "A": { "type": "object", "properties": {
                "n": { "anyOf": [ { "type": "integer", "format": "int32" }, { "type": "null" } ] } } } }
            """);
        AssertJson("""{ "nullable": true, "type": "integer", "format": "int32" }""", schemas["A"]!["properties"]!["n"]);
    }

    [Fact]
    public void Const_becomes_a_one_value_enum()
    {
        var schemas = NormalizedSchemas("""{ "K": { "type": "string", "const": "fixed" } }""");
        AssertJson("""["fixed"]""", schemas["K"]!["enum"]);
        Assert.False(schemas["K"]!.AsObject().ContainsKey("const"));
    }

    [Fact]
    public void Numeric_exclusive_bounds_become_3_0_flags()
    {
        var schemas = NormalizedSchemas("""{ "N": { "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10 } }""");
        AssertJson("""{ "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true }""",
            schemas["N"]);
    }

    [Theory]
    [InlineData("uint", "int64")]
    [InlineData("uint32", "int64")]
    [InlineData("uint64", "int64")]
    [InlineData("uint16", "int32")]
    [InlineData("int32", "int32")]
    [InlineData("double", "double")]
    public void Unsigned_integer_formats_map_to_signed_formats_that_hold_them(string format, string expected)
    {
        var schemas = NormalizedSchemas($$"""{ "N": { "type": "integer", "format": "{{format}}" } }""");
        Assert.Equal(expected, schemas["N"]!["format"]!.ToString());
    }

    [Theory]
    [InlineData("merge_patch", "MergePatch")]
    [InlineData("COMPONENT_FAILED", "ComponentFailed")]
    [InlineData("recoveryFailed", "RecoveryFailed")]
    [InlineData("step-started", "StepStarted")]
    [InlineData("2xx", "_2xx")]
    [InlineData("equals", "EqualsValue")]
    [InlineData("to_string", "ToStringValue")]
    [InlineData("GET_TYPE", "GetTypeValue")]
    [InlineData("hash_code", "HashCode")]
    public void String_enums_get_dotnet_member_names(string value, string expected)
    {
        var schemas = NormalizedSchemas($$"""{ "E": { "type": "string", "enum": ["{{value}}"] } }""");
        AssertJson($$"""["{{expected}}"]""", schemas["E"]!["x-enumNames"]);
    }

    [Fact]
    public void A_component_enum_member_named_like_its_type_gets_a_suffix()
    {
        var schemas = NormalizedSchemas("""{ "Mode": { "type": "string", "enum": ["mode", "fast"] }, "run_mode": { "type": "string", "enum": ["run-mode"] } }""");
        AssertJson("""["ModeValue", "Fast"]""", schemas["Mode"]!["x-enumNames"]);
        AssertJson("""["RunMode"]""", schemas["run_mode"]!["x-enumNames"]);
    }

    [Fact]
    public void Enums_whose_names_would_collide_keep_generator_naming()
    {
        var schemas = NormalizedSchemas("""{ "E": { "type": "string", "enum": ["a_b", "aB"] } }""");
        Assert.False(schemas["E"]!.AsObject().ContainsKey("x-enumNames"));
    }

    [Fact]
    public void Keywords_without_3_0_equivalent_are_dropped_and_examples_become_example()
    {
        var schemas = NormalizedSchemas("""
            { "S": { "type": "string", "$comment": "c", "contentMediaType": "text/plain", "examples": ["first", "second"] } }
            """);
        AssertJson("""{ "type": "string", "example": "first" }""", schemas["S"]);
    }

    [Fact]
    public void Snake_case_property_names_are_left_untouched()
    {
        var schemas = NormalizedSchemas("""
            { "Old": { "type": "object", "required": ["run_id"], "properties": { "run_id": { "type": "string", "format": "uuid" } } } }
            """);
        Assert.NotNull(schemas["Old"]!["properties"]!["run_id"]);
        AssertJson("""["run_id"]""", schemas["Old"]!["required"]);
    }

    [Fact]
    public void A_document_that_is_not_openapi_3_is_rejected_with_a_clear_error()
    {
        var swagger2 = Document("""{ "swagger": "2.0", "info": { "title": "t", "version": "1" }, "paths": {} }""");
        var error = Assert.Throws<NormalizationException>(() => OpenApiNormalizer.Normalize(swagger2));
        Assert.Contains("OpenAPI 3.x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_input_document_is_not_modified()
    {
        var input = WithSchemas("""{ "K": { "type": ["string", "null"], "const": "x" } }""");
        var before = input.ToJsonString();
        OpenApiNormalizer.Normalize(input);
        Assert.Equal(before, input.ToJsonString());
    }
}
