using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Tests;

/// <summary>Raw HTTP checks of the details a client depends on (docs/server-api.md §2, §3.1, §8.1).</summary>
public sealed class WireFormatTests : ServerTest
{
    [Fact]
    public async Task Errors_are_ErrorResponse_JSON_sent_as_text_plain()
    {
        using var http = new HttpClient { BaseAddress = Server.Url };
        var runId = Guid.NewGuid();

        using var response = await http.GetAsync(new Uri($"api/v1/runs/{runId}", UriKind.Relative), Timeout);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Timeout))!;
        Assert.Equal(404, (int)body["code"]!);
        Assert.Equal($"Execution '{runId}' not found", (string?)body["message"]);
        Assert.Equal($"Execution '{runId}' not found", (string?)body["stack"]![0]!["error"]);

        using var waiting = await http.GetAsync(new Uri($"api/v1/runs/{runId}?wait=true&timeoutSecs=1", UriKind.Relative), Timeout);
        Assert.Equal(500, (int)waiting.StatusCode);
        using var badQuery = await http.GetAsync(new Uri($"api/v1/runs/{runId}?wait=1", UriKind.Relative), Timeout);
        Assert.Equal(400, (int)badQuery.StatusCode);
        // A framework rejection: plain text, not an ErrorResponse.
        Assert.DoesNotContain("\"code\"", await badQuery.Content.ReadAsStringAsync(Timeout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_creation_is_202_without_wait_and_200_with_it_in_camelCase_with_nullable_fields_present()
    {
        var flowId = Server.AddFlow(new JsonObject { ["steps"] = new JsonArray() });
        using var http = new HttpClient { BaseAddress = Server.Url };

        using var started = await http.PostAsJsonAsync(new Uri("api/v1/runs", UriKind.Relative),
            new JsonObject { ["flowId"] = flowId, ["input"] = new JsonArray(1, 2) }, Timeout);
        var startedBody = JsonNode.Parse(await started.Content.ReadAsStringAsync(Timeout))!.AsObject();
        Assert.Equal(202, (int)started.StatusCode);
        Assert.Equal("running", (string?)startedBody["status"]);
        Assert.True(startedBody.ContainsKey("flowName") && startedBody["flowName"] is null);
        Assert.True(startedBody.ContainsKey("completedAt") && startedBody["completedAt"] is null);
        Assert.False(startedBody.ContainsKey("orchestratorId"));
        Assert.False(startedBody.ContainsKey("results"));
        Assert.Equal(2, (int)startedBody["items"]!["running"]!);
        Assert.Equal((string?)startedBody["runId"], (string?)startedBody["rootRunId"]);
        Assert.EndsWith("Z", (string?)startedBody["createdAt"], StringComparison.Ordinal);
        Assert.Equal('7', ((string)startedBody["runId"]!)[14]); // UUIDv7, like the server's ids.

        using var waited = await http.PostAsJsonAsync(new Uri("api/v1/runs", UriKind.Relative),
            new JsonObject { ["flowId"] = flowId, ["input"] = new JsonArray(3), ["wait"] = true, ["timeoutSecs"] = 10 }, Timeout);
        var waitedBody = JsonNode.Parse(await waited.Content.ReadAsStringAsync(Timeout))!.AsObject();
        Assert.Equal(200, (int)waited.StatusCode);
        Assert.Equal("completed", (string?)waitedBody["status"]);
        Assert.Equal("""{"outcome":"success","result":3}""", waitedBody["results"]![0]!["result"]!.ToJsonString());
    }

    [Fact]
    public async Task Deletes_answer_200_with_an_empty_body_and_unknown_routes_get_the_gRPC_fallback()
    {
        var flowId = Server.AddFlow(new JsonObject { ["name"] = "f" });
        using var http = new HttpClient { BaseAddress = Server.Url };

        using var deleted = await http.DeleteAsync(new Uri($"api/v1/flows/{flowId}", UriKind.Relative), Timeout);
        Assert.Equal(200, (int)deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync(Timeout));

        using var unknown = await http.GetAsync(new Uri("api/v1/runs/", UriKind.Relative), Timeout);
        Assert.Equal(200, (int)unknown.StatusCode);
        Assert.Equal("application/grpc", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal("12", Assert.Single(unknown.Headers.GetValues("grpc-status")));
        // Another API version is an unknown route too.
        using var otherVersion = await http.GetAsync(new Uri("api/v2/health", UriKind.Relative), Timeout);
        Assert.Equal(200, (int)otherVersion.StatusCode);
        Assert.Equal("application/grpc", otherVersion.Content.Headers.ContentType?.MediaType);
        Assert.Equal("12", Assert.Single(otherVersion.Headers.GetValues("grpc-status")));
        Assert.Empty(await otherVersion.Content.ReadAsByteArrayAsync(Timeout));
        // What the SDK makes of it: the endpoint does not exist on this server.
        var missing = await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(() =>
            Client.SendRequestAsync(HttpMethod.Get, "runs/", cancellationToken: Timeout));
        Assert.Equal("UNIMPLEMENTED", missing.ErrorCode);

        using var wrongVerb = await http.PutAsync(new Uri("api/v1/health", UriKind.Relative), new StringContent(""), Timeout);
        Assert.Equal(405, (int)wrongVerb.StatusCode);

        using var notJson = await http.PostAsync(new Uri("api/v1/flows", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "text/plain"), Timeout);
        Assert.Equal(415, (int)notJson.StatusCode);
    }
}
