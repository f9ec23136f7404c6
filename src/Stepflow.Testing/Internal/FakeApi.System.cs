using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;

namespace Stepflow.Testing.Internal;

internal sealed partial class FakeApi
{
    /// <summary>The server version the fake imitates.</summary>
    public const string ServerVersion = "0.11.1";

    /// <summary><c>GET /health</c>; <c>?error=</c> forces an error as on the server (docs/server-api.md §5).</summary>
    private static ResponseMessage Health(IncomingRequest request)
    {
        if (request.Query("error") is { } error)
        {
            // The server's error chain for these contains an ExecutionNotFound, hence 404 rather than the documented 400.
            return error is "bad_request" or "not_found" or "stack"
                ? Replies.Error(404, $"Execution '{Guid.Empty}' not found")
                : Replies.Error(500, $"Health check failed on request: {error}");
        }

        return Replies.Json(200, new JsonObject
        {
            ["status"] = "healthy",
            // The one timestamp the server writes with an offset instead of 'Z'.
            ["timestamp"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'", CultureInfo.InvariantCulture),
            ["version"] = ServerVersion,
        });
    }

    /// <summary><c>GET /components</c>: the configured list, sorted by path; schemas unless <c>includeSchemas=false</c>.</summary>
    private ResponseMessage ListComponents(IncomingRequest request)
    {
        var includeSchemas = request.QueryBool("includeSchemas") ?? true;
        var failed = settings.FailedPlugins;
        var json = new JsonObject
        {
            ["components"] = new JsonArray([.. settings.Components
                .OrderBy(c => c.Path, StringComparer.Ordinal)
                .Select(c => (JsonNode)WireJson.Component(c, includeSchemas))]),
            ["complete"] = failed.Count == 0,
        };
        if (failed.Count > 0)
        {
            json["failedPlugins"] = new JsonArray([.. failed.Select(f => (JsonNode)new JsonObject { ["plugin"] = f.Plugin, ["error"] = f.Error })]);
        }

        return Replies.Json(200, json);
    }
}
