using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.ProtobufRest;

/// <summary>
/// What the protobuf files know about the wire but protoc-gen-openapi does not write into the document
/// (docs/server-api.md §11.2): which <c>type: string</c> fields are 64-bit integers, which sibling
/// properties are one protobuf <c>oneof</c>, which operations stream, and which routes are written by
/// hand instead of generated. Read from a small JSON file beside the code generation settings:
/// <code>
/// { "int64": ["createdAtSeqno", "since"],
///   "oneofs": { "StatusEvent": { "event": ["runCreated", "stepStarted"] } },
///   "streams": ["getRunStatusStream"],
///   "blobRoutes": { "store": "storeBlob", "read": "getBlob" },
///   "serverUrl": "http://localhost:7840/api/v1" }
/// </code>
/// Every name is checked against the document: one it lacks is reported (like the doc overlay's), so a
/// new server document that renamed a field is noticed.
/// </summary>
public sealed class WireFacts
{
    /// <summary>Property and parameter names whose <c>type: string</c> declaration stands for a 64-bit integer.</summary>
    public IReadOnlyCollection<string> Int64Names { get; init; } = [];

    /// <summary>Schema name, then oneof name, then its member properties as the document declares them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Oneofs { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>();

    /// <summary>Operation ids of server-streaming methods (served as server-sent events).</summary>
    public IReadOnlyCollection<string> Streams { get; init; } = [];

    /// <summary>Operation id of the hand-written blob upload, if the server has one.</summary>
    public string? BlobStoreOperation { get; init; }

    /// <summary>Operation id of the hand-written blob download, if the server has one.</summary>
    public string? BlobReadOperation { get; init; }

    /// <summary>The address a server listens on by default, for <c>servers[0].url</c> (the generated clients' default base URL).</summary>
    public string? ServerUrl { get; init; }

    /// <summary>No facts: only the rules that need none apply.</summary>
    public static WireFacts None { get; } = new();

    /// <summary>Reads the facts file.</summary>
    /// <exception cref="NormalizationException">The file does not have the form above.</exception>
    public static WireFacts Parse(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var oneofs = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
        foreach (var (schema, node) in Object(json, "oneofs"))
        {
            var byName = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (oneof, members) in node as JsonObject ?? throw Malformed($"oneofs.{schema}"))
            {
                byName[oneof] = Strings(members, $"oneofs.{schema}.{oneof}");
            }

            oneofs[schema] = byName;
        }

        var blobs = Object(json, "blobRoutes");
        return new WireFacts
        {
            Int64Names = Strings(json["int64"], "int64"),
            Oneofs = oneofs,
            Streams = Strings(json["streams"], "streams"),
            BlobStoreOperation = blobs["store"]?.GetValue<string>(),
            BlobReadOperation = blobs["read"]?.GetValue<string>(),
            ServerUrl = json["serverUrl"] is JsonValue url && url.TryGetValue<string>(out var text) ? text
                : json["serverUrl"] is null ? null : throw Malformed("serverUrl"),
        };
    }

    private static JsonObject Object(JsonObject parent, string key) => parent[key] switch
    {
        null => [],
        JsonObject obj => obj,
        _ => throw Malformed(key),
    };

    private static List<string> Strings(JsonNode? node, string where) => node switch
    {
        null => [],
        JsonArray array when array.All(v => v is JsonValue value && value.TryGetValue<string>(out _)) =>
            array.Select(v => v!.GetValue<string>()).ToList(),
        _ => throw Malformed(where),
    };

    private static NormalizationException Malformed(string where) =>
        new($"wire facts: {where} must be {(where.Contains('.', StringComparison.Ordinal) || where is "int64" or "streams" ? "a list of strings" : where == "serverUrl" ? "a string" : "an object")}.");
}
