using System.Text.Json.Nodes;
using static Stepflow.OpenApi.Normalizer.Tests.Spec;

namespace Stepflow.OpenApi.Normalizer.Tests;

public class FreeFormAndDocumentTests
{
    [Fact]
    public void References_to_any_value_schemas_are_inlined_and_the_names_dropped()
    {
        var schemas = NormalizedSchemas("""
            { "Value": { "description": "any JSON" },
              "Meta": { "type": "object", "additionalProperties": true },
              "Run": { "type": "object", "properties": {
                "input": { "type": "array", "items": { "$ref": "#/components/schemas/Value" } },
                "vars": { "type": "object", "additionalProperties": { "$ref": "#/components/schemas/Value" } },
                "meta": { "description": "free-form", "allOf": [ { "$ref": "#/components/schemas/Meta" } ] } } } }
            """);
        Assert.False(schemas.ContainsKey("Value"));
        Assert.False(schemas.ContainsKey("Meta"));
        var properties = schemas["Run"]!["properties"]!;
        AssertJson("""{ "nullable": true }""", properties["input"]!["items"]);
        AssertJson("""{ "nullable": true }""", properties["vars"]!["additionalProperties"]);
        AssertJson("""{ "description": "free-form", "type": "object", "additionalProperties": true }""", properties["meta"]);
    }

    [Fact]
    public void Objects_with_declared_properties_are_not_treated_as_free_form()
    {
        var schemas = NormalizedSchemas("""
            { "Thing": { "type": "object", "properties": { "a": { "type": "string" } }, "additionalProperties": true } }
            """);
        Assert.True(schemas.ContainsKey("Thing"));
    }

    [Fact]
    public void Error_responses_lose_their_content_and_streams_become_binary()
    {
        var result = OpenApiNormalizer.Normalize(Document("""
            { "openapi": "3.1.0", "info": { "title": "t", "version": "1" },
              "paths": { "/runs/{run_id}/events": { "get": { "operationId": "events",
                "parameters": [ { "in": "path", "name": "run_id", "required": true, "schema": { "type": "string" } } ],
                "responses": {
                  "200": { "description": "events", "content": { "text/event-stream": { "schema": { "$ref": "#/components/schemas/E" } } } },
                  "404": { "description": "no run", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/E" } } } } } } } },
              "components": { "schemas": { "E": { "type": "object", "properties": { "a": { "type": "string" } } } } } }
            """));
        var operation = result["paths"]!["/runs/{runId}/events"]!["get"]!;
        AssertJson("""{ "description": "no run" }""", operation["responses"]!["404"]);
        AssertJson("""{ "type": "string", "format": "binary" }""",
            operation["responses"]!["200"]!["content"]!["text/event-stream"]!["schema"]);
        Assert.Equal("runId", operation["parameters"]![0]!["name"]!.ToString());
    }

    [Fact]
    public void Json_success_responses_keep_their_schema()
    {
        var result = OpenApiNormalizer.Normalize(Document("""
            { "openapi": "3.1.0", "info": { "title": "t", "version": "1" },
              "paths": { "/health": { "get": { "operationId": "health", "responses": {
                "200": { "description": "ok", "content": { "application/json": { "schema": { "type": ["object", "null"] } } } } } } } } }
            """));
        AssertJson("""{ "nullable": true, "type": "object" }""",
            result["paths"]!["/health"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]);
    }

    [Fact]
    public void Path_parameters_are_renamed_in_template_and_list_keeping_path_order()
    {
        var result = OpenApiNormalizer.Normalize(Document("""
            { "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": {
                "/b/{flow_id}": { "parameters": [ { "in": "path", "name": "flow_id", "required": true, "schema": { "type": "string" } } ] },
                "/a/{run_id}/steps/{step_id}": { "get": { "parameters": [
                  { "in": "path", "name": "run_id", "required": true, "schema": { "type": "string" } },
                  { "in": "path", "name": "step_id", "required": true, "schema": { "type": "string" } },
                  { "in": "query", "name": "item_index", "schema": { "type": "integer" } } ], "responses": {} } } } }
            """));
        var paths = (JsonObject)result["paths"]!;
        Assert.Equal(["/b/{flowId}", "/a/{runId}/steps/{stepId}"], paths.Select(p => p.Key));
        Assert.Equal("flowId", paths["/b/{flowId}"]!["parameters"]![0]!["name"]!.ToString());
        var names = paths["/a/{runId}/steps/{stepId}"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.ToString());
        Assert.Equal(["runId", "stepId", "item_index"], names);
    }
}
