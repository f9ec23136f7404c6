using System.Globalization;
using System.Text.Json.Nodes;
using Stepflow.Client;
using WireMock;

namespace Stepflow.Testing.Internal;

internal sealed partial class V011Wire
{
    /// <summary><c>GET /health</c>; <c>?error=</c> forces an error as on the server (docs/server-api.md §5).</summary>
    public ResponseMessage Health(IncomingRequest request)
    {
        if (request.Query("error") is { } error)
        {
            // The server's error chain for these contains an ExecutionNotFound, hence 404 rather than the documented 400.
            return error is "bad_request" or "not_found" or "stack"
                ? Error(404, $"Execution '{Guid.Empty}' not found")
                : Error(500, $"Health check failed on request: {error}");
        }

        return Replies.Json(200, new JsonObject
        {
            ["status"] = "healthy",
            // The one timestamp the server writes with an offset instead of 'Z'.
            ["timestamp"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'", CultureInfo.InvariantCulture),
            ["version"] = ServerVersion,
        });
    }

    /// <summary><c>GET /components</c>: the configured list, sorted by path; schemas unless <c>includeSchemas=false</c> (docs/server-api.md §6).</summary>
    public ResponseMessage ListComponents(IncomingRequest request)
    {
        var includeSchemas = request.QueryBool("includeSchemas") ?? true;
        var failed = core.Settings.FailedPlugins;
        var json = new JsonObject
        {
            ["components"] = new JsonArray([.. core.Settings.Components
                .OrderBy(c => c.Path, StringComparer.Ordinal)
                .Select(c => (JsonNode)Component(c, includeSchemas))]),
            ["complete"] = failed.Count == 0,
        };
        if (failed.Count > 0)
        {
            json["failedPlugins"] = new JsonArray([.. failed.Select(f => (JsonNode)new JsonObject { ["plugin"] = f.Plugin, ["error"] = f.Error })]);
        }

        return Replies.Json(200, json);
    }

    /// <summary>An entry <c>{component, description?, input_schema?, output_schema?}</c>, the schema keys in snake_case.</summary>
    private static JsonObject Component(ComponentInfo component, bool includeSchemas)
    {
        var json = new JsonObject { ["component"] = component.Path };
        if (component.Description is not null)
        {
            json["description"] = component.Description;
        }

        if (includeSchemas && component.InputSchema is { } input)
        {
            json["input_schema"] = input.DeepClone();
        }

        if (includeSchemas && component.OutputSchema is { } output)
        {
            json["output_schema"] = output.DeepClone();
        }

        return json;
    }

    /// <summary><c>POST /flows</c>: body problems are plain-text 422s; stored as sent (docs/server-api.md §7.2).</summary>
    public ResponseMessage StoreFlow(IncomingRequest request)
    {
        var body = ReadJsonObject(request);
        if (body["flow"] is not JsonObject flow)
        {
            throw FrameworkRequests.Unprocessable(body.ContainsKey("flow") && body["flow"] is not null ? "flow: invalid type: expected struct Flow" : "missing field `flow`");
        }

        if (FlowShape.Problem(flow) is { } problem)
        {
            throw FrameworkRequests.Unprocessable($"flow.{problem.Path}: {problem.Detail}");
        }

        var dryRun = OptionalBool(body, "dryRun") ?? false;
        var stored = core.StoreFlow(flow, dryRun);
        return Replies.Json(200, new JsonObject
        {
            ["flowId"] = stored.FlowId,
            ["stored"] = stored.Stored,
            ["diagnostics"] = Diagnostics(stored.Diagnostics),
        });
    }

    private static JsonObject Diagnostics(IReadOnlyList<Diagnostic> diagnostics) => new()
    {
        ["diagnostics"] = new JsonArray([.. diagnostics.Select(d => (JsonNode)Diagnostic(d))]),
        ["numFatal"] = diagnostics.Count(d => d.Level == DiagnosticLevel.Fatal),
        ["numError"] = diagnostics.Count(d => d.Level == DiagnosticLevel.Error),
        ["numWarning"] = diagnostics.Count(d => d.Level == DiagnosticLevel.Warning),
    };

    /// <summary>A diagnostic: <c>level</c> as a string, <c>data</c> left out when null or <c>{}</c>, <c>experimental</c> only when true.</summary>
    private static JsonObject Diagnostic(Diagnostic diagnostic)
    {
        var json = new JsonObject
        {
            ["kind"] = diagnostic.Kind,
            ["code"] = diagnostic.Code,
            ["level"] = diagnostic.Level.ToString(),
            ["formatted"] = diagnostic.Message,
        };
        if (diagnostic.Data is { } data && data is not JsonObject { Count: 0 })
        {
            json["data"] = data.DeepClone();
        }

        if (diagnostic.Path is not null)
        {
            json["path"] = diagnostic.Path;
        }

        if (diagnostic.Experimental)
        {
            json["experimental"] = true;
        }

        return json;
    }

    /// <summary>The flow stored under <paramref name="flowId"/>, or the server's 404 / 400 answer.</summary>
    private FlowInfo RequireFlow(string flowId)
    {
        var lookup = core.FindFlow(flowId);
        return lookup.Status switch
        {
            FlowLookupStatus.Found => lookup.Flow!,
            FlowLookupStatus.Missing => throw new ReplyException(Error(404, "Flow not found")),
            _ => throw new ReplyException(Error(400, "Blob is not a flow")),
        };
    }

    /// <summary><c>GET /flows/{id}</c>: <c>{flow, flowId, allExamples?}</c>, examples merged with test cases (docs/server-api.md §7.4).</summary>
    public ResponseMessage GetFlow(IncomingRequest request, string flowId)
    {
        var flow = RequireFlow(flowId);
        var json = new JsonObject { ["flow"] = flow.Document.DeepClone(), ["flowId"] = flowId };
        var examples = new JsonArray([.. flow.Examples().Select(example =>
        {
            var entry = new JsonObject { ["name"] = example.Name };
            if (example.Description is not null)
            {
                entry["description"] = example.Description;
            }

            entry["input"] = example.Input?.DeepClone();
            return (JsonNode)entry;
        })]);
        if (examples.Count > 0)
        {
            json["allExamples"] = examples;
        }

        return Replies.Json(200, json);
    }

    /// <summary><c>DELETE /flows/{id}</c>: a placeholder on the server, 200 with an empty body; nothing is deleted (docs/server-api.md §7.5).</summary>
    public ResponseMessage DeleteFlow(IncomingRequest request, string flowId) => Replies.Empty(200);

    /// <summary><c>GET /flows/{id}/variables</c>: the variables schema and each variable's <c>env_var</c> (docs/server-api.md §7.6).</summary>
    public ResponseMessage GetFlowVariables(IncomingRequest request, string flowId)
    {
        var flow = RequireFlow(flowId);
        var schema = flow.VariablesSchema;
        var envVars = new JsonObject();
        foreach (var variable in flow.Variables())
        {
            if (variable.EnvironmentVariable is { } environmentVariable)
            {
                envVars[variable.Name] = environmentVariable;
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
}
