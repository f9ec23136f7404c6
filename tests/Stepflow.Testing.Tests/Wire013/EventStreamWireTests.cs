using System.Text.Json.Nodes;

namespace Stepflow.Testing.Tests.Wire013;

/// <summary>The 0.12/0.13 event stream read raw: <c>data:</c>-only frames, keep-alives, shared sequence numbers, <c>?runId=</c> (docs/server-api.md §10).</summary>
public sealed class EventStreamWireTests : RawWireTest
{
    [Fact]
    public async Task A_finished_run_replays_data_only_frames_tagged_by_PascalCase_variants_then_closes()
    {
        var flowId = AddFlow();
        Server.WhenFlow(flowId).Returns(new { name = "Ada", n = 7 });
        var runId = await StartRunAsync(flowId, extra: ""","wait":true,"timeoutSecs":20""");

        // The path segment is ignored: only the query names the run.
        var stream = await GetAsync($"runs/ignored/events?runId={runId}&includeResults=true");

        Assert.Equal(200, stream.Status);
        Assert.Equal("text/event-stream", stream.ContentType);
        Assert.Equal("no-cache", stream.Header("Cache-Control"));
        var frames = string.Join("", ((string[])
        [
            Fill("""{"sequenceNumber":0,"timestamp":"T","event":{"RunCreated":{"runId":"%0%","flowId":"%1%","itemCount":1}}}""", runId, flowId),
            Fill("""{"sequenceNumber":1,"timestamp":"T","event":{"StepsNeeded":{"runId":"%0%","itemIndex":0,"stepIds":["hello","shout"]}}}""", runId),
            Fill("""{"sequenceNumber":2,"timestamp":"T","event":{"StepReady":{"runId":"%0%","itemIndex":0,"stepIndex":0,"stepId":"hello"}}}""", runId),
            Fill("""{"sequenceNumber":2,"timestamp":"T","event":{"StepReady":{"runId":"%0%","itemIndex":0,"stepIndex":1,"stepId":"shout"}}}""", runId),
            Fill("""{"sequenceNumber":3,"timestamp":"T","event":{"StepStarted":{"runId":"%0%","itemIndex":0,"stepIndex":0,"stepId":"hello","attempt":1}}}""", runId),
            Fill("""{"sequenceNumber":3,"timestamp":"T","event":{"StepStarted":{"runId":"%0%","itemIndex":0,"stepIndex":1,"stepId":"shout","attempt":1}}}""", runId),
            Fill("""{"sequenceNumber":4,"timestamp":"T","event":{"StepCompleted":{"runId":"%0%","itemIndex":0,"stepIndex":0,"stepId":"hello","status":2,"result":{"name":"Ada","n":7.0}}}}""", runId),
            Fill("""{"sequenceNumber":5,"timestamp":"T","event":{"StepCompleted":{"runId":"%0%","itemIndex":0,"stepIndex":1,"stepId":"shout","status":2,"result":{"name":"Ada","n":7.0}}}}""", runId),
            Fill("""{"sequenceNumber":6,"timestamp":"T","event":{"RunCompleted":{"runId":"%0%","status":2}}}""", runId),
        ]).Select(json => $"data: {json}\n\n"));
        Assert.Equal(frames, WithoutTimes(stream.Body));

        // Without includeResults there is no result; since is inclusive, so a resume at 3 repeats that whole batch.
        var resumed = await GetAsync($"runs/{runId}/events?runId={runId}&since=3");
        var payloads = Payloads(resumed.Body);
        Assert.Equal([3, 3, 4, 5, 6], payloads.Select(p => (int)p["sequenceNumber"]!));
        Assert.DoesNotContain("result", resumed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_started_together_share_one_sequence_number_for_their_ready_and_started_steps()
    {
        var flowId = AddFlow();
        var together = await StartRunAsync(flowId, """[{"name":"Ada"},{"name":"Bob"}]""", ""","wait":true,"timeoutSecs":20""");
        var oneByOne = await StartRunAsync(flowId, """[{"name":"Ada"},{"name":"Bob"}]""", ""","maxConcurrency":1,"wait":true,"timeoutSecs":20""");

        var batched = Payloads((await GetAsync($"runs/{together}/events?runId={together}")).Body);
        var serial = Payloads((await GetAsync($"runs/{oneByOne}/events?runId={oneByOne}")).Body);

        var started = batched.Where(p => Variant(p) == "StepStarted").ToList();
        Assert.Equal(4, started.Count); // Two items of two steps.
        Assert.Single(started.Select(p => (int)p["sequenceNumber"]!).Distinct());
        Assert.Equal(["0:0", "0:1", "1:0", "1:1"], started.Select(p => $"{Field(p, "itemIndex")}:{Field(p, "stepIndex")}"));
        var ready = batched.Where(p => Variant(p) == "StepReady").ToList();
        Assert.Equal(4, ready.Count);
        Assert.Single(ready.Select(p => (int)p["sequenceNumber"]!).Distinct());
        Assert.Equal(["RunCreated", "StepsNeeded", "StepsNeeded"], batched.Take(3).Select(Variant));
        Assert.Equal("RunCompleted", Variant(batched[^1]));
        Assert.DoesNotContain(batched, p => Variant(p) == "ItemCompleted");
        // Sequence numbers never decrease.
        Assert.Equal(batched.Select(p => (int)p["sequenceNumber"]!).Order(), batched.Select(p => (int)p["sequenceNumber"]!));

        // With maxConcurrency 1 each item starts on its own: two groups of two.
        var serialGroups = serial.Where(p => Variant(p) == "StepStarted").GroupBy(p => (int)p["sequenceNumber"]!).ToList();
        Assert.Equal([2, 2], serialGroups.Select(g => g.Count()));
    }

    [Fact]
    public async Task A_live_stream_sends_keep_alive_comments_while_idle()
    {
        Server.EventKeepAliveInterval = TimeSpan.FromMilliseconds(100);
        var flowId = AddFlow();
        Server.WhenFlow(flowId).NeverCompletes();
        var runId = await StartRunAsync(flowId);

        using var response = await Http.GetAsync(new Uri($"runs/{runId}/events?runId={runId}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Timeout);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Timeout));
        var lines = new List<string>();
        while (await reader.ReadLineAsync(Timeout) is { } line && line != ": keep-alive")
        {
            lines.Add(line);
        }

        Assert.Equal(string.Empty, await reader.ReadLineAsync(Timeout)); // The comment is a frame of its own.
        // Before it, only data lines and blank separators: no id:, event: or retry: lines.
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.True(line.Length == 0 || line.StartsWith("data: {", StringComparison.Ordinal), line));
        Assert.Contains(lines, line => line.Contains("\"StepStarted\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancelled_run_keeps_streaming_and_ends_with_the_completion_that_flips_its_status_back()
    {
        using var finish = new ManualResetEventSlim();
        Server.WhenFlow("greet").Responds(input =>
        {
            finish.Wait(TimeSpan.FromSeconds(25));
            return ItemOutcome.Success(input);
        });
        var runId = await StartRunAsync(AddFlow());
        using var response = await Http.GetAsync(new Uri($"runs/{runId}/events?runId={runId}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Timeout);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Timeout));
        Assert.Equal("RunCreated", Variant(JsonNode.Parse((await reader.ReadLineAsync(Timeout))!["data: ".Length..])!));
        Assert.Equal(string.Empty, await reader.ReadLineAsync(Timeout));

        Assert.Equal(4, (int)(await PostAsync($"runs/{runId}/cancel", "")).Json["summary"]!["status"]!);
        finish.Set();
        var rest = await reader.ReadToEndAsync(Timeout); // Ends: the stream closes after the run's completion.

        var last = Payloads(rest, keepAlivesAllowed: true)[^1]; // A slow machine may idle long enough for a keep-alive.
        Assert.Equal("RunCompleted", Variant(last));
        Assert.Equal(2, Field(last, "status"));
        Assert.Equal(2, (int)(await GetAsync($"runs/{runId}")).Json["summary"]!["status"]!);
    }

    [Fact]
    public async Task Stream_requests_are_refused_before_the_stream_starts()
    {
        var runId = await StartRunAsync(AddFlow());
        var unknown = Guid.NewGuid();

        AssertEnvelope(await GetAsync($"runs/{runId}/events"), 400, "INVALID_ARGUMENT", "invalid UUID: ''");
        AssertEnvelope(await GetAsync($"runs/{runId}/events?runId=nope"), 400, "INVALID_ARGUMENT", "invalid UUID: 'nope'");
        AssertEnvelope(await GetAsync($"runs/{runId}/events?runId={unknown}"), 404, "NOT_FOUND", $"run '{unknown}' not found");
        AssertPlainText(await GetAsync($"runs/{runId}/events?runId={runId}&eventTypes=6"), 400, "Failed to deserialize query string: eventTypes: ");
        AssertPlainText(await GetAsync($"runs/{runId}/events?runId={runId}&eventTypes="), 400, "Failed to deserialize query string: eventTypes: ");
        AssertPlainText(await GetAsync($"runs/{runId}/events?runId={runId}&since=-1"), 400, "Failed to deserialize query string: since: ");
    }

    private static List<JsonNode> Payloads(string body, bool keepAlivesAllowed = false)
    {
        var frames = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(f => !keepAlivesAllowed || f != ": keep-alive").ToList();
        Assert.All(frames, frame => Assert.StartsWith("data: ", frame, StringComparison.Ordinal));
        Assert.All(frames, frame => Assert.DoesNotContain('\n', frame));
        return [.. frames.Select(frame => JsonNode.Parse(frame["data: ".Length..])!)];
    }

    private static string Variant(JsonNode payload) => Assert.Single(payload["event"]!.AsObject()).Key;

    private static int Field(JsonNode payload, string name) => (int)payload["event"]![Variant(payload)]![name]!;
}
