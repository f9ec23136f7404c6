using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Client;
using WireMock;

namespace Stepflow.Testing.Internal;

internal partial class V013Wire
{
    /// <summary>What <c>build.gitVersion</c> reports: the tag of a binary built from a tagged checkout (docs/server-api.md §1.2).</summary>
    protected virtual string GitVersion => "stepflow-0.13.0";

    /// <summary><c>GET /health</c>: status, a <c>Z</c> timestamp and the <c>build</c> object, no <c>version</c> (docs/server-api.md §5).</summary>
    public ResponseMessage Health(IncomingRequest request) => Replies.Json(200, new JsonObject
    {
        ["status"] = "healthy",
        ["timestamp"] = ProtoJson.Timestamp(DateTimeOffset.UtcNow),
        ["build"] = new JsonObject
        {
            ["gitVersion"] = GitVersion,
            ["dirty"] = false,
            ["rustcVersion"] = "rustc 1.94.0 (4a4ef493e 2026-03-02)",
            ["profile"] = "release",
            ["features"] = new JsonArray(),
            ["target"] = "x86_64-unknown-linux-gnu",
        },
    });

    /// <summary>
    /// <c>GET /components</c>: sorted by path, schemas unless <c>excludeSchemas=true</c> (0.11's <c>includeSchemas</c>
    /// is an unknown key, ignored), always <c>complete</c> and <c>failedPlugins</c> (docs/server-api.md §6).
    /// </summary>
    public ResponseMessage ListComponents(IncomingRequest request)
    {
        var includeSchemas = !(QueryBool(request, "excludeSchemas") ?? false);
        var failed = Core.Settings.FailedPlugins;
        return Replies.Json(200, new JsonObject
        {
            ["components"] = new JsonArray([.. Core.Settings.Components
                .OrderBy(c => c.Path, StringComparer.Ordinal)
                .Select(c => (JsonNode)Component(c, includeSchemas))]),
            ["complete"] = failed.Count == 0,
            ["failedPlugins"] = new JsonArray([.. failed.Select(f => (JsonNode)new JsonObject { ["plugin"] = f.Plugin, ["error"] = f.Error })]),
        });
    }

    /// <summary>
    /// A 0.13 entry <c>{componentId, description?, inputSchema?, outputSchema?, path, plugin}</c>: <c>componentId</c>
    /// and <c>path</c> the same string, <c>plugin</c> the configured name (or the path's first segment), schemas as
    /// <c>Struct</c>s.
    /// </summary>
    protected virtual JsonObject Component(ComponentInfo component, bool includeSchemas)
    {
        var json = new JsonObject { ["componentId"] = component.Path };
        AddDescriptionAndSchemas(json, component, includeSchemas);
        json["path"] = component.Path;
        json["plugin"] = component.Plugin ?? PluginOf(component.Path);
        return json;
    }

    protected static void AddDescriptionAndSchemas(JsonObject json, ComponentInfo component, bool includeSchemas)
    {
        if (component.Description is not null)
        {
            json["description"] = component.Description;
        }

        if (includeSchemas && component.InputSchema is { } input)
        {
            json["inputSchema"] = ProtoJson.Struct(input);
        }

        if (includeSchemas && component.OutputSchema is { } output)
        {
            json["outputSchema"] = ProtoJson.Struct(output);
        }
    }

    private static string PluginOf(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 1 ? segments[0] : string.Empty;
    }

    /// <summary>
    /// <c>POST /flows</c> <c>{flow, dryRun?}</c>: 400 JSON <c>flow is required</c> or <c>invalid flow definition: …</c>.
    /// The flow passes through a <c>Struct</c> before it is read, so every number is a float by then and
    /// <c>onError.maxRetries</c> (the one integer field) is refused (docs/server-api.md §7.2, §7.7). An accepted flow is
    /// stored as sent, like on every generation.
    /// </summary>
    public ResponseMessage StoreFlow(IncomingRequest request)
    {
        var body = ReadBody(request, "StoreFlowRequest");
        var flow = Field(body, "flow", nullable: true, "struct Struct", node => node as JsonObject);
        var dryRun = BoolField(body, "dryRun") ?? false;
        if (flow is null)
        {
            throw Invalid("flow is required");
        }

        if (FlowShape.Problem(flow) is { } problem)
        {
            throw Invalid($"invalid flow definition: {problem.Detail}");
        }

        if (FloatRetryCount(flow) is { } retries)
        {
            throw Invalid($"invalid flow definition: invalid type: floating point `{retries}`, expected u32");
        }

        var stored = Core.StoreFlow(flow, dryRun);
        return Replies.Json(200, new JsonObject
        {
            ["flowId"] = stored.FlowId,
            ["stored"] = stored.Stored,
            ["diagnostics"] = Diagnostics(stored.Diagnostics),
        });
    }

