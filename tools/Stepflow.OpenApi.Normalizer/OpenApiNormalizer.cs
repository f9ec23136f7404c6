using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>
/// Rewrites the OpenAPI 3.1 document a Stepflow server emits into the OpenAPI 3.0 form that
/// NSwag/NJsonSchema read, without changing what the document means.
/// </summary>
/// <remarks>
/// NSwag has no OpenAPI 3.1 support: it throws on boolean schemas, ignores <c>const</c>, drops
/// <c>anyOf</c>-with-null nullability and builds empty classes for <c>oneOf</c> unions. Every rule
/// here is keyed to a JSON Schema construct, never to a Stepflow schema name, so specs from older
/// servers (snake_case fields, <c>items: true</c>, inline union branches) go through the same path.
/// </remarks>
public static class OpenApiNormalizer
{
    /// <summary>The OpenAPI version written into the normalized document.</summary>
    public const string TargetVersion = "3.0.3";

    /// <summary>Returns a normalized deep copy of <paramref name="document"/>.</summary>
    /// <exception cref="NormalizationException">The document is not OpenAPI 3.x.</exception>
    public static JsonObject Normalize(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var doc = (JsonObject)document.DeepClone();

        var version = (doc["openapi"] as JsonValue)?.ToString();
        if (version is null || !version.StartsWith("3.", StringComparison.Ordinal))
        {
            throw new NormalizationException(
                $"Expected an OpenAPI 3.x document, found openapi='{version ?? "(missing)"}'.");
        }

        doc["openapi"] = TargetVersion;
        doc.Remove("jsonSchemaDialect");
        doc.Remove("webhooks");

        var schemas = doc["components"]?["schemas"] as JsonObject;
        if (schemas is not null)
        {
            UnionRewriter.Rewrite(schemas);
        }

        SchemaWalker.NormalizeDocument(doc);
        FreeFormInliner.Inline(doc);
        ResponseRewriter.Rewrite(doc);
        NameRewriter.Rename(doc);
        TagDescriptions.Publish(doc);
        return doc;
    }
}
