using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.ProtobufRest;

/// <summary>
/// The document declares every error as <c>google.rpc.Status</c> (<c>{code, message, details}</c>, the
/// gRPC code); the REST layer wraps every service error in the envelope
/// <c>{"error": {"code": &lt;HTTP status&gt;, "message": "…", "status": "NOT_FOUND"}}</c> and drops the
/// details (docs/server-api.md §3.2, §11.2 item 3). Every non-2xx answer (in practice the
/// <c>default</c> one) is declared as that envelope, <c>ErrorResponse</c> holding an
/// <c>ErrorStatus</c>, and the schemas only the old declaration used (<c>Status</c>, and the
/// <c>GoogleProtobufAny</c> of its details) are removed. Framework rejections are plain text and the
/// blob routes' errors empty (§3.3, §3.4): the generated client keeps such a body as text in the
/// exception, as it does for any body that is not the declared JSON.
/// </summary>
internal static class ErrorEnvelope
{
    public static void Rewrite(JsonObject doc)
    {
        var schemas = ProtobufRestRules.Schemas(doc);
        var before = ProtobufRestRules.ReferencedSchemas(doc);
        string? envelope = null;
        foreach (var (_, _, operation) in ProtobufRestRules.Operations(doc))
        {
            foreach (var (status, node) in operation["responses"] as JsonObject ?? [])
            {
                if (status.StartsWith('2') || node is not JsonObject response)
                {
                    continue;
                }

                envelope ??= AddSchemas(schemas);
                response["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject { ["schema"] = ProtobufRestRules.Ref(envelope) },
                };
            }
        }

        // Remove what only the replaced declarations referenced, and what only those referenced, and so on.
        while (true)
        {
            var after = ProtobufRestRules.ReferencedSchemas(doc);
            var orphans = before.Where(name => !after.Contains(name) && schemas.ContainsKey(name)).ToList();
            if (orphans.Count == 0)
            {
                break;
            }

            foreach (var orphan in orphans)
            {
                schemas.Remove(orphan);
            }
        }
    }

    private static string AddSchemas(JsonObject schemas)
    {
        if (schemas["ErrorResponse"] is JsonObject existing && existing["properties"]?["error"] is not null)
        {
            return "ErrorResponse"; // already rewritten (normalizing twice)
        }

        var status = ProtobufRestRules.FreeName(schemas, "ErrorStatus");
        schemas[status] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "What went wrong, inside the error envelope.",
            ["properties"] = new JsonObject
            {
                ["code"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["description"] = "The HTTP status of the answer, repeated." },
                ["message"] = new JsonObject { ["type"] = "string", ["description"] = "The server's message." },
                ["status"] = new JsonObject { ["type"] = "string", ["description"] = "The gRPC status name, such as NOT_FOUND or FAILED_PRECONDITION." },
            },
        };
        var envelope = ProtobufRestRules.FreeName(schemas, "ErrorResponse");
        schemas[envelope] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The JSON body of an error raised by the server's services.",
            ["properties"] = new JsonObject
            {
                ["error"] = new JsonObject { ["allOf"] = new JsonArray(ProtobufRestRules.Ref(status)), ["description"] = "The error." },
            },
        };
        return envelope;
    }
}
