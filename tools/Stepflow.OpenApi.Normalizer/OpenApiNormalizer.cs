using System.Text.Json.Nodes;
using Stepflow.OpenApi.Normalizer.ProtobufRest;

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
    public static JsonObject Normalize(JsonObject document) => Normalize(document, protobufRest: null, out _);

    /// <summary>
    /// Returns a normalized deep copy of <paramref name="document"/>; with <paramref name="protobufRest"/>,
    /// the document is a 0.12/0.13 server's (protoc-gen-openapi output) and <see cref="ProtobufRestRules"/>
    /// first rewrite it into what that server's REST layer sends.
    /// </summary>
    /// <param name="document">The document, as the server publishes it.</param>
    /// <param name="protobufRest">The wire facts of a protobuf-generated REST server, or null for a 0.11 server's document.</param>
    /// <param name="notes">Facts that name something the document lacks.</param>
    /// <exception cref="NormalizationException">The document is not OpenAPI 3.x, or cannot be rewritten.</exception>
    public static JsonObject Normalize(JsonObject document, WireFacts? protobufRest, out IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(document);
        var doc = (JsonObject)document.DeepClone();

        var version = (doc["openapi"] as JsonValue)?.ToString();
        if (version is null || !version.StartsWith("3.", StringComparison.Ordinal))
        {
            throw new NormalizationException(
                $"Expected an OpenAPI 3.x document, found openapi='{version ?? "(missing)"}'.");
        }

        notes = [];
        if (protobufRest is not null)
        {
            notes = ProtobufRestRules.Apply(doc, protobufRest);
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
        ResponseRewriter.Rewrite(doc, keepErrorBodies: protobufRest is not null);
        NameRewriter.Rename(doc);
        TagDescriptions.Publish(doc);
        return doc;
    }
}
