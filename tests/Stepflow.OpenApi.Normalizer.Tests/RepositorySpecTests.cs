using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.Tests;

/// <summary>Invariants of the normalized form of the repository's own schemas/openapi.json.</summary>
public class RepositorySpecTests
{
    private static readonly Lazy<JsonObject> Normalized = new(() =>
        OpenApiNormalizer.Normalize(SpecFormatter.Parse(File.ReadAllText(SpecPath()), "schemas/openapi.json")));

    private static string SpecPath() => RepoFile("schemas", "openapi.json");

    internal static string RepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, .. parts]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(string.Join('/', parts) + " not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void No_3_1_only_construct_survives()
    {
        var offenders = new List<string>();
        Walk(Normalized.Value, "$", offenders);
        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_union_of_the_api_has_a_discriminator_with_all_its_tags()
    {
        var schemas = Normalized.Value["components"]!["schemas"]!;
        Assert.Equal(["success", "failed"], Tags(schemas["FlowResult"]));
        Assert.Equal(["fail", "useDefault", "retry"], Tags(schemas["ErrorAction"]));
        Assert.Equal(8, Tags(schemas["StatusEvent"]).Count);
    }

    [Fact]
    public void Normalizing_twice_changes_nothing()
    {
        var again = OpenApiNormalizer.Normalize(Normalized.Value);
        Assert.True(JsonNode.DeepEquals(Normalized.Value, again));
    }

    [Fact]
    public void The_doc_overlay_names_only_what_the_document_has()
    {
        var document = (JsonObject)Normalized.Value.DeepClone();
        var overlayPath = RepoFile("src", "Stepflow.Api", "CodeGeneration", "doc-overlay.json");
        var unused = DocOverlay.Apply(document, SpecFormatter.Parse(File.ReadAllText(overlayPath), overlayPath));
        Assert.Empty(unused);
    }

    private static List<string> Tags(JsonNode? union) =>
        union!["discriminator"]!["mapping"]!.AsObject().Select(p => p.Key).ToList();

    internal static void Walk(JsonNode? node, string path, List<string> offenders)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonArray)
                {
                    offenders.Add(path + ": type array");
                }

                if (obj.ContainsKey("const"))
                {
                    offenders.Add(path + ": const");
                }

                if (obj["type"]?.ToString() == "null")
                {
                    offenders.Add(path + ": null type");
                }

                foreach (var key in new[] { "properties" })
                {
                    foreach (var (name, value) in obj[key] as JsonObject ?? [])
                    {
                        if (value is JsonValue)
                        {
                            offenders.Add($"{path}.{key}.{name}: boolean schema");
                        }
                    }
                }

                if (obj["items"] is JsonValue)
                {
                    offenders.Add(path + ".items: boolean schema");
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
