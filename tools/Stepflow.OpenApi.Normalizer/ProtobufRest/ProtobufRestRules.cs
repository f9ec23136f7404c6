using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.ProtobufRest;

/// <summary>
/// Rewrites the document a 0.12/0.13 server publishes (protoc-gen-openapi output of its protobuf files,
/// which declares the canonical protobuf JSON mapping) into what its REST layer really sends and reads
/// (serde on the prost types: docs/server-api.md §4 and §11.2). Runs before the general rules of
/// <see cref="OpenApiNormalizer"/>, which then treat the result like any other OpenAPI 3.0 document.
/// </summary>
/// <remarks>
/// Every rule is keyed to a construct of protoc-gen-openapi's output (<c>format: enum</c>, array query
/// parameters, <c>default</c> responses, service tags), never to a Stepflow schema name. What the
/// document cannot tell (which strings are 64-bit integers, which properties form a oneof, which methods
/// stream, which routes are hand-written) comes from <see cref="WireFacts"/>.
/// </remarks>
public static class ProtobufRestRules
{
    internal const string RefPrefix = "#/components/schemas/";
    internal static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>Applies every rule to <paramref name="doc"/> in place.</summary>
    /// <returns>Notes on facts that name something the document lacks (empty when they are in step).</returns>
    /// <exception cref="NormalizationException">The document cannot be rewritten (a name clash).</exception>
    public static IReadOnlyList<string> Apply(JsonObject doc, WireFacts facts)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(facts);
        var notes = new List<string>();
        ServiceTags.Rename(doc);
        QueryParameters.RemoveArrays(doc);
        Streams.Rewrite(doc, facts, notes);
        BlobRoutes.Rewrite(doc, facts, notes);
        Oneofs.Nest(doc, facts, notes);
        Int64Strings.Rewrite(doc, facts, notes);
        ProtoEnums.Rewrite(doc);
        ErrorEnvelope.Rewrite(doc);
        OmitNullMembers(doc);
        ServerUrl(doc, facts);
        return notes;
    }

    /// <summary>The document extension that makes the generated clients leave null members out of request bodies.</summary>
    public const string OmitNullMembersKey = "x-omitNullMembers";

    /// <summary>
    /// serde fills a request message's plain fields (<c>wait</c>, <c>input</c>, <c>variables</c>, <c>flowId</c>,
    /// <c>dryRun</c>) only from a value: an explicit <c>null</c> is a 422, while a missing key takes the default
    /// (docs/server-api.md §4.5). <c>x-omitNullMembers</c> tells our Client.Class.liquid to serialize request
    /// bodies without null members, so an unset property of a generated model is left out.
    /// </summary>
    private static void OmitNullMembers(JsonObject doc) => doc[OmitNullMembersKey] = true;

    /// <summary>
    /// The document names port 7837 while the server binary listens on 7840 by default (docs/server-api.md
    /// §2.1, §11.2 item 11); NSwag makes <c>servers[0].url</c> the clients' default base URL, so it is set to
    /// <see cref="WireFacts.ServerUrl"/> when the facts give one.
    /// </summary>
    private static void ServerUrl(JsonObject doc, WireFacts facts)
    {
        if (facts.ServerUrl is not { } url)
        {
            return;
        }

        if (doc["servers"] is JsonArray { Count: > 0 } servers && servers[0] is JsonObject first)
        {
            first["url"] = url;
        }
        else
        {
            doc["servers"] = new JsonArray(new JsonObject { ["url"] = url });
        }
    }

    internal static JsonObject Schemas(JsonObject doc)
    {
        if (doc["components"] is not JsonObject components)
        {
            components = [];
            doc["components"] = components;
        }

        if (components["schemas"] is not JsonObject schemas)
        {
            schemas = [];
            components["schemas"] = schemas;
        }

        return schemas;
    }

    internal static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject doc)
    {
        foreach (var (path, node) in (doc["paths"] as JsonObject ?? []).ToList())
        {
            if (node is not JsonObject item)
            {
                continue;
            }

            foreach (var method in HttpMethods)
            {
                if (item[method] is JsonObject operation)
                {
                    yield return (path, method, operation);
                }
            }
        }
    }

    internal static JsonObject? Operation(JsonObject doc, string operationId) =>
        Operations(doc).Select(o => o.Operation).FirstOrDefault(o => o["operationId"]?.ToString() == operationId);

    internal static string? RefName(JsonNode? schema) =>
        schema?["$ref"]?.ToString() is { } reference && reference.StartsWith(RefPrefix, StringComparison.Ordinal)
            ? reference[RefPrefix.Length..]
            : null;

    internal static JsonObject Ref(string name) => new() { ["$ref"] = RefPrefix + name };

    /// <summary>A schema name not yet in use: <paramref name="name"/>, else with a number appended.</summary>
    internal static string FreeName(JsonObject schemas, string name)
    {
        var candidate = name;
        for (var n = 2; schemas.ContainsKey(candidate); n++)
        {
            candidate = name + n;
        }

        return candidate;
    }

    /// <summary>Every schema name referenced anywhere in <paramref name="node"/>.</summary>
    internal static HashSet<string> ReferencedSchemas(JsonNode? node)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(node, names);
        return names;

        static void Collect(JsonNode? node, HashSet<string> names)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (RefName(obj) is { } name)
                    {
                        names.Add(name);
                    }

                    foreach (var (_, child) in obj)
                    {
                        Collect(child, names);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Collect(child, names);
                    }

                    break;
            }
        }
    }
}
