using System.Text.Json.Nodes;
using Stepflow.OpenApi.Normalizer.ProtobufRest;
using static Stepflow.OpenApi.Normalizer.Tests.Spec;

namespace Stepflow.OpenApi.Normalizer.Tests;

/// <summary>
/// The rules for a 0.12/0.13 server's document (protoc-gen-openapi output), each on a small snippet of
/// that form (docs/server-api.md §4 and §11.2).
/// </summary>
public class ProtobufRestTests
{
    private const string ExecutionStatusValues =
        """["EXECUTION_STATUS_UNSPECIFIED", "EXECUTION_STATUS_RUNNING", "EXECUTION_STATUS_COMPLETED", "EXECUTION_STATUS_RECOVERY_FAILED"]""";

    private static readonly string DefaultError = """
        "default": { "description": "e", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Status" } } } }
        """;

    /// <summary>A protoc-gen-openapi style 3.0.3 document with the given paths and schemas, plus google.rpc.Status.</summary>
    private static JsonObject Gnostic(string pathsJson, string schemasJson)
    {
        var schemas = Document(schemasJson);
        schemas["Status"] = JsonNode.Parse("""
            { "type": "object", "properties": { "code": { "type": "integer", "format": "int32" }, "message": { "type": "string" },
              "details": { "type": "array", "items": { "$ref": "#/components/schemas/GoogleProtobufAny" } } } }
            """);
        schemas["GoogleProtobufAny"] ??= JsonNode.Parse("""{ "type": "object", "properties": { "@type": { "type": "string" } }, "additionalProperties": true }""");
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "t", ["version"] = "0.0.1" },
            ["paths"] = JsonNode.Parse(pathsJson),
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Normalize(JsonObject document, WireFacts? facts = null) =>
        OpenApiNormalizer.Normalize(document, facts ?? WireFacts.None, out _);

    private static JsonObject Get(string path, string parameters = "[]", string ok = """{ "$ref": "#/components/schemas/R" }""") =>
        Document($$"""
            { "{{path}}": { "get": { "operationId": "op", "tags": ["RunsService"], "parameters": {{parameters}},
              "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": {{ok}} } } }, {{DefaultError}} } } } }
            """);

    [Fact]
    public void Proto_enums_become_integer_enums_numbered_by_position_in_one_named_schema()
    {
        // docs/server-api.md §4.1: the wire sends 0..6, not EXECUTION_STATUS_* names.
        var paths = Get("/runs", $$"""[{ "name": "status", "in": "query", "schema": { "enum": {{ExecutionStatusValues}}, "type": "string", "format": "enum" } }]""");
        var doc = Normalize(Gnostic(paths.ToJsonString(), $$"""
            { "R": { "type": "object", "properties": {
                "status": { "enum": {{ExecutionStatusValues}}, "type": "string", "format": "enum" },
                "itemStatus": { "enum": {{ExecutionStatusValues}}, "type": "string", "description": "of the item", "format": "enum" } } } }
            """));

        var schemas = doc["components"]!["schemas"]!;
        var status = schemas["ExecutionStatus"]!;
        AssertJson("[0, 1, 2, 3]", status["enum"]);
        AssertJson("""["Unspecified", "Running", "Completed", "RecoveryFailed"]""", status["x-enumNames"]);
        Assert.Equal("integer", status["type"]!.ToString());
        Assert.Equal("int32", status["format"]!.ToString());
        Assert.Equal("EXECUTION_STATUS_RECOVERY_FAILED in the protobuf definition, sent as 3.", status["x-enumDescriptions"]![3]!.ToString());
        AssertJson("""{ "$ref": "#/components/schemas/ExecutionStatus" }""", schemas["R"]!["properties"]!["status"]);
        AssertJson("""{ "allOf": [{ "$ref": "#/components/schemas/ExecutionStatus" }], "description": "of the item" }""",
            schemas["R"]!["properties"]!["itemStatus"]);
        AssertJson("""{ "$ref": "#/components/schemas/ExecutionStatus" }""", doc["paths"]!["/runs"]!["get"]!["parameters"]![0]!["schema"]);
    }

