using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.Tests;

/// <summary>Builds small OpenAPI 3.1 documents and normalizes them.</summary>
internal static class Spec
{
    /// <summary>A 3.1 document whose components/schemas is <paramref name="schemasJson"/>.</summary>
    public static JsonObject WithSchemas(string schemasJson) => Document($$"""
        { "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": {},
          "components": { "schemas": {{schemasJson}} } }
        """);

    public static JsonObject Document(string json) => (JsonObject)JsonNode.Parse(json)!;

    public static JsonObject NormalizedSchemas(string schemasJson) =>
        (JsonObject)OpenApiNormalizer.Normalize(WithSchemas(schemasJson))["components"]!["schemas"]!;

    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual),
            $"expected {JsonNode.Parse(expected)!.ToJsonString()}\n  actual {actual?.ToJsonString() ?? "null"}");
}
