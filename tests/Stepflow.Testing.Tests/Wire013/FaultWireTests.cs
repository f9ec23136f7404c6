namespace Stepflow.Testing.Tests.Wire013;

/// <summary>Injected faults and request recording on the 0.13 wire: the shared fault injector, rendered in this generation's error shapes.</summary>
public sealed class FaultWireTests : RawWireTest
{
    [Fact]
    public async Task A_fault_is_the_JSON_envelope_except_on_blob_routes_where_it_is_a_bare_status()
    {
        Server.FailNext("GET", "/runs", 503, "try later");
        Server.FailNext("GET", "/health", 412, "not now");
        Server.FailNext("GET", "/blobs/", 404, "ignored on blob routes");
        Server.FailNext("POST", "/runs", 422, "bad shape");

        AssertEnvelope(await GetAsync("runs"), 503, "UNAVAILABLE", "try later");
        AssertEnvelope(await GetAsync("health"), 412, "FAILED_PRECONDITION", "not now");
        AssertEmpty(await GetAsync($"blobs/{new string('a', 64)}"), 404);
        AssertPlainText(await PostAsync("runs", "{}"), 422, "bad shape");
        Assert.Empty(Server.Runs);

        Assert.Equal(200, (await GetAsync("runs")).Status); // Each was used once.
    }

    [Fact]
    public async Task A_fault_can_target_an_event_stream_by_the_run_in_its_query_and_every_request_is_recorded()
    {
        var flowId = AddFlow();
        var runId = await StartRunAsync(flowId, extra: ""","wait":true,"timeoutSecs":20""");
        Server.FailNext("GET", $"/runs/any/events?runId={runId}", 500, "stream broke");

        AssertEnvelope(await GetAsync($"runs/any/events?runId={runId}"), 500, "INTERNAL", "stream broke");
        var replay = await GetAsync($"runs/any/events?runId={runId}");

        Assert.Equal(200, replay.Status);
        Assert.Equal("text/event-stream", replay.ContentType);
        Assert.Equal(2, Server.CountRequests("GET", $"/runs/any/events?runId={runId}"));
        Assert.Contains(Server.Requests, r => r.Path == "/api/v1/runs/any/events" && r.Query == $"runId={runId}");
        Assert.Equal(1, Server.CountRequests("POST", "/runs"));
    }
}