    [Fact]
    public void An_enum_listed_from_UNSPECIFIED_numbers_its_first_real_value_1()
    {
        // docs/server-api.md §4.1: DiagnosticLevel fatal is 1, error 2, warning 3.
        var schemas = Normalize(Gnostic("{}", """
            { "D": { "type": "object", "properties": { "level": { "enum": ["DIAGNOSTIC_LEVEL_UNSPECIFIED", "DIAGNOSTIC_LEVEL_FATAL",
                "DIAGNOSTIC_LEVEL_ERROR", "DIAGNOSTIC_LEVEL_WARNING"], "type": "string", "format": "enum" } } } }
            """))["components"]!["schemas"]!;
        AssertJson("[0, 1, 2, 3]", schemas["DiagnosticLevel"]!["enum"]);
        AssertJson("""["Unspecified", "Fatal", "Error", "Warning"]""", schemas["DiagnosticLevel"]!["x-enumNames"]);
    }

    [Fact]
    public void An_enum_without_a_shared_prefix_becomes_an_inline_integer_enum()
    {
        var schemas = Normalize(Gnostic("{}", """
            { "D": { "type": "object", "properties": { "mode": { "enum": ["FAST", "SLOW"], "type": "string", "format": "enum" } } } }
            """))["components"]!["schemas"]!;
        var mode = schemas["D"]!["properties"]!["mode"]!;
        AssertJson("[0, 1]", mode["enum"]);
        AssertJson("""["Fast", "Slow"]""", mode["x-enumNames"]);
        Assert.Equal("integer", mode["type"]!.ToString());
    }

    [Fact]
    public void A_named_enum_schema_is_rewritten_in_place_and_references_keep_pointing_at_it()
    {
        var schemas = Normalize(Gnostic("{}", $$"""
            { "State": { "enum": {{ExecutionStatusValues}}, "type": "string", "format": "enum" },
              "R": { "type": "object", "properties": { "s": { "$ref": "#/components/schemas/State" } } } }
            """))["components"]!["schemas"]!;
        AssertJson("[0, 1, 2, 3]", schemas["State"]!["enum"]);
        AssertJson("""{ "$ref": "#/components/schemas/State" }""", schemas["R"]!["properties"]!["s"]);
        Assert.Null(schemas["ExecutionStatus"]);
    }

    [Fact]
    public void Declared_64_bit_strings_and_the_listed_format_less_strings_become_int64_numbers()
    {
        // docs/server-api.md §4.2: sequence numbers, since, asof and timeoutSecs are JSON numbers on the wire.
        var paths = Get("/runs/{runId}", """
            [{ "name": "runId", "in": "path", "required": true, "schema": { "type": "string" } },
             { "name": "timeoutSecs", "in": "query", "schema": { "type": "string" } }]
            """);
        var facts = new WireFacts { Int64Names = ["timeoutSecs", "createdAtSeqno", "missingName"] };
        var doc = Normalize(Gnostic(paths.ToJsonString(), """
            { "R": { "type": "object", "properties": {
                "createdAtSeqno": { "type": "string", "description": "d" },
                "total": { "type": "string", "format": "uint64" },
                "name": { "type": "string" },
                "createdAt": { "type": "string", "format": "date-time" } } } }
            """), facts);

        var properties = doc["components"]!["schemas"]!["R"]!["properties"]!;
        AssertJson("""{ "type": "integer", "description": "d", "format": "int64" }""", properties["createdAtSeqno"]);
        AssertJson("""{ "type": "integer", "format": "int64" }""", properties["total"]);
        AssertJson("""{ "type": "string" }""", properties["name"]);
        AssertJson("""{ "type": "string", "format": "date-time" }""", properties["createdAt"]);
        var parameters = doc["paths"]!["/runs/{runId}"]!["get"]!["parameters"]!;
        AssertJson("""{ "type": "string" }""", parameters[0]!["schema"]);
        AssertJson("""{ "type": "integer", "format": "int64" }""", parameters[1]!["schema"]);

        OpenApiNormalizer.Normalize(Gnostic(paths.ToJsonString(), """{ "R": { "type": "object" } }"""), facts, out var notes);
        Assert.Contains(notes, n => n.Contains("'missingName'", StringComparison.Ordinal));
    }

