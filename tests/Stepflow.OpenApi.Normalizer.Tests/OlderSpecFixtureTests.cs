using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.Tests;

/// <summary>
/// The fixtures with the structure of older servers' documents (tests/Fixtures/older-specs) normalize
/// to the 3.0 form NSwag reads; scripts/check-older-specs.sh then generates and compiles each one.
/// </summary>
public class OlderSpecFixtureTests
{
    public static TheoryData<string> Fixtures()
    {
        var folder = Path.GetDirectoryName(RepositorySpecTests.RepoFile("tests", "Fixtures", "older-specs", "README.md"))!;
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static JsonObject Normalized(string fixture)
    {
        var path = RepositorySpecTests.RepoFile("tests", "Fixtures", "older-specs", fixture);
        return OpenApiNormalizer.Normalize(SpecFormatter.Parse(File.ReadAllText(path), fixture));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void No_3_1_only_construct_survives(string fixture)
    {
        var offenders = new List<string>();
        RepositorySpecTests.Walk(Normalized(fixture), "$", offenders);
        Assert.Empty(offenders);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Our_doc_overlay_applies_to_it(string fixture)
    {
        var overlayPath = RepositorySpecTests.RepoFile("src", "Stepflow.Api", "CodeGeneration", "doc-overlay.json");
        var document = Normalized(fixture);
        DocOverlay.Apply(document, SpecFormatter.Parse(File.ReadAllText(overlayPath), overlayPath));
        Assert.Equal("Health", document["paths"]!["/health"]!["get"]!["tags"]![0]!.ToString());
        Assert.NotNull(document["x-tagDescriptions"]?["Health"]);
    }
}
