using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepflow.Client;

namespace Stepflow.Testing.Tests;

/// <summary>
/// The events endpoint read with a raw HttpClient: these tests check its SSE framing, which <c>StreamEventsAsync</c>
/// parses away, against each emulated generation. 0.11 frames carry <c>id:</c> and <c>event:</c> lines and a flat
/// payload tagged by a snake_case <c>event</c>; 0.13 frames are one <c>data:</c> line whose payload nests the event
/// under <c>event</c>, tagged by a PascalCase variant, and 0.13 reads the run only from the <c>runId</c> query
/// parameter (docs/server-api.md §10).
/// </summary>
public abstract partial class EventStreamTests(StepflowServerEmulation emulation) : ServerTest(emulation)
{
    private bool Is011 => Server.Emulation == StepflowServerEmulation.V0_11;

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

        using var response = await http.GetAsync(EventsUri(created.RunId, "includeResults=true"), HttpCompletionOption.ResponseHeadersRead, Timeout);
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
            if (Is011)
            {
                Assert.Equal(frame.Id, frame.Sequence);
                Assert.Equal(frame.Event, (string?)frame.Data["event"]);
            }
            else
            {
                // No id: or event: line (the reader checks): the payload carries the number and nests the event.
                Assert.Equal(["sequenceNumber", "timestamp", "event"], frame.Data.Select(p => p.Key));
            }

