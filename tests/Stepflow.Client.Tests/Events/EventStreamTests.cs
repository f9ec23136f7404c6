using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Events.EventSamples;

namespace Stepflow.Client.Tests.Events;

/// <summary>Whole event streams served by WireMock: typing, query, end of stream, error answers.</summary>
public sealed class EventStreamTests : IDisposable
{
    private const string EventsPath = $"/runs/{Samples.RunIdText}/events";
    private const string RunPath = $"/runs/{Samples.RunIdText}";
    private readonly FakeServer _server = new();

    public void Dispose() => _server.Dispose();

    private void ServeEvents(string body) => _server.Respond("GET", EventsPath, 200, body, "text/event-stream", ("Cache-Control", "no-cache"));

    private static EventStreamOptions Fast() => new()
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

    [Fact]
    public async Task Full_replay_of_E14_yields_six_typed_events_in_order_and_ends()
    {
        ServeEvents(Body(E14));
        using var client = _server.Client();

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { IncludeResults = true }), _server.Timeout);

        Assert.Collection(events,
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
            e => Assert.IsType<ItemCompletedEvent>(e),
            e => Assert.Equal(RunStatus.Completed, Assert.IsType<RunCompletedEvent>(e).Status));
        Assert.Equal([0L, 1, 2, 3, 4, 5], events.Select(e => e.SequenceNumber));
        Assert.All(events, e => Assert.Equal(Samples.RunId, e.RunId));
        Assert.Equal(DateTimeOffset.Parse(Timestamp, System.Globalization.CultureInfo.InvariantCulture), events[0].Timestamp);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Query_carries_since_includeSubRuns_eventTypes_and_includeResults_as_specified()
    {
        ServeEvents(Body(StepStarted(), RunCompleted()));
        using var client = _server.Client();
        var options = new EventStreamOptions
        {
            Since = 2,
            IncludeSubRuns = true,
            EventTypes = [" step_started ", RunEventTypes.RunCompleted, "step_started"],
            IncludeResults = true,
        };

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, options), _server.Timeout);

        Assert.Equal(2, events.Count);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/api/v1" + EventsPath, request.Path);
        Assert.Equal("2", request.Query!["since"].Single());
        Assert.Equal("true", request.Query["includeSubRuns"].Single());
        // One parameter, comma-separated, commas literal (WireMock's Query splits values on commas).
        Assert.Contains("&eventTypes=step_started,run_completed&", request.Url, StringComparison.Ordinal);
        Assert.Equal("true", request.Query["includeResults"].Single());
        Assert.Contains("text/event-stream", request.Headers!["Accept"].Single(), StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("Last-Event-ID"));
    }

    [Fact]
    public async Task Default_query_sends_literal_false_booleans_and_no_since_or_filter()
    {
        ServeEvents(Body(E14));
        using var client = _server.Client();

        await CollectAsync(client.StreamEventsAsync(Samples.RunId), _server.Timeout);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("false", request.Query!["includeSubRuns"].Single());
        Assert.Equal("false", request.Query["includeResults"].Single());
        Assert.False(request.Query.ContainsKey("since"));
        Assert.False(request.Query.ContainsKey("eventTypes"));
    }

    [Fact]
    public void Empty_or_blank_event_type_filters_are_rejected_before_any_request()
    {
        using var client = _server.Client();

        Assert.Throws<ArgumentException>(() => client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { EventTypes = [] }));
        Assert.Throws<ArgumentException>(() => client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { EventTypes = ["step_started", " "] }));
        Assert.Throws<ArgumentException>(() => client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { EventTypes = ["a,b"] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { Since = -1 }));
        Assert.Throws<ArgumentException>(() => client.StreamEventsAsync(Guid.Empty));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Unknown_event_type_surfaces_as_UnknownRunEvent_and_the_stream_continues()
    {
        var unknownData = Data(2, "step_paused", "\"itemIndex\":0,\"reason\":\"manual\"");
        ServeEvents(Body(RunCreated(), StepsNeeded(), Frame(2, "step_paused", unknownData), StepStarted(3), RunCompleted(4)));
        using var client = _server.Client();

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId), _server.Timeout);

        Assert.Equal(5, events.Count);
        var unknown = Assert.IsType<UnknownRunEvent>(events[2]);
        Assert.Equal("step_paused", unknown.EventType);
        Assert.Equal(unknownData, unknown.RawJson);
        Assert.Equal(2, unknown.SequenceNumber);
        Assert.Equal(Samples.RunId, unknown.RunId);
        Assert.Equal(DateTimeOffset.Parse(Timestamp, System.Globalization.CultureInfo.InvariantCulture), unknown.Timestamp);
        Assert.IsType<StepStartedEvent>(events[3]);
        Assert.IsType<RunCompletedEvent>(events[4]);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Sub_run_completion_does_not_end_the_stream_but_the_requested_runs_does()
    {
        ServeEvents(Body(
            RunCreated(), SubRunCreated(1), RunCreated(1, SubRunIdText), RunCompleted(2, SubRunIdText),
            StepCompleted(3), RunCompleted(4),
            // Anything after the requested run's completion is not read.
            StepStarted(5)));
        using var client = _server.Client();

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, new EventStreamOptions { IncludeSubRuns = true }), _server.Timeout);

        Assert.Equal([0L, 1, 1, 2, 3, 4], events.Select(e => e.SequenceNumber));
        Assert.Equal(SubRunId, Assert.IsType<RunCompletedEvent>(events[3]).RunId);
        Assert.Equal(Samples.RunId, Assert.IsType<RunCompletedEvent>(events[5]).RunId);
        Assert.Equal("true", Assert.Single(_server.Requests).Query!["includeSubRuns"].Single());
    }

    [Fact]
    public async Task Filter_without_run_completed_ends_after_the_server_closes_and_the_run_is_terminal()
    {
        // The server closes right after the (filtered-out) run_completed; the client confirms with the run
        // and makes one last pass from the last id, which only repeats what it already delivered.
        ServeEvents(Body(StepStarted(), StepCompleted()));
        _server.Json("GET", RunPath, Samples.RunDetails("completed"));
        using var client = _server.Client();
        var options = Fast();
        options.EventTypes = [RunEventTypes.StepStarted, RunEventTypes.StepCompleted];

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, options), _server.Timeout);

        Assert.Equal([2L, 3], events.Select(e => e.SequenceNumber));
        var streams = _server.RequestsTo("GET", EventsPath);
        Assert.Equal(2, streams.Count);
        Assert.False(streams[0].Query!.ContainsKey("since"));
        Assert.Equal("3", streams[1].Query!["since"].Single());
        Assert.Single(_server.RequestsTo("GET", RunPath));
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Server_0_11_1_without_the_endpoint_404_empty_body_raises_EndpointUnavailable()
    {
        _server.Respond("GET", EventsPath, 404, null, null);
        using var client = _server.Client();

        await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), _server.Timeout));

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Grpc_fallback_answer_raises_EndpointUnavailable()
    {
        _server.Respond("GET", EventsPath, 200, null, "application/grpc", ("grpc-status", "12"));
        using var client = _server.Client();

        await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), _server.Timeout));

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Unknown_run_raises_NotFound_without_retrying()
    {
        _server.Text("GET", EventsPath, 404, Samples.ErrorNotFound);
        using var client = _server.Client();

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(
            () => CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), _server.Timeout));

        Assert.IsNotType<StepflowEndpointUnavailableException>(error);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_200_that_is_not_an_event_stream_raises_EndpointUnavailable()
    {
        _server.Respond("GET", EventsPath, 200, "<html>proxy</html>", "text/html");
        using var client = _server.Client();

        await Assert.ThrowsAsync<StepflowEndpointUnavailableException>(
            () => CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), _server.Timeout));

        Assert.Single(_server.Requests);
    }
}
