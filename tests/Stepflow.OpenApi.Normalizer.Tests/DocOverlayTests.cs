using System.Text.Json.Nodes;
using static Stepflow.OpenApi.Normalizer.Tests.Spec;

namespace Stepflow.OpenApi.Normalizer.Tests;

public class DocOverlayTests
{
    private static (JsonObject Schemas, IReadOnlyList<string> Unused) Apply(string schemasJson, string overlayJson)
    {
        var document = OpenApiNormalizer.Normalize(WithSchemas(schemasJson));
        var unused = DocOverlay.Apply(document, Document(overlayJson));
        return ((JsonObject)document["components"]!["schemas"]!, unused);
    }

    [Fact]
    public void Fills_missing_descriptions_and_keeps_the_documents_own()
    {
        var (schemas, unused) = Apply("""
            { "Run": { "type": "object", "properties": {
                "id": { "type": "string" },
                "name": { "type": "string", "description": "from the server" } } } }
            """, """
            { "schemas": { "Run": { "description": "A run.",
                "properties": { "id": "Id of the run.", "name": "ours" } } } }
            """);
        Assert.Empty(unused);
        Assert.Equal("A run.", schemas["Run"]!["description"]!.ToString());
        Assert.Equal("Id of the run.", schemas["Run"]!["properties"]!["id"]!["description"]!.ToString());
        Assert.Equal("from the server", schemas["Run"]!["properties"]!["name"]!["description"]!.ToString());
    }

    [Fact]
    public void A_described_reference_is_wrapped_in_allOf_so_openapi_3_0_readers_see_the_text()
    {
        var (schemas, _) = Apply("""
            { "Status": { "type": "string", "enum": ["a"] },
              "Run": { "type": "object", "properties": { "status": { "$ref": "#/components/schemas/Status" } } } }
            """, """{ "schemas": { "Run": { "properties": { "status": "Where the run is." } } } }""");
        AssertJson("""{ "allOf": [ { "$ref": "#/components/schemas/Status" } ], "description": "Where the run is." }""",
            schemas["Run"]!["properties"]!["status"]);
    }

    [Fact]
    public void Shared_property_texts_reach_derived_union_members_and_base_schemas_alike()
    {
        var (schemas, unused) = Apply("""
            { "Event": { "oneOf": [ { "$ref": "#/components/schemas/Started" }, { "$ref": "#/components/schemas/Ended" } ],
                         "discriminator": { "propertyName": "kind", "mapping": {
                           "started": "#/components/schemas/Started", "ended": "#/components/schemas/Ended" } } },
              "Started": { "type": "object", "required": ["kind"], "properties": {
                "kind": { "type": "string", "const": "started" }, "stepIndex": { "type": "integer" } } },
              "Ended": { "type": "object", "required": ["kind"], "properties": { "kind": { "type": "string", "const": "ended" } } },
              "Plain": { "type": "object", "properties": { "stepIndex": { "type": "integer" } } } }
            """, """{ "properties": { "stepIndex": "Position of the step." } }""");
        Assert.Empty(unused);
        var derived = schemas["Started"]!["allOf"]!.AsArray().OfType<JsonObject>().Single(m => m["properties"] is not null);
        Assert.Equal("Position of the step.", derived["properties"]!["stepIndex"]!["description"]!.ToString());
        Assert.Equal("Position of the step.", schemas["Plain"]!["properties"]!["stepIndex"]!["description"]!.ToString());
    }

    [Fact]
    public void Enum_texts_become_x_enumDescriptions_in_value_order_and_existing_ones_win()
    {
        var (schemas, unused) = Apply("""
            { "Level": { "type": "string", "enum": ["low", "mid", "high"], "x-enumDescriptions": ["", "server text", ""] } }
            """, """{ "schemas": { "Level": { "enum": { "high": "Very.", "mid": "ours", "low": "Barely." } } } }""");
        Assert.Empty(unused);
        AssertJson("""["Barely.", "server text", "Very."]""", schemas["Level"]!["x-enumDescriptions"]);
    }

    [Fact]
    public void Enum_values_without_text_get_an_empty_entry_so_the_array_stays_aligned()
    {
        var (schemas, _) = Apply("""{ "Level": { "type": "string", "enum": ["low", "high"] } }""",
            """{ "schemas": { "Level": { "enum": { "high": "Very." } } } }""");
        AssertJson("""["", "Very."]""", schemas["Level"]!["x-enumDescriptions"]);
    }

    [Fact]
    public void Entries_naming_what_the_document_lacks_are_reported_and_the_rest_still_applied()
    {
        var (schemas, unused) = Apply("""
            { "Run": { "type": "object", "properties": { "id": { "type": "string" } } },
              "Level": { "type": "string", "enum": ["low"] } }
            """, """
            { "properties": { "gone": "x" },
              "schemas": { "Missing": { "description": "x" },
                           "Run": { "properties": { "id": "Id.", "old": "x" }, "enum": { "a": "x" } },
                           "Level": { "enum": { "removed": "x" } } } }
            """);
        Assert.Equal("Id.", schemas["Run"]!["properties"]!["id"]!["description"]!.ToString());
        Assert.Equal(5, unused.Count);
        Assert.Contains(unused, u => u.Contains("'Missing'", StringComparison.Ordinal));
        Assert.Contains(unused, u => u.Contains("'Run.old'", StringComparison.Ordinal));
        Assert.Contains(unused, u => u.Contains("'Run' is not an enum", StringComparison.Ordinal));
        Assert.Contains(unused, u => u.Contains("'Level.removed'", StringComparison.Ordinal));
        Assert.Contains(unused, u => u.Contains("'gone'", StringComparison.Ordinal));
    }

    [Fact]
    public void Tag_texts_describe_declared_and_undeclared_tags_and_are_published_for_the_client_template()
    {
        var document = OpenApiNormalizer.Normalize(Document("""
            { "openapi": "3.1.0", "info": { "title": "t", "version": "1" },
              "tags": [ { "name": "Run", "description": "from the server" } ],
              "paths": {
                "/runs": { "get": { "tags": ["Run"], "operationId": "listRuns", "responses": {} } },
                "/health": { "get": { "tags": ["health"], "operationId": "health_check", "responses": {} } } } }
            """));
        var unused = DocOverlay.Apply(document, Document("""
            { "tags": { "Run": "ours", "Health": "Is it up.", "Blob": "no such endpoints here" } }
            """));
        Assert.Equal(["tag 'Blob' is not used by any operation"], unused);
        AssertJson("""[ { "name": "Run", "description": "from the server" }, { "name": "Health", "description": "Is it up." } ]""",
            document["tags"]);
        AssertJson("""{ "Run": "from the server", "Health": "Is it up." }""", document["x-tagDescriptions"]);
    }

    [Theory]
    [InlineData("""{ "schemas": [] }""", "overlay.schemas must be an object")]
    [InlineData("""{ "schemas": { "Run": "text" } }""", "schemas.Run must be an object")]
    [InlineData("""{ "schemas": { "Run": { "properties": { "id": 3 } } } }""", "schemas.Run.properties.id must be a non-empty string")]
    [InlineData("""{ "properties": { "id": "  " } }""", "properties.id must be a non-empty string")]
    [InlineData("""{ "tags": [] }""", "overlay.tags must be an object")]
    public void A_malformed_overlay_is_a_clear_error(string overlay, string message)
    {
        var document = OpenApiNormalizer.Normalize(WithSchemas("""
            { "Run": { "type": "object", "properties": { "id": { "type": "string" } } } }
            """));
        var error = Assert.Throws<NormalizationException>(() => DocOverlay.Apply(document, Document(overlay)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
