using static Stepflow.OpenApi.Normalizer.Tests.Spec;

namespace Stepflow.OpenApi.Normalizer.Tests;

/// <summary>The YAML reader for the documents 0.12/0.13 servers publish (docs/server-api.md §11.2).</summary>
public class YamlDocumentTests
{
    [Fact]
    public void Plain_scalars_are_typed_and_quoted_and_block_scalars_are_strings()
    {
        var document = YamlDocument.Parse("""
            openapi: 3.0.3
            info:
                version: 0.0.1
            paths:
                /runs:
                    get:
                        description: |-
                            Two lines,
                             the second indented.
                        parameters:
                            - name: wait
                              required: true
                              schema:
                                type: boolean
                        responses:
                            "200":
                                description: 'Quoted: with a colon'
                            default:
                                content: {}
            x-numbers: [1]
            """, "t.yaml");
        AssertJson("""
            { "openapi": "3.0.3", "info": { "version": "0.0.1" }, "paths": { "/runs": { "get": {
                "description": "Two lines,\n the second indented.",
                "parameters": [{ "name": "wait", "required": true, "schema": { "type": "boolean" } }],
                "responses": { "200": { "description": "Quoted: with a colon" }, "default": { "content": {} } } } } },
              "x-numbers": [1] }
            """, document);
    }

    [Fact]
    public void Files_are_read_as_YAML_by_their_extension()
    {
        Assert.Equal("3.0.3", SpecFormatter.ParseFile("openapi: 3.0.3\n", "a.yml")["openapi"]!.ToString());
        Assert.Equal("3.1.0", SpecFormatter.ParseFile("""{"openapi": "3.1.0"}""", "a.json")["openapi"]!.ToString());
    }

    [Fact]
    public void Broken_YAML_and_anchors_are_refused_with_the_file_name()
    {
        var broken = Assert.Throws<NormalizationException>(() => YamlDocument.Parse("a: [1\n", "broken.yaml"));
        Assert.Contains("broken.yaml", broken.Message, StringComparison.Ordinal);
        Assert.Throws<NormalizationException>(() => YamlDocument.Parse("a: &x 1\nb: *x\n", "anchors.yaml"));
        Assert.Throws<NormalizationException>(() => YamlDocument.Parse("- 1\n", "list.yaml"));
    }
}
