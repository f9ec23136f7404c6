using System.Text.Json.Nodes;
using Stepflow.OpenApi.Normalizer.ProtobufRest;
using static Stepflow.OpenApi.Normalizer.Tests.Spec;

namespace Stepflow.OpenApi.Normalizer.Tests;

/// <summary>Invariants of the normalized form of the repository's schemas/openapi-0.13.yaml (docs/server-api.md §11.2).</summary>
public class Repository013SpecTests
{
    private static readonly string CodeGen013 = Path.Combine("src", "Stepflow.Api", "CodeGeneration", "V013");

    private static readonly Lazy<(JsonObject Document, IReadOnlyList<string> Notes)> Normalized = new(() =>
    {
        var specPath = RepositorySpecTests.RepoFile("schemas", "openapi-0.13.yaml");
        var factsPath = RepositorySpecTests.RepoFile(CodeGen013, "wire-facts.json");
        var facts = WireFacts.Parse(SpecFormatter.Parse(File.ReadAllText(factsPath), factsPath));
        var document = OpenApiNormalizer.Normalize(SpecFormatter.ParseFile(File.ReadAllText(specPath), specPath), facts, out var notes);
        return (document, notes);
    });

    private static JsonNode Schemas => Normalized.Value.Document["components"]!["schemas"]!;

    [Fact]
    public void Every_wire_fact_names_something_the_document_has() => Assert.Empty(Normalized.Value.Notes);

    [Fact]
    public void The_doc_overlay_names_only_what_the_document_has()
    {
        var document = (JsonObject)Normalized.Value.Document.DeepClone();
        var overlayPath = RepositorySpecTests.RepoFile(CodeGen013, "doc-overlay.json");
        Assert.Empty(DocOverlay.Apply(document, SpecFormatter.Parse(File.ReadAllText(overlayPath), overlayPath)));
    }

    [Fact]
    public void No_3_1_construct_string_enum_or_string_sequence_number_survives()
    {
        var offenders = new List<string>();
        RepositorySpecTests.Walk(Normalized.Value.Document, "$", offenders);
        Walk(Normalized.Value.Document, "$", offenders);
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_wire_enums_have_the_proto_numbers()
    {
        // docs/server-api.md §4.1.
        Assert.Equal(["Unspecified", "Running", "Completed", "Failed", "Cancelled", "Paused", "RecoveryFailed"], Names(Schemas["ExecutionStatus"]));
        Assert.Equal(["Unspecified", "Fatal", "Error", "Warning"], Names(Schemas["DiagnosticLevel"]));
        Assert.Equal(10, Names(Schemas["TaskErrorCode"]).IndexOf("WorkerError"));
        Assert.Equal(["Unspecified", "ByIndex", "ByCompletion"], Names(Schemas["ResultOrder"]));
        AssertJson("[0, 1, 2, 3, 4, 5, 6]", Schemas["ExecutionStatus"]!["enum"]);
    }

    [Fact]
    public void Every_operation_declares_the_error_envelope_and_the_stream_is_an_event_stream()
    {
        foreach (var (path, item) in Normalized.Value.Document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.Equal("#/components/schemas/ErrorResponse",
                    operation!["responses"]!["default"]!["content"]!["application/json"]!["schema"]!["$ref"]!.ToString());
                Assert.True(operation["responses"]!.AsObject().Count == 2, $"{method} {path}");
            }
        }

        var stream = Normalized.Value.Document["paths"]!["/runs/{runId}/events"]!["get"]!;
        Assert.NotNull(stream["responses"]!["200"]!["content"]!["text/event-stream"]);
        Assert.DoesNotContain(stream["parameters"]!.AsArray(), p => p!["name"]!.ToString() == "eventTypes");
        Assert.Contains(stream["parameters"]!.AsArray(), p => p!["name"]!.ToString() == "runId" && p["in"]!.ToString() == "query");
        Assert.Null(Schemas["Status"]);
        Assert.Null(Schemas["GoogleProtobufValue"]);
    }

    private static List<string> Names(JsonNode? schema) => schema!["x-enumNames"]!.AsArray().Select(n => n!.ToString()).ToList();

    private static void Walk(JsonNode? node, string path, List<string> offenders)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["format"]?.ToString() == "enum")
                {
                    offenders.Add(path + ": format enum");
                }

                foreach (var (name, value) in obj["properties"] as JsonObject ?? [])
                {
                    if (name.EndsWith("Seqno", StringComparison.Ordinal) || name == "sequenceNumber" || name == "timeoutSecs")
                    {
                        if (value?["type"]?.ToString() != "integer")
                        {
                            offenders.Add($"{path}.properties.{name}: not an integer");
                        }
                    }
                }

                foreach (var (name, value) in obj)
                {
                    Walk(value, path + "." + name, offenders);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", offenders);
                }

                break;
        }
    }
}