    /// <summary>The first step's <c>onError.maxRetries</c> as the float the <c>Struct</c> detour makes of it (<c>2.0</c>), or null.</summary>
    private static string? FloatRetryCount(JsonObject flow)
    {
        foreach (var step in (flow["steps"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (step["onError"] is JsonObject onError && FlowInfo.StringOf(onError["action"]) == "retry" &&
                onError["maxRetries"] is JsonValue retries && retries.GetValueKind() == JsonValueKind.Number &&
                double.TryParse(retries.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var count))
            {
                return ProtoJson.FormatDouble(count);
            }
        }

        return null;
    }

    /// <summary><c>{diagnostics, numFatal, numError, numWarning}</c> with integer levels, <c>data</c> as a <c>Struct</c>, <c>experimental</c> always.</summary>
    private static JsonObject Diagnostics(IReadOnlyList<Diagnostic> diagnostics) => new()
    {
        ["diagnostics"] = new JsonArray([.. diagnostics.Select(d =>
        {
            var json = new JsonObject
            {
                ["kind"] = d.Kind,
                ["code"] = d.Code,
                ["level"] = ProtoJson.Level(d.Level),
                ["formatted"] = d.Message,
            };
            if (d.Data is not null)
            {
                json["data"] = ProtoJson.Struct(d.Data);
            }

            if (d.Path is not null)
            {
                json["path"] = d.Path;
            }

            json["experimental"] = d.Experimental;
            return (JsonNode)json;
        })]),
        ["numFatal"] = diagnostics.Count(d => d.Level == DiagnosticLevel.Fatal),
        ["numError"] = diagnostics.Count(d => d.Level == DiagnosticLevel.Error),
        ["numWarning"] = diagnostics.Count(d => d.Level == DiagnosticLevel.Warning),
    };

    /// <summary>The flow under a checked id; a <c>flow</c> blob stored through <c>POST /blobs</c> counts (docs/server-api.md §7.4, §7.7).</summary>
    private FlowInfo RequireFlow(string flowId)
    {
        CheckFlowId(flowId);
        var lookup = Core.FindFlow(flowId);
        return lookup.Status switch
        {
            FlowLookupStatus.Found => lookup.Flow!,
            FlowLookupStatus.Missing => throw NotFound($"flow '{flowId}' not found"),
            FlowLookupStatus.NotAFlow => throw Invalid("blob is not a flow"),
            _ => throw Internal("failed to deserialize flow: invalid type: expected struct Flow"),
        };
    }

    /// <summary><c>GET /flows/{id}</c>: <c>{flow, flowId, allExamples}</c>, the flow and example inputs as <c>Struct</c>s, <c>allExamples</c> always.</summary>
    public ResponseMessage GetFlow(IncomingRequest request, string flowId)
    {
        var flow = RequireFlow(flowId);
        return Replies.Json(200, new JsonObject
        {
            ["flow"] = ProtoJson.Struct(flow.Document),
            ["flowId"] = flowId,
            ["allExamples"] = new JsonArray([.. flow.Examples().Select(example =>
            {
                var entry = new JsonObject { ["name"] = example.Name };
                if (example.Description is not null)
                {
                    entry["description"] = example.Description;
                }

                entry["input"] = ProtoJson.Struct(example.Input);
                return (JsonNode)entry;
            })]),
        });
    }

    /// <summary><c>DELETE /flows/{id}</c>: a placeholder that does not even check the id: always 200 <c>{}</c> (docs/server-api.md §7.5).</summary>
    public ResponseMessage DeleteFlow(IncomingRequest request, string flowId) => Replies.Json(200, new JsonObject());

    /// <summary>
    /// <c>GET /flows/{id}/variables</c>: <c>{flowId, variables: {name: {defaultValue?, required, envVar?}}}</c>;
    /// <c>description</c> and <c>schema</c> are never filled in (docs/server-api.md §7.6).
    /// </summary>
    public ResponseMessage GetFlowVariables(IncomingRequest request, string flowId)
    {
        var flow = RequireFlow(flowId);
        var variables = new JsonObject();
        foreach (var variable in flow.Variables())
        {
            var entry = new JsonObject();
            if (variable.HasDefault)
            {
                entry["defaultValue"] = ProtoJson.Struct(variable.Default);
            }

            entry["required"] = variable.Required;
            if (variable.EnvironmentVariable is not null)
            {
                entry["envVar"] = variable.EnvironmentVariable;
            }

            variables[variable.Name] = entry;
        }

        return Replies.Json(200, new JsonObject { ["flowId"] = flowId, ["variables"] = variables });
    }
}