            Assert.Equal(created.RunId.ToString(), (string?)frame.Fields["runId"]);
            Assert.EndsWith("Z", (string?)frame.Data["timestamp"], StringComparison.Ordinal);
        }

        Assert.Equal(frames.Select(f => f.Sequence).Order(), frames.Select(f => f.Sequence));
        Assert.Equal(2, (int)first.Fields["itemCount"]!);
        Assert.Equal(4, frames.Count(f => f.Event == "step_started"));
        var stepsDone = frames.Where(f => f.Event == "step_completed").ToList();
        Assert.Equal(4, stepsDone.Count);
        string[] names = ["Ada", "Bob"];
        if (Is011)
        {
            var itemDone = frames.First(f => f.Event == "item_completed");
            Assert.Equal("success", (string?)itemDone.Data["result"]?["outcome"]);
            // includeResults adds a FlowResult to step_completed too.
            Assert.All(stepsDone, f => Assert.Equal("success", (string?)f.Fields["result"]?["outcome"]));
        }
        else
        {
            // 0.13 never emits item_completed; includeResults adds the step's plain output to a successful step_completed (docs/server-api.md §10.2).
            Assert.DoesNotContain(frames, f => f.Event == "item_completed");
            Assert.All(stepsDone, f => Assert.Equal(names[(int)f.Fields["itemIndex"]!], (string?)f.Fields["result"]?["name"]));
        }

        var last = frames[^1];
        Assert.Equal("run_completed", last.Event);
        if (Is011)
        {
            Assert.Equal("completed", (string?)last.Fields["status"]);
        }
        else
        {
            Assert.Equal(2, (int)last.Fields["status"]!); // ExecutionStatus 2, completed (docs/server-api.md §4.1).
        }
    }

    [Fact]
    public async Task A_finished_run_is_replayed_from_since_and_then_closed()
    {
        var run = await RunToTheEndAsync();
        using var http = new HttpClient { BaseAddress = Server.Url };

        var all = await ReadAllAsync(http, EventsUri(run.RunId));
        var fromOne = await ReadAllAsync(http, EventsUri(run.RunId, "since=1"));

        // 0.11 journals no ready steps but each item's completion; 0.13 the other way round (docs/server-api.md §10.2).
        Assert.Equal(Is011
                ? ["run_created", "steps_needed", "step_started", "step_started", "step_completed", "step_completed", "item_completed", "run_completed"]
                : ["run_created", "steps_needed", "step_ready", "step_ready", "step_started", "step_started", "step_completed", "step_completed", "run_completed"],
            all.Select(f => f.Event));
        // Results only with includeResults=true.
        Assert.All(all, f => Assert.Null(f.Fields["result"]));
        // since is inclusive: everything from sequence number 1 on, the run's creation (0) left out.
        Assert.Equal(all.Where(f => f.Sequence >= 1).Select(f => f.Data.ToJsonString()), fromOne.Select(f => f.Data.ToJsonString()));
        Assert.All(fromOne, f => Assert.True(f.Sequence >= 1));
    }

    [Fact]
    public async Task Events_of_an_unknown_run_are_a_404_error_response()
    {
        var unknown = Guid.NewGuid();
        using var http = new HttpClient { BaseAddress = Server.Url };
        using var response = await http.GetAsync(EventsUri(unknown), Timeout);

        Assert.Equal(404, (int)response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Timeout))!;
        if (Is011)
        {
            // ErrorResponse sent as text/plain (docs/server-api.md §3.1).
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(404, (int)body["code"]!);
        }
        else
        {
            // The JSON envelope, before the stream starts (docs/server-api.md §3.2, §3.5).
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(404, (int)body["error"]!["code"]!);
            Assert.Equal("NOT_FOUND", (string?)body["error"]!["status"]);
            Assert.Equal($"run '{unknown}' not found", (string?)body["error"]!["message"]);
        }
    }

    /// <summary>Runs <see cref="ServerTest.Flow"/> once, waiting on creation, and returns the finished run.</summary>
    protected async Task<RunResult> RunToTheEndAsync()
    {
        var flowId = await StoreAsync();
        var run = await Client.RunAsync(FlowSource.Stored(flowId), new { name = "Ada" },
            new RunOptions { Timeout = TimeSpan.FromSeconds(10) }, Timeout);
        Assert.True(run.IsFinished);
        return run;
    }

    /// <summary>
    /// The events path of a run with <paramref name="query"/>: the run in the path, and on 0.13 also in the
    /// <c>runId</c> query parameter, the only place that server reads it from (docs/server-api.md §10.4).
    /// </summary>
    protected Uri EventsUri(Guid runId, string query = "")
    {
        var parameters = Is011 ? query : query.Length == 0 ? $"runId={runId}" : $"{query}&runId={runId}";
        return new Uri($"api/v1/runs/{runId}/events{(parameters.Length == 0 ? "" : "?" + parameters)}", UriKind.Relative);
    }

    protected async Task<List<Frame>> ReadAllAsync(HttpClient http, Uri path)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Timeout);
        Assert.Equal(200, (int)response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Timeout));
        var frames = new List<Frame>();
        while (await ReadFrameAsync(reader) is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>
    /// Reads one frame; null at the end of the stream. On 0.11 exactly <c>id:</c>, <c>event:</c>, <c>data:</c> lines
    /// and a blank line; on 0.13 exactly one <c>data:</c> line and a blank line, where a frame of comments only (a
    /// keep-alive, which a slow machine may idle long enough for) is passed over.
    /// </summary>
    protected async Task<Frame?> ReadFrameAsync(StreamReader reader)
    {
        while (true)
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

            if (Is011)
            {
                Assert.Equal(3, lines.Count);
                Assert.StartsWith("id: ", lines[0], StringComparison.Ordinal);
                Assert.StartsWith("event: ", lines[1], StringComparison.Ordinal);
                Assert.StartsWith("data: ", lines[2], StringComparison.Ordinal);
                var data = JsonNode.Parse(lines[2]["data: ".Length..])!.AsObject();
                return new Frame(long.Parse(lines[0]["id: ".Length..], CultureInfo.InvariantCulture), lines[1]["event: ".Length..], data, data);
            }

            if (lines.TrueForAll(l => l.StartsWith(':')))
            {
                Assert.Equal([": keep-alive"], lines);
                continue;
            }

            var only = Assert.Single(lines);
            Assert.StartsWith("data: ", only, StringComparison.Ordinal);
            var payload = JsonNode.Parse(only["data: ".Length..])!.AsObject();
            var (variant, fields) = Assert.Single(payload["event"]!.AsObject());
            return new Frame(null, SnakeCase(variant), payload, fields!.AsObject());
        }
    }

    /// <summary><c>StepCompleted</c> → <c>step_completed</c>: 0.13's variant names in 0.11's spelling, so both compare alike.</summary>
    private static string SnakeCase(string variant) => UpperCaseLetter().Replace(variant, "_$0").ToLowerInvariant();

    [GeneratedRegex("(?<!^)[A-Z]")]
    private static partial Regex UpperCaseLetter();

    /// <summary>
    /// One frame: the <c>id:</c> line's number (0.11 only), the event type (the <c>event:</c> line on 0.11, the
    /// variant in snake_case on 0.13), the whole payload, and the event's own fields (the payload itself on 0.11,
    /// the variant's object on 0.13).
    /// </summary>
    protected sealed record Frame(long? Id, string Event, JsonObject Data, JsonObject Fields)
    {
        public long Sequence => (long)Data["sequenceNumber"]!;
    }
}

