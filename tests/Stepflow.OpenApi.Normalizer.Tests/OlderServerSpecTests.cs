using System.Text.Json.Nodes;
using static Stepflow.OpenApi.Normalizer.Tests.Spec;

namespace Stepflow.OpenApi.Normalizer.Tests;

/// <summary>Constructs seen in the OpenAPI documents of 0.9 and 0.10 servers.</summary>
public class OlderServerSpecTests
{
    [Fact]
    public void An_empty_allOf_means_any_value_and_is_inlined_as_free_form()
    {
        var schemas = NormalizedSchemas("""
            { "Value": { "allOf": [], "description": "any JSON" },
              "Blob": { "type": "object", "properties": { "data": { "$ref": "#/components/schemas/Value" },
                                                          "fallback": { "anyOf": [] } } } }
            """);
        Assert.False(schemas.ContainsKey("Value"));
        AssertJson("""{ "nullable": true }""", schemas["Blob"]!["properties"]!["data"]);
        AssertJson("""{ "nullable": true }""", schemas["Blob"]!["properties"]!["fallback"]);
    }

    [Fact]
    public void Snake_case_operation_ids_become_camel_case()
    {
        var result = OpenApiNormalizer.Normalize(Document("""
            { "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": {
                "/blobs": { "post": { "operationId": "store_blob", "responses": {} } } } }
            """));
        Assert.Equal("storeBlob", result["paths"]!["/blobs"]!["post"]!["operationId"]!.ToString());
    }

    [Fact]
    public void Snake_case_query_parameters_keep_their_wire_name_and_get_a_dotnet_name()
    {
        var result = OpenApiNormalizer.Normalize(Document("""
            { "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": {
                "/runs/{run_id}/steps": { "get": { "operationId": "getRunSteps", "parameters": [
                  { "in": "path", "name": "run_id", "required": true, "schema": { "type": "string" } },
                  { "in": "query", "name": "item_index", "schema": { "type": "integer" } },
                  { "in": "query", "name": "includeSchemas", "schema": { "type": "boolean" } } ], "responses": {} } } } }
            """));
        var parameters = result["paths"]!["/runs/{runId}/steps"]!["get"]!["parameters"]!.AsArray();
        Assert.Equal("item_index", parameters[1]!["name"]!.ToString());
        Assert.Equal("itemIndex", parameters[1]!["x-originalName"]!.ToString());
        Assert.False(parameters[2]!.AsObject().ContainsKey("x-originalName"));
    }

    [Fact]
    public void Inline_branches_of_a_union_that_cannot_be_rewritten_leave_no_schemas_behind()
    {
        var schemas = NormalizedSchemas("""
            { "ValueExpr": { "oneOf": [
                { "type": "object", "title": "StepRef", "required": ["$step"], "properties": { "$step": { "type": "string" } } },
                { "type": "object", "title": "InputRef", "required": ["$input"], "properties": { "$input": { "type": "string" } } },
                { "type": "array", "title": "ArrayExpr", "items": { "$ref": "#/components/schemas/ValueExpr" } } ] },
              "Step": { "type": "object", "properties": { "input": { "$ref": "#/components/schemas/ValueExpr" } } } }
            """);
        Assert.Equal(["Step"], schemas.Select(p => p.Key));
        AssertJson("""{ "nullable": true }""", schemas["Step"]!["properties"]!["input"]);
    }
}