    [Fact]
    public void Oneof_members_are_nested_under_the_oneof_name_keyed_by_PascalCase_variant()
    {
        // docs/server-api.md §10.2: {"sequenceNumber": 3, "event": {"StepCompleted": {...}}}.
        var facts = new WireFacts
        {
            Oneofs = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
            {
                ["StatusEvent"] = new Dictionary<string, IReadOnlyList<string>> { ["event"] = ["runCreated", "stepCompleted", "gone"] },
            },
        };
        var doc = OpenApiNormalizer.Normalize(Gnostic("{}", """
            { "StatusEvent": { "type": "object", "properties": {
                "sequenceNumber": { "type": "integer", "format": "int64" },
                "runCreated": { "$ref": "#/components/schemas/RunCreatedEvent" },
                "stepCompleted": { "$ref": "#/components/schemas/StepCompletedEvent" },
                "timestamp": { "type": "string", "format": "date-time" } } },
              "RunCreatedEvent": { "type": "object", "properties": { "runId": { "type": "string" } } },
              "StepCompletedEvent": { "type": "object", "properties": { "runId": { "type": "string" } } } }
            """), facts, out var notes);

        var schemas = doc["components"]!["schemas"]!;
        Assert.Equal(["sequenceNumber", "event", "timestamp"], schemas["StatusEvent"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("#/components/schemas/StatusEventVariant", schemas["StatusEvent"]!["properties"]!["event"]!["allOf"]![0]!["$ref"]!.ToString());
        var variant = schemas["StatusEventVariant"]!["properties"]!;
        AssertJson("""{ "$ref": "#/components/schemas/RunCreatedEvent" }""", variant["RunCreated"]);
        AssertJson("""{ "$ref": "#/components/schemas/StepCompletedEvent" }""", variant["StepCompleted"]);
        Assert.Equal(2, variant.AsObject().Count);
        Assert.Contains(notes, n => n.Contains("'StatusEvent.gone'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_oneof_not_named_like_its_schema_gives_schema_plus_oneof()
    {
        var facts = new WireFacts
        {
            Oneofs = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
            {
                ["Message"] = new Dictionary<string, IReadOnlyList<string>> { ["payload"] = ["text"] },
            },
        };
        var schemas = Normalize(Gnostic("{}", """{ "Message": { "type": "object", "properties": { "text": { "type": "string" } } } }"""), facts)["components"]!["schemas"]!;
        AssertJson("""{ "type": "string" }""", schemas["MessagePayload"]!["properties"]!["Text"]);
    }

    [Fact]
    public void Errors_are_the_JSON_envelope_and_Status_goes_with_what_only_it_used()
    {
        // docs/server-api.md §3.2: {"error": {"code": 404, "message": "...", "status": "NOT_FOUND"}}.
        var doc = Normalize(Gnostic(Get("/runs").ToJsonString(), """{ "R": { "type": "object", "properties": { "a": { "type": "string" } } } }"""));

        var schemas = doc["components"]!["schemas"]!.AsObject();
        Assert.False(schemas.ContainsKey("Status"));
        Assert.False(schemas.ContainsKey("GoogleProtobufAny"));
        AssertJson("""{ "application/json": { "schema": { "$ref": "#/components/schemas/ErrorResponse" } } }""",
            doc["paths"]!["/runs"]!["get"]!["responses"]!["default"]!["content"]);
        Assert.Equal("#/components/schemas/ErrorStatus", schemas["ErrorResponse"]!["properties"]!["error"]!["allOf"]![0]!["$ref"]!.ToString());
        Assert.Equal(["code", "message", "status"], schemas["ErrorStatus"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("integer", schemas["ErrorStatus"]!["properties"]!["code"]!["type"]!.ToString());
    }

    [Fact]
    public void A_schema_the_error_declaration_shared_with_others_is_kept()
    {
        var doc = Normalize(Gnostic(Get("/runs").ToJsonString(), """
            { "R": { "type": "object", "properties": { "any": { "$ref": "#/components/schemas/GoogleProtobufAny" } } } }
            """));
        var schemas = doc["components"]!["schemas"]!.AsObject();
        Assert.False(schemas.ContainsKey("Status"));
        Assert.True(schemas.ContainsKey("GoogleProtobufAny"));
    }

    [Fact]
    public void A_stream_answers_text_event_stream_read_unparsed_and_takes_its_path_parameters_in_the_query()
    {
        // docs/server-api.md §10.1 and §10.4: SSE frames, and runId read from the query only.
        var paths = Get("/runs/{runId}/events", """
            [{ "name": "runId", "in": "path", "required": true, "description": "the run", "schema": { "type": "string" } },
             { "name": "since", "in": "query", "schema": { "type": "string" } }]
            """, """{ "$ref": "#/components/schemas/StatusEvent" }""");
        paths["/runs/{runId}/events"]!["get"]!["operationId"] = "getRunStatusStream";
        var doc = Normalize(Gnostic(paths.ToJsonString(), """{ "StatusEvent": { "type": "object", "properties": { "a": { "type": "string" } } } }"""),
            new WireFacts { Streams = ["getRunStatusStream"] });

        var operation = doc["paths"]!["/runs/{runId}/events"]!["get"]!;
        AssertJson("""{ "text/event-stream": { "schema": { "type": "string", "format": "binary" } } }""", operation["responses"]!["200"]!["content"]);
        var parameters = operation["parameters"]!.AsArray();
        Assert.Equal(["path:runId", "query:runId", "query:since"], parameters.Select(p => $"{p!["in"]}:{p["name"]}"));
        Assert.True(parameters[1]!["required"]!.GetValue<bool>());
        Assert.Equal("runIdInQuery", parameters[1]!["x-originalName"]!.ToString());
        // The event model stays, for the stream's reader.
        Assert.NotNull(doc["components"]!["schemas"]!["StatusEvent"]);
    }

    [Fact]
    public void Array_query_parameters_are_removed()
    {
        // docs/server-api.md §10.4: any use of eventTypes is a 400.
        var paths = Get("/runs/{runId}/events", """
            [{ "name": "eventTypes", "in": "query", "schema": { "type": "array", "items": { "type": "string", "enum": ["A_B", "A_C"], "format": "enum" } } },
             { "name": "includeResults", "in": "query", "schema": { "type": "boolean" } }]
            """);
        var doc = Normalize(Gnostic(paths.ToJsonString(), """{ "R": { "type": "object" } }"""));
        Assert.Equal(["includeResults"], doc["paths"]!["/runs/{runId}/events"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.ToString()));
        Assert.Null(doc["components"]!["schemas"]!["A"]);
    }

    [Fact]
    public void Blob_routes_read_and_write_data_and_offer_octet_stream_alternatives()
    {
        // docs/server-api.md §9: data/blobType/filename in, data/blobType/blobId/filename/contentType out.
        var doc = Normalize(Gnostic("""
            { "/blobs": { "post": { "operationId": "storeBlob",
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PutBlobRequest" } } }, "required": true },
                "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PutBlobResponse" } } } } } } },
              "/blobs/{blobId}": { "get": { "operationId": "getBlob",
                "parameters": [{ "name": "blobId", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/GetBlobResponse" } } } } } } } }
            """, """
            { "PutBlobRequest": { "type": "object", "properties": {
                "jsonData": { "allOf": [{ "$ref": "#/components/schemas/GoogleProtobufValue" }], "description": "json" },
                "rawData": { "type": "string", "format": "bytes" }, "blobType": { "type": "string" },
                "filename": { "type": "string" }, "contentType": { "type": "string" } } },
              "PutBlobResponse": { "type": "object", "properties": { "blobId": { "type": "string" } } },
              "GetBlobResponse": { "type": "object", "properties": {
                "jsonData": { "allOf": [{ "$ref": "#/components/schemas/GoogleProtobufValue" }] },
                "rawData": { "type": "string", "format": "bytes" }, "blobType": { "type": "string" }, "blobId": { "type": "string" },
                "filename": { "type": "string" }, "contentType": { "type": "string" } } },
              "GoogleProtobufValue": { "description": "any value" } }
            """), new WireFacts { BlobStoreOperation = "storeBlob", BlobReadOperation = "getBlob" });

        var schemas = doc["components"]!["schemas"]!;
        Assert.Equal(["data", "blobType", "filename"], schemas["PutBlobRequest"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["data", "blobType", "blobId", "filename", "contentType"], schemas["GetBlobResponse"]!["properties"]!.AsObject().Select(p => p.Key));
        // google.protobuf.Value is free-form JSON (JsonNode): docs/server-api.md §4.3.
        AssertJson("""{ "description": "json", "nullable": true }""", schemas["PutBlobRequest"]!["properties"]!["data"]);
        Assert.Null(schemas["GoogleProtobufValue"]);

        var store = doc["paths"]!["/blobs"]!["post"]!;
        Assert.Equal(["application/json", "application/octet-stream"], store["requestBody"]!["content"]!.AsObject().Select(p => p.Key));
        var read = doc["paths"]!["/blobs/{blobId}"]!["get"]!["responses"]!["200"]!;
        Assert.Equal(["application/json", "application/octet-stream"], read["content"]!.AsObject().Select(p => p.Key));
        Assert.Equal("binary", read["content"]!["application/octet-stream"]!["schema"]!["format"]!.ToString());
        Assert.Equal(["x-blob-type", "Content-Disposition"], read["headers"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Service_tags_name_clients_without_the_Service_suffix()
    {
        var doc = Document("""
            { "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "tags": [{ "name": "RunsService", "description": "runs" }, { "name": "Service" }],
              "paths": { "/runs": { "get": { "tags": ["RunsService"], "operationId": "listRuns", "responses": { "200": { "description": "ok" } } } } } }
            """);
        var result = Normalize(doc);
        Assert.Equal(["Runs", "Service"], result["tags"]!.AsArray().Select(t => t!["name"]!.ToString()));
        Assert.Equal("Runs", result["paths"]!["/runs"]!["get"]!["tags"]![0]!.ToString());
        Assert.Equal("runs", result["x-tagDescriptions"]!["Runs"]!.ToString());
    }

    [Fact]
    public void The_document_asks_for_request_bodies_without_null_members()
    {
        // docs/server-api.md §4.5: an explicit null for wait, input, variables, flowId or dryRun is a 422.
        var result = Normalize(Gnostic("{}", "{}"));
        Assert.True(result[ProtobufRestRules.OmitNullMembersKey]!.GetValue<bool>());
        Assert.Null(OpenApiNormalizer.Normalize(Gnostic("{}", "{}"))[ProtobufRestRules.OmitNullMembersKey]);
    }

    [Fact]
    public void The_server_url_is_the_default_address_of_the_server_binary()
    {
        // docs/server-api.md §11.2 item 11: the document names port 7837, the binary listens on 7840.
        var document = Gnostic("{}", "{}");
        document["servers"] = JsonNode.Parse("""[{ "url": "http://localhost:7837/api/v1", "description": "local" }]""");
        var result = Normalize(document, new WireFacts { ServerUrl = "http://localhost:7840/api/v1" });
        AssertJson("""[{ "url": "http://localhost:7840/api/v1", "description": "local" }]""", result["servers"]);
        Assert.Equal("http://localhost:7837/api/v1", Normalize(document)["servers"]![0]!["url"]!.ToString());
    }

    [Fact]
    public void Without_protobuf_rules_error_bodies_are_still_dropped()
    {
        // The 0.11 rule (docs/server-api.md §11.1 item 1) is unchanged by the protobuf one.
        var result = OpenApiNormalizer.Normalize(Gnostic(Get("/runs").ToJsonString(), """{ "R": { "type": "object" } }"""));
        Assert.Null(result["paths"]!["/runs"]!["get"]!["responses"]!["default"]!["content"]);
        Assert.NotNull(result["components"]!["schemas"]!["Status"]);
    }

    [Fact]
    public void Wire_facts_are_read_from_their_file_form_and_malformed_ones_refused()
    {
        var facts = WireFacts.Parse(Document("""
            { "int64": ["since"], "oneofs": { "S": { "event": ["a", "b"] } }, "streams": ["op"], "blobRoutes": { "store": "s", "read": "r" },
              "serverUrl": "http://h:1/api/v1" }
            """));
        Assert.Equal("http://h:1/api/v1", facts.ServerUrl);
        Assert.Equal(["since"], facts.Int64Names);
        Assert.Equal(["a", "b"], facts.Oneofs["S"]["event"]);
        Assert.Equal(["op"], facts.Streams);
        Assert.Equal(("s", "r"), (facts.BlobStoreOperation, facts.BlobReadOperation));
        Assert.Throws<NormalizationException>(() => WireFacts.Parse(Document("""{ "int64": "since" }""")));
        Assert.Throws<NormalizationException>(() => WireFacts.Parse(Document("""{ "oneofs": { "S": ["a"] } }""")));
    }
}
