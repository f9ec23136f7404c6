using System.Globalization;
using Stepflow.Client.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Events;

/// <summary>Whole event streams served by WireMock, on every server generation: typing, query, end of stream, error answers.</summary>
public abstract class EventStreamTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    internal const string EventsPath = $"/runs/{Infrastructure.Samples.RunIdText}/events";
    internal const string RunPath = $"/runs/{Infrastructure.Samples.RunIdText}";

    /// <summary>Frames in this generation's framing (0.11: <c>id:</c>/<c>event:</c>/<c>data:</c>; 0.13: <c>data:</c> only).</summary>
    protected EventFrames Frames => Samples.Events;

    /// <summary>
    /// Serves <paramref name="body"/> as the event stream. 0.12/0.13 read the run only from the <c>runId</c> query
    /// parameter and answer 400 <c>invalid UUID: ''</c> without it (docs/server-api.md §10.4); the fake does the same.
    /// </summary>
    protected void ServeEvents(string body)
    {
        var stream = Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/event-stream")
            .WithHeader("Cache-Control", "no-cache").WithBody(body);
        if (Is011)
        {
            Server.Server.Given(Request.Create().WithPath("/api/v1" + EventsPath).UsingGet()).RespondWith(stream);
            return;
        }

        Server.Server.Given(Request.Create().WithPath("/api/v1" + EventsPath).WithParam("runId", Samples.RunIdText).UsingGet())
            .AtPriority(1).RespondWith(stream);
        Server.Server.Given(Request.Create().WithPath("/api/v1" + EventsPath).UsingGet())
            .AtPriority(2).RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody(Samples.Error(400, "invalid UUID: ''")));
    }

    internal static EventStreamOptions Fast() => new()
    {
        ReconnectDelay = TimeSpan.FromMilliseconds(10),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(50),
        IdleTimeout = TimeSpan.FromSeconds(10),
    };

    internal static async Task<List<RunEvent>> CollectAsync(IAsyncEnumerable<RunEvent> events, CancellationToken cancellationToken)
    {
        var list = new List<RunEvent>();
        await foreach (var item in events.WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>The content type this generation sends its service errors with (docs/server-api.md §3.1–§3.2).</summary>
    protected string ErrorContentType => OnWire("text/plain; charset=utf-8", "application/json");

    [Fact]
    public async Task Full_replay_of_E14_yields_six_typed_events_in_order_and_ends()
    {
        // E14 is the typical one-item, one-step run; 0.13 never sends item_completed, so there it is five events (docs/server-api.md §10.2).
        ServeEvents(EventFrames.Body(Frames.Typical));
        using var client = Server.Client();

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { IncludeResults = true }), Server.Timeout);

        var checks = new List<Action<RunEvent>>
        {
            e =>
            {
                var created = Assert.IsType<RunCreatedEvent>(e);
                Assert.Equal(1, created.ItemCount);
                Assert.Equal(Samples.FlowId, created.FlowId);
            },
            e => Assert.Equal(["hello"], Assert.IsType<StepsNeededEvent>(e).StepIds),
            e => Assert.Equal(1, Assert.IsType<StepStartedEvent>(e).Attempt),
            e =>
            {
                var completed = Assert.IsType<StepCompletedEvent>(e);
                Assert.Equal(ResultOutcome.Succeeded, completed.Outcome);
                Assert.Equal("Ada", completed.Output?.GetValue<string>());
                Assert.Null(completed.Error);
                Assert.Equal(StepStatus.Completed, completed.Status);
            },
        };
        if (Is011)
        {
            checks.Add(e => Assert.IsType<ItemCompletedEvent>(e));
        }

        checks.Add(e => Assert.Equal(RunStatus.Completed, Assert.IsType<RunCompletedEvent>(e).Status));
        Assert.Collection(events, [.. checks]);
        Assert.Equal(OnWire<long[]>([0L, 1, 2, 3, 4, 5], [0L, 1, 2, 3, 4]), events.Select(e => e.SequenceNumber));
        Assert.All(events, e => Assert.Equal(Samples.RunId, e.RunId));
        Assert.Equal(DateTimeOffset.Parse(Samples.Timestamp, CultureInfo.InvariantCulture), events[0].Timestamp);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Query_carries_since_includeSubRuns_eventTypes_and_includeResults_as_specified()
    {
        ServeEvents(EventFrames.Body(Frames.StepStarted(), Frames.RunCompleted()));
        using var client = Server.Client();
        var options = new EventStreamOptions
        {
            Since = 2,
            IncludeSubRuns = true,
            EventTypes = [" step_started ", RunEventTypes.RunCompleted, "step_started"],
            IncludeResults = true,
        };

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, options), Server.Timeout);

        Assert.Equal(2, events.Count);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("/api/v1" + EventsPath, request.Path);
        Assert.Equal("2", request.Query!["since"].Single());
        Assert.Equal("true", request.Query["includeSubRuns"].Single());
        if (Is011)
        {
            // One parameter, comma-separated, commas literal (WireMock's Query splits values on commas).
            Assert.Contains("&eventTypes=step_started,run_completed&", request.Url, StringComparison.Ordinal);
        }
        else
        {
            // 0.12/0.13 refuse any eventTypes (the client filters itself) and read the run from the query (docs/server-api.md §10.4).
            Assert.DoesNotContain("eventTypes", request.Url, StringComparison.Ordinal);
            AssertQuery(request, ("runId", Samples.RunIdText), ("since", "2"), ("includeSubRuns", "true"), ("includeResults", "true"));
        }

        Assert.Equal("true", request.Query["includeResults"].Single());
        Assert.Contains("text/event-stream", request.Headers!["Accept"].Single(), StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("Last-Event-ID"));
    }

    [Fact]
    public async Task Default_query_sends_literal_false_booleans_and_no_since_or_filter()
    {
        ServeEvents(EventFrames.Body(Frames.Typical));
        using var client = Server.Client();

        await CollectAsync(client.StreamEventsAsync(Samples.RunId), Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("false", request.Query!["includeSubRuns"].Single());
        Assert.Equal("false", request.Query["includeResults"].Single());
        Assert.False(request.Query.ContainsKey("since"));
        Assert.False(request.Query.ContainsKey("eventTypes"));
        if (!Is011)
        {
            AssertQuery(request, ("runId", Samples.RunIdText), ("includeSubRuns", "false"), ("includeResults", "false"));
        }
    }

    [Fact]
    public void Empty_or_blank_event_type_filters_are_rejected_before_any_request()
    {
        using var client = Server.Client();

        Assert.Throws<ArgumentException>(() => client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { EventTypes = [] }));
        Assert.Throws<ArgumentException>(() => client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { EventTypes = ["step_started", " "] }));
        Assert.Throws<ArgumentException>(() => client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { EventTypes = ["a,b"] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { Since = -1 }));
        Assert.Throws<ArgumentException>(() => client.StreamEventsAsync(Guid.Empty));
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Unknown_event_type_surfaces_as_UnknownRunEvent_and_the_stream_continues()
    {
        // 0.11 names it in the `event` field, 0.13 as the variant key StepPaused (read as step_paused, docs/server-api.md §10.2).
        var unknownData = Frames.Data(2, "step_paused", "\"itemIndex\":0,\"reason\":\"manual\"");
        ServeEvents(EventFrames.Body(Frames.RunCreated(), Frames.StepsNeeded(), Frames.Event(2, "step_paused", "\"itemIndex\":0,\"reason\":\"manual\""),
            Frames.StepStarted(3), Frames.RunCompleted(4)));
        using var client = Server.Client();

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId), Server.Timeout);

        Assert.Equal(5, events.Count);
        var unknown = Assert.IsType<UnknownRunEvent>(events[2]);
        Assert.Equal("step_paused", unknown.EventType);
        Assert.Equal(unknownData, unknown.RawJson);
        Assert.Equal(2, unknown.SequenceNumber);
        Assert.Equal(Samples.RunId, unknown.RunId);
        Assert.Equal(DateTimeOffset.Parse(Samples.Timestamp, CultureInfo.InvariantCulture), unknown.Timestamp);
        Assert.IsType<StepStartedEvent>(events[3]);
        Assert.IsType<RunCompletedEvent>(events[4]);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Keep_alive_comments_between_events_are_skipped()
    {
        // 0.13 sends `: keep-alive` after 15 s without an event (docs/server-api.md §10.1); a comment is valid SSE on 0.11 too.
        ServeEvents(Frames.KeepAlive + Frames.RunCreated() + Frames.KeepAlive + Frames.KeepAlive + Frames.StepsNeeded() + Frames.StepStarted()
            + Frames.KeepAlive + Frames.RunCompleted(3));
        using var client = Server.Client();

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), Server.Timeout);

        Assert.Equal([typeof(RunCreatedEvent), typeof(StepsNeededEvent), typeof(StepStartedEvent), typeof(RunCompletedEvent)],
            events.Select(e => e.GetType()));
        Assert.Equal([0L, 1, 2, 3], events.Select(e => e.SequenceNumber));
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Sub_run_completion_does_not_end_the_stream_but_the_requested_runs_does()
    {
        ServeEvents(EventFrames.Body(
            Frames.RunCreated(), Frames.SubRunCreated(1), Frames.RunCreated(1, EventFrames.SubRunIdText), Frames.RunCompleted(2, EventFrames.SubRunIdText),
            Frames.StepCompleted(3), Frames.RunCompleted(4),
            // Anything after the requested run's completion is not read.
            Frames.StepStarted(5)));
        using var client = Server.Client();

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { IncludeSubRuns = true }), Server.Timeout);

        Assert.Equal([0L, 1, 1, 2, 3, 4], events.Select(e => e.SequenceNumber));
        Assert.Equal(Samples.SubRunId, Assert.IsType<RunCompletedEvent>(events[3]).RunId);
        Assert.Equal(Samples.RunId, Assert.IsType<RunCompletedEvent>(events[5]).RunId);
        Assert.Equal("true", Assert.Single(Server.Requests).Query!["includeSubRuns"].Single());
    }

    [Fact]
    public async Task Filter_without_run_completed_ends_after_the_server_closes_and_the_run_is_terminal()
    {
        // 0.11 filters itself and closes right after the (filtered-out) run_completed; the client confirms with the run
        // and makes one last pass from the last id, which only repeats what it already delivered. 0.13 cannot filter: it
        // sends every event, and the client ends at the run's own completion although it does not deliver it
        // (docs/server-api.md §10.4–§10.5).
        ServeEvents(Is011 ? EventFrames.Body(Frames.StepStarted(), Frames.StepCompleted()) : EventFrames.Body(Frames.Typical));
        Server.Json("GET", RunPath, Samples.RunDetails("completed"));
        using var client = Server.Client();
        var options = Fast();
        options.EventTypes = [RunEventTypes.StepStarted, RunEventTypes.StepCompleted];

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, options), Server.Timeout);

        Assert.Equal([2L, 3], events.Select(e => e.SequenceNumber));
        Assert.Equal([typeof(StepStartedEvent), typeof(StepCompletedEvent)], events.Select(e => e.GetType()));
        var streams = Server.RequestsTo("GET", EventsPath);
        if (Is011)
        {
            Assert.Equal(2, streams.Count);
            Assert.False(streams[0].Query!.ContainsKey("since"));
            Assert.Equal("3", streams[1].Query!["since"].Single());
            Assert.Single(Server.RequestsTo("GET", RunPath));
            Assert.Equal(3, Server.Requests.Count);
        }
        else
        {
            // No status check and no second pass: the client saw run_completed itself.
            var stream = Assert.Single(streams);
            Assert.False(stream.Query!.ContainsKey("eventTypes"));
            Assert.Empty(Server.RequestsTo("GET", RunPath));
            Assert.Single(Server.Requests);
        }
    }

    [Fact]
    public async Task Grpc_fallback_answer_raises_EndpointUnavailable()
    {
        Server.Respond("GET", EventsPath, 200, null, "application/grpc", ("grpc-status", "12"));
        using var client = Server.Client();

        await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), Server.Timeout));

        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Unknown_run_raises_NotFound_without_retrying()
    {
        Server.Respond("GET", EventsPath, 404, Samples.ErrorNotFound, ErrorContentType);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(
            () => CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), Server.Timeout));

        Assert.IsNotType<StepflowEndpointUnavailableException>(error);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_200_that_is_not_an_event_stream_raises_EndpointUnavailable()
    {
        Server.Respond("GET", EventsPath, 200, "<html>proxy</html>", "text/html");
        using var client = Server.Client();

        await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), Server.Timeout));

        Assert.Single(Server.Requests);
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class EventStreamTestsOn011() : EventStreamTests(StepflowApiGeneration.V011)
{
    [Fact]
    public async Task Server_0_11_1_without_the_endpoint_404_empty_body_raises_EndpointUnavailable()
    {
        // 0.11.0 and 0.11.1 have no events route: an unknown path there is an empty 404 (docs/server-api.md §2.3, §12.1).
        Server.Respond("GET", EventsPath, 404, null, null);
        using var client = Server.Client();

        await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), Server.Timeout));

        Assert.Single(Server.Requests);
    }
}

