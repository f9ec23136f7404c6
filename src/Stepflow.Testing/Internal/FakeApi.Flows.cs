using System.Text.Json.Nodes;
using Stepflow.Client;
using WireMock;

namespace Stepflow.Testing.Internal;

internal sealed partial class FakeApi
{
    /// <summary>
    /// <c>POST /flows</c>: stores the document as sent (no normalization) under the SHA-256 of its compact
    /// JSON; the test's validator may add diagnostics, and a fatal one leaves the flow unstored (docs/server-api.md §7.2).
    /// </summary>
    private ResponseMessage StoreFlow(IncomingRequest request)
    {
        var body = ReadJsonBody(request);
        if (body["flow"] is not JsonObject flow)
        {
            throw Unprocessable(body.ContainsKey("flow") && body["flow"] is not null ? "flow: invalid type: expected struct Flow" : "missing field `flow`");
        }

        CheckFlowShape(flow);
        var dryRun = OptionalBool(body, "dryRun") ?? false;
        var (flowId, diagnostics, stored) = StoreFlowDocument(flow, dryRun);
        return Replies.Json(200, new JsonObject
        {
            ["flowId"] = flowId,
            ["stored"] = stored,
            ["diagnostics"] = WireJson.Diagnostics(diagnostics),
        });
    }

    /// <summary>Validates and (unless a dry run or fatal) stores a flow; shared with the server's own seeding method.</summary>
    public (string FlowId, IReadOnlyList<Diagnostic> Diagnostics, bool Stored) StoreFlowDocument(JsonObject flow, bool dryRun)
    {
        var document = (JsonObject)flow.DeepClone();
        var bytes = ContentIds.CompactJsonBytes(document);
        var flowId = ContentIds.Sha256Hex(bytes);
        IReadOnlyList<Diagnostic> diagnostics = settings.FlowValidator is { } validate
            ? [.. validate((JsonObject)document.DeepClone()) ?? []]
            : [];
        var stored = !dryRun && !diagnostics.Any(d => d.Level == DiagnosticLevel.Fatal);
        if (stored)
        {
            store.PutBlob(BlobType.Flow, bytes, null, document);
        }

        return (flowId, diagnostics, stored);
    }

    /// <summary>The shape checks serde applies to a flow: steps are objects with string <c>id</c> and <c>component</c>.</summary>
    private static void CheckFlowShape(JsonObject flow)
    {
        if (flow["schemas"] is not (null or JsonObject))
        {
            throw Unprocessable("flow.schemas: invalid type: expected a JSON object");
        }

        switch (flow["steps"])
        {
            case null:
                return;
            case JsonArray steps:
                for (var i = 0; i < steps.Count; i++)
                {
                    if (steps[i] is not JsonObject step)
                    {
                        throw Unprocessable($"flow.steps[{i}]: invalid type: expected struct Step");
                    }

                    foreach (var field in (string[])["id", "component"])
                    {
                        if (FlowInfo.StringOf(step[field]) is null)
                        {
                            throw Unprocessable($"flow.steps[{i}]: missing field `{field}`");
                        }
                    }
                }

                return;
            default:
                throw Unprocessable("flow.steps: invalid type: expected a sequence");
        }
    }

    /// <summary>The flow stored under <paramref name="flowId"/>, or the server's 404 / 400 answer.</summary>
    private FlowInfo RequireFlow(string flowId)
    {
        var blob = store.FindBlob(flowId) ?? throw new ReplyException(Replies.Error(404, "Flow not found"));
        return blob.Flow is { } flow
            ? new FlowInfo(flowId, flow)
            : throw new ReplyException(Replies.Error(400, "Blob is not a flow"));
    }

    /// <summary><c>GET /flows/{id}</c>: <c>{flow, flowId, allExamples?}</c>, examples merged with test cases (docs/server-api.md §7.4).</summary>
    private ResponseMessage GetFlow(string flowId)
    {
        var flow = RequireFlow(flowId);
        var json = new JsonObject { ["flow"] = flow.Document.DeepClone(), ["flowId"] = flowId };
        var examples = new JsonArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sources = (flow.Document["examples"] as JsonArray ?? []).Concat(Member(flow.Document, "test", "cases") as JsonArray ?? []);
        foreach (var example in sources.OfType<JsonObject>())
        {
            if (FlowInfo.StringOf(example["name"]) is { } name && names.Add(name))
            {
                var entry = new JsonObject { ["name"] = name };
                if (FlowInfo.StringOf(example["description"]) is { } description)
                {
                    entry["description"] = description;
                }

                entry["input"] = example["input"]?.DeepClone();
                examples.Add(entry);
            }
        }

        if (examples.Count > 0)
        {
            json["allExamples"] = examples;
        }

        return Replies.Json(200, json);
    }

    /// <summary><c>GET /flows/{id}/variables</c>: the variables schema and each variable's <c>env_var</c> (docs/server-api.md §7.6).</summary>
    private ResponseMessage GetFlowVariables(string flowId)
    {
        var flow = RequireFlow(flowId);
        var schema = Member(flow.Document, "schemas", "properties", "variables");
        var envVars = new JsonObject();
        if (Member(schema, "properties") is JsonObject variables)
        {
            foreach (var (name, variable) in variables)
            {
                if (FlowInfo.StringOf(variable?["env_var"]) is { } environmentVariable)
                {
                    envVars[name] = environmentVariable;
                }
            }
        }

        var json = new JsonObject { ["flowId"] = flowId };
        if (schema is not null)
        {
            json["schema"] = schema.DeepClone();
        }

        json["envVars"] = envVars;
        return Replies.Json(200, json);
    }

    /// <summary>The member at a path of object keys; null where any level is missing or not an object.</summary>
    private static JsonNode? Member(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = (node as JsonObject)?[key];
        }

        return node;
    }
}
