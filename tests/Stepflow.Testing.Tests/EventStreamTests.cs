using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Tests;

/// <summary>The events endpoint read with a raw HttpClient: these tests check its SSE framing, which <c>StreamEventsAsync</c> parses away.</summary>
public sealed class EventStreamTests : ServerTest
{
    [Fact]
    public async Task A_running_run_streams_well_framed_events_as_they_happen_and_ends_with_run_completed()
    {
        // Items finish only when the test says so, so "the stream is live" does not depend on timing.
        using var finish = new ManualResetEventSlim();
        Server.WhenFlow("greet").Responds(input =>
        {
            finish.Wait(TimeSpan.FromSeconds(20));
            return ItemOutcome.Success(input);
        });
        var flowId = await StoreAsync();
        var created = await Client.CreateBatchRunAsync(flowId, [new { name = "Ada" }, new { name = "Bob" }], cancellationToken: Timeout);
        using var http = new HttpClient { BaseAddress = Server.Url };

        using var response = await http.GetAsync(new Uri($"api/v1/runs/{created.RunId}/events?includeResults=true", UriKind.Relative),
            HttpCompletionOption.ResponseHeadersRead, Timeout);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Timeout));

        var first = await ReadFrameAsync(reader);
        Assert.Equal("run_created", first!.Event);
        // The first event arrived while the run was still going: the stream is live, not produced at the end.
        Assert.Equal(RunStatus.Running, Assert.Single(Server.Runs).Status);
        finish.Set();

        var frames = new List<Frame> { first };
        while (await ReadFrameAsync(reader) is { } frame)
        {
            frames.Add(frame);
        }

        foreach (var frame in frames)
        {
            Assert.Equal(frame.Id, (long)frame.Data["sequenceNumber"]!);
            Assert.Equal(frame.Event, (string?)frame.Data["event"]);
            Assert.Equal(created.RunId.ToString(), (string?)frame.Data["runId"]);
            Assert.EndsWith("Z", (string?)frame.Data["timestamp"], StringComparison.Ordinal);
        }

        Assert.Equal(frames.Select(f => f.Id).Order(), frames.Select(f => f.Id));
        Assert.Equal(2, (int)first.Data["itemCount"]!);
        Assert.Equal(4, frames.Count(f => f.Event == "step_started"));
        var itemDone = frames.First(f => f.Event == "item_completed");
        Assert.Equal("success", (string?)itemDone.Data["result"]?["outcome"]);
        var last = frames[^1];
        Assert.Equal("run_completed", last.Event);
        Assert.Equal("completed", (string?)last.Data["status"]);
    }

    [Fact]
    public async Task A_finished_run_is_replayed_from_since_with_the_type_filter_and_then_closed()
    {
        var flowId = await StoreAsync();
        var run = await Client.RunAsync(FlowSource.Stored(flowId), new { name = "Ada" },
            new RunOptions { Timeout = TimeSpan.FromSeconds(10) }, Timeout);
        Assert.True(run.IsFinished);
        using var http = new HttpClient { BaseAddress = Server.Url };

        var all = await ReadAllAsync(http, $"api/v1/runs/{run.RunId}/events");
        var filtered = await ReadAllAsync(http, $"api/v1/runs/{run.RunId}/events?since=1&eventTypes=step_completed,%20run_completed");

        Assert.Equal(["run_created", "steps_needed", "step_started", "step_started", "step_completed", "step_completed", "item_completed", "run_completed"],
            all.Select(f => f.Event));
        Assert.Null(all.First(f => f.Event == "item_completed").Data["result"]); // Only with includeResults=true.
        Assert.Equal(["step_completed", "step_completed", "run_completed"], filtered.Select(f => f.Event));
        Assert.All(filtered, f => Assert.True(f.Id >= 1));
    }

    [Fact]
    public async Task Events_of_an_unknown_run_are_a_404_error_response()
    {
        using var http = new HttpClient { BaseAddress = Server.Url };
        using var response = await http.GetAsync(new Uri($"api/v1/runs/{Guid.NewGuid()}/events", UriKind.Relative), Timeout);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Timeout))!;
        Assert.Equal(404, (int)body["code"]!);
    }

    private async Task<List<Frame>> ReadAllAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Timeout);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Timeout));
        var frames = new List<Frame>();
        while (await ReadFrameAsync(reader) is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>Reads one frame: exactly <c>id:</c>, <c>event:</c>, <c>data:</c> lines and a blank line; null at the end of the stream.</summary>
    private async Task<Frame?> ReadFrameAsync(StreamReader reader)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(Timeout) is { } line)
        {
            if (line.Length == 0)
            {
                break;
            }

            lines.Add(line);
        }

        if (lines.Count == 0)
        {
            return null;
        }

        Assert.Equal(3, lines.Count);
        Assert.StartsWith("id: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("event: ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("data: ", lines[2], StringComparison.Ordinal);
        return new Frame(long.Parse(lines[0]["id: ".Length..], System.Globalization.CultureInfo.InvariantCulture), lines[1]["event: ".Length..],
            JsonNode.Parse(lines[2]["data: ".Length..])!.AsObject());
    }

    private sealed record Frame(long Id, string Event, JsonObject Data);
}
