using System.Globalization;
using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>
/// Writes SDK models in the server's wire form. Written by hand rather than serialized, because the server
/// omits most absent fields but always writes a few as null (docs/server-api.md §2), which no single serializer setting gives.
/// </summary>
internal static class WireJson
{
    /// <summary>RFC 3339 UTC with a <c>Z</c> and microseconds, like chrono's output.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary><c>{"outcome":"success","result":…}</c> or <c>{"outcome":"failed","error":{code,message,data?}}</c>.</summary>
    public static JsonNode FlowResult(ItemOutcome result) => result.IsSuccess
        ? new JsonObject { ["outcome"] = "success", ["result"] = Clone(result.Output) }
        : new JsonObject { ["outcome"] = "failed", ["error"] = FlowError(result.Error) };

    public static JsonObject FlowError(FlowError? error)
    {
        var json = new JsonObject
        {
            ["code"] = (error?.Code ?? TaskErrorCode.Unspecified).ToString(),
            ["message"] = error?.Message ?? string.Empty,
        };
        if (error?.Data is { } data)
        {
            json["data"] = data.DeepClone();
        }

        return json;
    }

    public static JsonObject Diagnostic(Diagnostic diagnostic)
    {
        var json = new JsonObject
        {
            ["kind"] = diagnostic.Kind,
            ["code"] = diagnostic.Code,
            ["level"] = diagnostic.Level.ToString(),
            ["formatted"] = diagnostic.Message,
        };
        // The server leaves data out when it is null or an empty object.
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

    public static JsonObject Diagnostics(IReadOnlyList<Diagnostic> diagnostics) => new()
    {
        ["diagnostics"] = new JsonArray([.. diagnostics.Select(d => (JsonNode)Diagnostic(d))]),
        ["numFatal"] = diagnostics.Count(d => d.Level == DiagnosticLevel.Fatal),
        ["numError"] = diagnostics.Count(d => d.Level == DiagnosticLevel.Error),
        ["numWarning"] = diagnostics.Count(d => d.Level == DiagnosticLevel.Warning),
    };

    public static JsonObject Component(ComponentInfo component, bool includeSchemas)
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
}