/// <summary>Against the 0.11 emulation, with what only 0.11 does.</summary>
public sealed class EventStreamTestsOn011() : EventStreamTests(StepflowServerEmulation.V0_11)
{
    /// <summary>0.11 filters by <c>eventTypes</c> (comma-separated snake_case names, trimmed) on the server (docs/server-api.md §10.4).</summary>
    [Fact]
    public async Task A_finished_run_is_replayed_from_since_with_the_type_filter_and_then_closed_on_011()
    {
        var run = await RunToTheEndAsync();
        using var http = new HttpClient { BaseAddress = Server.Url };

        var filtered = await ReadAllAsync(http, EventsUri(run.RunId, "since=1&eventTypes=step_completed,%20run_completed"));

        Assert.Equal(["step_completed", "step_completed", "run_completed"], filtered.Select(f => f.Event));
        Assert.All(filtered, f => Assert.True(f.Id >= 1));
    }
}

/// <summary>Against the 0.13 emulation, with what only 0.13 does.</summary>
public sealed class EventStreamTestsOn013() : EventStreamTests(StepflowServerEmulation.V0_13)
{
    /// <summary>0.13 cannot take <c>eventTypes</c> in a query at all: any use is the framework's plain-text 400 (docs/server-api.md §10.4).</summary>
    [Fact]
    public async Task A_type_filter_is_refused_with_a_plain_text_400_on_013()
    {
        var run = await RunToTheEndAsync();
        using var http = new HttpClient { BaseAddress = Server.Url };

        using var response = await http.GetAsync(EventsUri(run.RunId, "since=1&eventTypes=step_completed,%20run_completed"), Timeout);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Failed to deserialize query string: ", await response.Content.ReadAsStringAsync(Timeout), StringComparison.Ordinal);
    }

    /// <summary>0.13 reads the run from the <c>runId</c> query alone: the path segment is ignored, and without the query it is a 400 (docs/server-api.md §3.5, §10.4).</summary>
    [Fact]
    public async Task The_run_is_read_from_the_runId_query_alone_on_013()
    {
        var run = await RunToTheEndAsync();
        using var http = new HttpClient { BaseAddress = Server.Url };

        var viaQuery = await ReadAllAsync(http, new Uri($"api/v1/runs/{Guid.NewGuid()}/events?runId={run.RunId}", UriKind.Relative));
        using var pathOnly = await http.GetAsync(new Uri($"api/v1/runs/{run.RunId}/events", UriKind.Relative), Timeout);

        Assert.Equal("run_completed", viaQuery[^1].Event);
        Assert.All(viaQuery, f => Assert.Equal(run.RunId.ToString(), (string?)f.Fields["runId"]));
        Assert.Equal(400, (int)pathOnly.StatusCode);
        var error = JsonNode.Parse(await pathOnly.Content.ReadAsStringAsync(Timeout))!["error"]!;
        Assert.Equal("INVALID_ARGUMENT", (string?)error["status"]);
        Assert.Equal("invalid UUID: ''", (string?)error["message"]);
    }
}