/// <summary>Against the 0.12/0.13 API, with the behaviour only that API has.</summary>
public sealed class EventStreamTestsOn013() : EventStreamTests(StepflowApiGeneration.V012)
{
    /// <summary>A frame whose sequence number is written as a JSON string, as the 0.12/0.13 document declares it (docs/server-api.md §4.2).</summary>
    internal static string WithStringSequence(string frame, long seq)
    {
        var quoted = frame.Replace($"\"sequenceNumber\":{seq},", $"\"sequenceNumber\":\"{seq}\",", StringComparison.Ordinal);
        Assert.NotEqual(frame, quoted);
        return quoted;
    }

    [Fact]
    public async Task An_empty_404_is_not_found_not_a_missing_endpoint_on_013()
    {
        // The empty-404-means-no-endpoint rule is 0.11's; a 0.13 server without a route answers the gRPC fallback (docs/server-api.md §2.3, §3.4).
        Server.Respond("GET", EventsPath, 404, null, null);
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(
            () => CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), Server.Timeout));

        Assert.IsNotType<StepflowEndpointUnavailableException>(error);
        Assert.Equal(404, error.StatusCode);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task An_unknown_variant_such_as_RunPaused_becomes_run_paused_and_does_not_end_the_stream_on_013()
    {
        // {"event":{"RunPaused":{…}}}: a variant this SDK does not know, named in snake_case like the others (docs/server-api.md §10.2).
        var paused = Frames.Event(2, "run_paused", "\"reason\":\"manual\"");
        Assert.Contains("\"event\":{\"RunPaused\":{", paused, StringComparison.Ordinal);
        ServeEvents(EventFrames.Body(Frames.RunCreated(), Frames.StepsNeeded(), paused, Frames.StepStarted(3), Frames.RunCompleted(4)));
        using var client = Server.Client();

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), Server.Timeout);

        Assert.Equal([0L, 1, 2, 3, 4], events.Select(e => e.SequenceNumber));
        var unknown = Assert.IsType<UnknownRunEvent>(events[2]);
        Assert.Equal("run_paused", unknown.EventType);
        Assert.Equal(Frames.Data(2, "run_paused", "\"reason\":\"manual\""), unknown.RawJson);
        Assert.Equal(Samples.RunId, unknown.RunId);
        Assert.Equal(DateTimeOffset.Parse(Samples.Timestamp, CultureInfo.InvariantCulture), unknown.Timestamp);
        Assert.IsType<StepStartedEvent>(events[3]);
        Assert.Equal(RunStatus.Completed, Assert.IsType<RunCompletedEvent>(events[4]).Status);
        // The stream went on past it on the same connection: no status check, no reconnection.
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Numeric_string_sequence_numbers_are_accepted_on_013()
    {
        ServeEvents(EventFrames.Body(WithStringSequence(Frames.RunCreated(), 0), WithStringSequence(Frames.StepsNeeded(), 1),
            WithStringSequence(Frames.StepStarted(), 2), Frames.StepCompleted(), WithStringSequence(Frames.RunCompleted(4), 4)));
        using var client = Server.Client();

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), Server.Timeout);

        Assert.Equal([0L, 1, 2, 3, 4], events.Select(e => e.SequenceNumber));
        Assert.Equal([typeof(RunCreatedEvent), typeof(StepsNeededEvent), typeof(StepStartedEvent), typeof(StepCompletedEvent), typeof(RunCompletedEvent)],
            events.Select(e => e.GetType()));
        Assert.Single(Server.Requests);
    }
}
