using System.Globalization;
using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Events.EventStreamTests;

namespace Stepflow.Client.Tests.Events;

/// <summary>Faults on a real socket, on every server generation: cuts mid-event, silence, refused reconnects, cancellation.</summary>
public abstract class EventStreamResumeTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    protected const string EventsSuffix = $"/runs/{Infrastructure.Samples.RunIdText}/events";
    protected const string RunPath = $"/api/v1/runs/{Infrastructure.Samples.RunIdText}";

    /// <summary>Frames in this generation's framing (0.13: <c>data:</c> lines only, no <c>id:</c>).</summary>
    protected EventFrames Frames => Samples.Events;

    protected static EventStreamOptions Fast(int maxReconnectAttempts = 5) => new()
    {
        ReconnectDelay = TimeSpan.FromMilliseconds(10),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(50),
        IdleTimeout = TimeSpan.FromSeconds(10),
        MaxReconnectAttempts = maxReconnectAttempts,
    };

    /// <summary>
    /// Answers <c>/events</c> with the next script, <c>GET /runs/{id}</c> with <paramref name="runStatus"/>,
    /// anything else with 404. Unscripted extra stream requests get a 500 naming the problem. On 0.12/0.13 a stream
    /// request without <c>runId</c> in its query is refused with 400, as the server does (docs/server-api.md §10.4).
    /// </summary>
    protected Func<LoopbackExchange, Task> Route(string? runStatus, params Func<LoopbackExchange, Task>[] streams)
    {
        var next = -1;
        return exchange =>
        {
            if (exchange.Request.Path.EndsWith(EventsSuffix, StringComparison.Ordinal))
            {
                if (!Is011 && (!exchange.Request.Query.TryGetValue("runId", out var named) || named != Samples.RunIdText))
                {
                    return exchange.RespondAsync(400, "application/json", Samples.Error(400, "invalid UUID: ''"));
                }

                var index = Interlocked.Increment(ref next);
                return index < streams.Length
                    ? streams[index](exchange)
                    : exchange.RespondAsync(500, "text/plain", $"unscripted stream request #{index + 1}");
            }

            return exchange.Request.Path == RunPath && runStatus is not null
                ? exchange.RespondAsync(200, "application/json", Samples.RunDetails(runStatus))
                : exchange.RespondAsync(404, "text/plain", "");
        };
    }

    protected static Func<LoopbackExchange, Task> Stream(params string[] frames) => async exchange =>
    {
        await exchange.StartEventStreamAsync();
        foreach (var frame in frames)
        {
            await exchange.SendAsync(frame);
        }

        await exchange.EndAsync();
    };

    /// <summary>Like the server: replays the frames whose sequence number is at least the request's <c>since</c>, then closes.</summary>
    protected static Func<LoopbackExchange, Task> Replay(params string[] frames) => exchange =>
    {
        var since = exchange.Request.Query.TryGetValue("since", out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : 0;
        return Stream([.. frames.Where(frame => SequenceOf(frame) >= since)])(exchange);
    };

    /// <summary>
    /// The payload's sequence number (a number or a numeric string): 0.13 frames have no <c>id:</c> line, and the server
    /// replays by journal position (docs/server-api.md §10.1, §10.3).
    /// </summary>
    protected static long SequenceOf(string frame)
    {
        var data = frame.Split('\n').Single(line => line.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
        var value = JsonNode.Parse(data)!["sequenceNumber"]!;
        return value.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? long.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture)
            : value.GetValue<long>();
    }

    protected StepflowClient ClientFor(LoopbackServer server) =>
        new(server.Url, new StepflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(10), ApiGeneration = Generation });

    protected static string Cut(string frame) => frame[..(frame.IndexOf("data: ", StringComparison.Ordinal) + 30)];

    /// <summary>The content type this generation sends its service errors with (docs/server-api.md §3.1–§3.2).</summary>
    protected string ErrorContentType => OnWire("text/plain; charset=utf-8", "application/json");

    /// <summary>The stream requests must name the run in the query on 0.12/0.13 (docs/server-api.md §10.4).</summary>
    protected void AssertRunNamed(IEnumerable<LoopbackRequest> requests)
    {
        if (!Is011)
        {
            Assert.All(requests, r => Assert.Equal(Samples.RunIdText, r.Query["runId"]));
        }
    }

    public enum CutStyle
    {
        ResetChunked,
        ResetUnframed,
        CleanCloseUnframed,
    }

    [Theory]
    [InlineData(CutStyle.ResetChunked)]
    [InlineData(CutStyle.ResetUnframed)]
    [InlineData(CutStyle.CleanCloseUnframed)]
    public async Task Stream_cut_mid_event_resumes_from_the_last_id_and_delivers_every_event_once(CutStyle style)
    {
        var delivered = new Delivered();
        await using var server = new LoopbackServer(Route(null,
            async first =>
            {
                await first.StartEventStreamAsync(chunked: style == CutStyle.ResetChunked);
                await first.SendAsync(Frames.RunCreated() + Frames.StepsNeeded() + Frames.StepStarted());
                await delivered.WhenAtLeastAsync(3);
                await first.SendAsync(Cut(Frames.StepCompleted()));
                await Task.Delay(50);
                if (style == CutStyle.CleanCloseUnframed)
                {
                    await first.EndAsync();
                }
                else
                {
                    first.Abort();
                }
            },
            Replay(Frames.Typical)));
        using var client = ClientFor(server);

        var events = await delivered.ConsumeAsync(client.StreamEventsAsync(Samples.RunId, Fast()), server.Stopping);

        // 0.13 has no item_completed, so its typical run ends at 4 (docs/server-api.md §10.2).
        Assert.Equal(OnWire<long[]>([0L, 1, 2, 3, 4, 5], [0L, 1, 2, 3, 4]), events.Select(e => e.SequenceNumber));
        Assert.IsType<StepCompletedEvent>(events[3]);
        var requests = server.RequestsEndingWith(EventsSuffix);
        Assert.Equal(2, requests.Count);
        Assert.False(requests[0].Query.ContainsKey("since"));
        Assert.Equal("2", requests[1].Query["since"]);
        Assert.All(requests, r =>
        {
            Assert.Equal("text/event-stream", r.Headers["Accept"]);
            // The server ignores Last-Event-ID; resuming is done with since alone.
            Assert.False(r.Headers.ContainsKey("Last-Event-ID"));
        });
        AssertRunNamed(requests);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Cut_inside_a_batch_sharing_one_id_delivers_the_rest_of_the_batch_and_nothing_twice()
    {
        var delivered = new Delivered();
        await using var server = new LoopbackServer(Route(null,
            async first =>
            {
                await first.StartEventStreamAsync();
                await first.SendAsync(Frames.RunCreated() + Frames.StepsNeeded() + Frames.StepReady(2, 0, "hello"));
                await delivered.WhenAtLeastAsync(3);
                await first.SendAsync(Cut(Frames.StepReady(2, 1, "bye")));
                await Task.Delay(50);
                first.Abort();
            },
            // The replay from id 2 repeats the whole batch.
            Replay(Frames.RunCreated(), Frames.StepsNeeded(), Frames.StepReady(2, 0, "hello"), Frames.StepReady(2, 1, "bye"),
                Frames.StepStarted(3), Frames.RunCompleted(4))));
        using var client = ClientFor(server);

        var events = await delivered.ConsumeAsync(client.StreamEventsAsync(Samples.RunId, Fast()), server.Stopping);

        Assert.Equal([0L, 1, 2, 2, 3, 4], events.Select(e => e.SequenceNumber));
        Assert.Equal(["hello", "bye"], events.OfType<StepReadyEvent>().Select(e => e.StepId));
        var requests = server.RequestsEndingWith(EventsSuffix);
        Assert.Equal(2, requests.Count);
        Assert.Equal("2", requests[1].Query["since"]);
        AssertRunNamed(requests);
        Assert.Equal(2, server.Requests.Count);
    }

    /// <summary>How the first connection ends inside the group of events that share sequence number 2.</summary>
    public enum GroupCut
    {
        /// <summary>A chunk holding the next event is announced, part of it sent, then the connection is reset.</summary>
        ResetInsideAChunk,

        /// <summary>The connection is reset right after a whole event.</summary>
        ResetBetweenEvents,

        /// <summary>The server ends the answer properly (final chunk) right after a whole event.</summary>
        CleanCloseBetweenEvents,

        /// <summary>Part of the next event is sent as a whole chunk, then the answer is ended properly.</summary>
        CleanCloseInsideAnEvent,
    }

    [Theory]
    [InlineData(GroupCut.ResetInsideAChunk, 2)]
    [InlineData(GroupCut.ResetBetweenEvents, 2)]
    [InlineData(GroupCut.CleanCloseBetweenEvents, 2)]
    [InlineData(GroupCut.CleanCloseInsideAnEvent, 2)]
    [InlineData(GroupCut.ResetInsideAChunk, 1)]
    [InlineData(GroupCut.CleanCloseBetweenEvents, 1)]
    public async Task A_dropped_connection_inside_a_group_sharing_one_sequence_number_yields_every_event_exactly_once(GroupCut cut, int deliveredOfGroup)
    {
        // One journal entry that fans out into three events with one number (three items' steps started together,
        // docs/server-api.md §10.3). The resumed connection asks since=2, inclusive, so the server repeats the whole
        // group; the client must skip the ones it delivered and deliver the rest. The replay writes the group's JSON
        // with its keys in another order, as a 0.13 server may (§10.3): recognising them must not depend on bytes.
        string[] group = [Frames.StepStarted(2, itemIndex: 0), Frames.StepStarted(2, itemIndex: 1), Frames.StepStarted(2, itemIndex: 2)];
        var runCreated = Frames.Event(0, "run_created", $"\"flowId\":\"{Samples.FlowId}\",\"itemCount\":3");
        string[] before = [runCreated, Frames.StepsNeeded()];
        string[] after = [Frames.StepCompleted(3), Frames.RunCompleted(4)];
        var delivered = new Delivered();
        var deliveredBeforeCut = before.Length + deliveredOfGroup;
        var next = group[deliveredOfGroup];
        var deliveredAtCut = -1;
        await using var server = new LoopbackServer(Route(null,
            async first =>
            {
                await first.StartEventStreamAsync();
                foreach (var frame in before.Concat(group.Take(deliveredOfGroup)))
                {
                    await first.SendAsync(frame);
                }

                // Cut only once the consumer has every event sent so far: exactly these must not come again.
                await delivered.WhenAtLeastAsync(deliveredBeforeCut);
                deliveredAtCut = delivered.Items.Count;
                switch (cut)
                {
                    case GroupCut.ResetInsideAChunk:
                        await first.SendChunkPrefixAsync(next, next.Length / 2);
                        await Task.Delay(50);
                        first.Abort();
                        break;
                    case GroupCut.ResetBetweenEvents:
                        first.Abort();
                        break;
                    case GroupCut.CleanCloseBetweenEvents:
                        await first.EndAsync();
                        break;
                    case GroupCut.CleanCloseInsideAnEvent:
                        await first.SendAsync(Cut(next));
                        await first.EndAsync();
                        break;
                }
            },
            Replay([.. before, .. group.Select(Reordered), .. after])));
        using var client = ClientFor(server);

        var events = await delivered.ConsumeAsync(client.StreamEventsAsync(Samples.RunId, Fast()), server.Stopping);

        Assert.Equal(deliveredBeforeCut, deliveredAtCut);
        Assert.Equal(
            [("run_created", -1, 0L), ("steps_needed", 0, 1L), ("step_started", 0, 2L), ("step_started", 1, 2L), ("step_started", 2, 2L),
             ("step_completed", 0, 3L), ("run_completed", -1, 4L)],
            events.Select(e => (e.EventType, e is StepStartedEvent s ? s.ItemIndex : e is StepsNeededEvent n ? n.ItemIndex : e is StepCompletedEvent c ? c.ItemIndex : -1,
                e.SequenceNumber)));
        Assert.Equal([0, 1, 2], events.OfType<StepStartedEvent>().Select(e => e.ItemIndex));
        Assert.Equal(3, events.Count(e => e.SequenceNumber == 2));
        var requests = server.RequestsEndingWith(EventsSuffix);
        Assert.Equal(2, requests.Count);
        Assert.False(requests[0].Query.ContainsKey("since"));
        // Resumed at the group's own number, from the payload (0.13 sends no id: lines).
        Assert.Equal("2", requests[1].Query["since"]);
        AssertRunNamed(requests);
        // No status check: the cut was a broken connection, and the run's completion ended the stream.
        Assert.Equal(2, server.Requests.Count);
    }

    /// <summary>The same frame with every JSON object's keys in reverse order and spaces after the separators.</summary>
    protected static string Reordered(string frame) => string.Join('\n', frame.Split('\n').Select(line =>
        line.StartsWith("data: ", StringComparison.Ordinal) ? "data: " + Reverse(JsonNode.Parse(line["data: ".Length..])) : line));

    private static string Reverse(JsonNode? node) => node switch
    {
        JsonObject obj => "{ " + string.Join(", ", obj.Reverse().Select(p => $"\"{p.Key}\": {Reverse(p.Value)}")) + " }",
        JsonArray array => "[ " + string.Join(", ", array.Select(Reverse)) + " ]",
        null => "null",
        _ => node.ToJsonString(),
    };

    [Fact]
    public async Task Malformed_event_json_is_treated_as_a_torn_connection_and_resumed()
    {
        var malformed = OnWire(
            "id: 2\nevent: step_started\ndata: {\"sequenceNumber\":2,\"timest\n\n",
            "data: {\"sequenceNumber\":2,\"timest\n\n");
        await using var server = new LoopbackServer(Route(null,
            Stream(Frames.RunCreated(), Frames.StepsNeeded(), malformed),
            Replay(Frames.RunCreated(), Frames.StepsNeeded(), Frames.StepStarted(), Frames.RunCompleted(3))));
        using var client = ClientFor(server);

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), server.Stopping);

        Assert.Equal([0L, 1, 2, 3], events.Select(e => e.SequenceNumber));
        var requests = server.RequestsEndingWith(EventsSuffix);
        Assert.Equal(2, requests.Count);
        Assert.Equal("1", requests[1].Query["since"]);
        AssertRunNamed(requests);
    }

    [Fact]
    public async Task Idle_stream_of_a_cancelled_run_ends_after_the_status_check_and_a_final_pass()
    {
        // A run cancelled through the API never journals run_completed (0.13: not until its execution finishes), so the
        // server never closes (docs/server-api.md §10.5).
        await using var server = new LoopbackServer(Route("cancelled",
            async first =>
            {
                await first.StartEventStreamAsync();
                await first.SendAsync(Frames.RunCreated() + Frames.StepsNeeded());
                await first.HoldAsync();
            },
            async drain =>
            {
                await drain.StartEventStreamAsync();
                await drain.SendAsync(Frames.StepsNeeded());
                await drain.HoldAsync();
            }));
        using var client = ClientFor(server);
        client.EventDrainWindow = TimeSpan.FromMilliseconds(300);
        var options = Fast();
        options.IdleTimeout = TimeSpan.FromMilliseconds(300);

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, options), server.Stopping);

        Assert.Equal([0L, 1], events.Select(e => e.SequenceNumber));
        var requests = server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.EndsWith(EventsSuffix, requests[0].Path, StringComparison.Ordinal);
        Assert.Equal(RunPath, requests[1].Path);
        Assert.EndsWith(EventsSuffix, requests[2].Path, StringComparison.Ordinal);
        Assert.Equal("1", requests[2].Query["since"]);
        AssertRunNamed(server.RequestsEndingWith(EventsSuffix));
    }

    [Fact]
    public async Task A_stream_that_only_sends_keep_alives_is_idle_and_leads_to_the_status_check()
    {
        // Keep-alive comments are not events: they must not restart the idle timer, or a stream that will never see
        // run_completed (a cancelled run on 0.13 whose execution goes on) would hang (docs/server-api.md §10.1, §10.5).
        // They come several times per idle window here, on the stream and on the final pass alike.
        async Task KeepAlivesOnly(LoopbackExchange exchange, string firstFrames)
        {
            await exchange.StartEventStreamAsync();
            await exchange.SendAsync(firstFrames);
            // Until the client goes away (a write then fails) or, at the latest, just before the server stops.
            for (var i = 0; i < 250; i++)
            {
                await exchange.SendAsync(Frames.KeepAlive);
                await Task.Delay(100);
            }
        }

        await using var server = new LoopbackServer(Route("cancelled",
            first => KeepAlivesOnly(first, Frames.RunCreated() + Frames.StepsNeeded()),
            drain => KeepAlivesOnly(drain, Frames.StepsNeeded())));
        using var client = ClientFor(server);
        client.EventDrainWindow = TimeSpan.FromMilliseconds(600);
        var options = Fast(maxReconnectAttempts: 0);
        options.IdleTimeout = TimeSpan.FromMilliseconds(600);

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, options), server.Stopping);

        Assert.Equal([0L, 1], events.Select(e => e.SequenceNumber));
        Assert.Equal([typeof(RunCreatedEvent), typeof(StepsNeededEvent)], events.Select(e => e.GetType()));
        var requests = server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.EndsWith(EventsSuffix, requests[0].Path, StringComparison.Ordinal);
        Assert.Equal(RunPath, requests[1].Path);
        Assert.EndsWith(EventsSuffix, requests[2].Path, StringComparison.Ordinal);
        Assert.Equal("1", requests[2].Query["since"]);
    }

    [Fact]
    public async Task Idle_stream_of_a_running_run_reconnects_without_using_up_reconnect_attempts()
    {
        await using var server = new LoopbackServer(Route("running",
            async first =>
            {
                await first.StartEventStreamAsync();
                await first.SendAsync(Frames.RunCreated() + Frames.StepsNeeded());
                await first.HoldAsync();
            },
            Replay(Frames.RunCreated(), Frames.StepsNeeded(), Frames.StepStarted(), Frames.RunCompleted(3))));
        using var client = ClientFor(server);
        var options = Fast(maxReconnectAttempts: 0);
        options.IdleTimeout = TimeSpan.FromMilliseconds(300);

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, options), server.Stopping);

        Assert.Equal([0L, 1, 2, 3], events.Select(e => e.SequenceNumber));
        Assert.Equal(3, server.Requests.Count);
        Assert.Single(server.Requests, r => r.Path == RunPath);
        Assert.Equal("1", server.RequestsEndingWith(EventsSuffix)[1].Query["since"]);
        AssertRunNamed(server.RequestsEndingWith(EventsSuffix));
    }

    [Fact]
    public async Task A_consumer_slower_than_the_idle_timeout_is_not_taken_for_silence()
    {
        // The first read waits for the network (the idle timer runs). The consumer then pauses longer than the
        // idle window, while the rest arrives: the window must not go on running during that pause. The window is
        // wide (1 s, each pause 1.4 s) so that a loaded machine's scheduling delays are not taken for silence.
        await using var server = new LoopbackServer(Route("running", async exchange =>
        {
            await exchange.StartEventStreamAsync();
            await Task.Delay(50);
            await exchange.SendAsync(Frames.RunCreated());
            await Task.Delay(200);
            await exchange.SendAsync(Frames.StepsNeeded() + Frames.RunCompleted(2));
            await exchange.HoldAsync();
        }));
        using var client = ClientFor(server);
        var options = Fast(maxReconnectAttempts: 0);
        options.IdleTimeout = TimeSpan.FromSeconds(1);

        var events = new List<RunEvent>();
        await foreach (var runEvent in client.StreamEventsAsync(Samples.RunId, options).WithCancellation(server.Stopping))
        {
            events.Add(runEvent);
            await Task.Delay(1400);
        }

        Assert.Equal([0L, 1, 2], events.Select(e => e.SequenceNumber));
        // No status check and no reconnection: one request in all.
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Request_timeout_does_not_cut_a_stream_that_keeps_delivering()
    {
        await using var server = new LoopbackServer(Route(null, async exchange =>
        {
            await exchange.StartEventStreamAsync();
            foreach (var frame in Frames.Typical)
            {
                await exchange.SendAsync(frame);
                await Task.Delay(300);
            }

            await exchange.EndAsync();
        }));
        using var client = new StepflowClient(server.Url, new StepflowClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(500), ApiGeneration = Generation });

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast(maxReconnectAttempts: 0)), server.Stopping);

        Assert.Equal(Frames.Typical.Length, events.Count);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Connection_refused_on_every_reconnect_raises_TransportException_after_MaxReconnectAttempts()
    {
        LoopbackServer? self = null;
        var delivered = new Delivered();
        await using var server = new LoopbackServer(Route(null, async first =>
        {
            await first.StartEventStreamAsync();
            await first.SendAsync(Frames.RunCreated() + Frames.StepsNeeded());
            await delivered.WhenAtLeastAsync(2);
            self!.StopListening();
            first.Abort();
        }));
        self = server;
        var counter = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new StepflowClient(http, server.Url, new StepflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(5), ApiGeneration = Generation });

        var error = await Assert.ThrowsAsync<StepflowTransportException>(
            () => delivered.ConsumeAsync(client.StreamEventsAsync(Samples.RunId, Fast(maxReconnectAttempts: 3)), server.Stopping));

        Assert.Equal([0L, 1], delivered.Items.Select(e => e.SequenceNumber));
        Assert.Equal(4, counter.Sends);
        Assert.Single(server.Requests);
        var last = Assert.IsType<StepflowTransportException>(error.InnerException);
        Assert.IsType<HttpRequestException>(last.InnerException);
        Assert.Contains("3 attempt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_404_on_reconnect_is_raised_mapped_and_not_retried()
    {
        var delivered = new Delivered();
        await using var server = new LoopbackServer(Route(null,
            async first =>
            {
                await first.StartEventStreamAsync();
                await first.SendAsync(Frames.RunCreated());
                await delivered.WhenAtLeastAsync(1);
                first.Abort();
            },
            second => second.RespondAsync(404, ErrorContentType, Samples.ErrorNotFound)));
        using var client = ClientFor(server);

        var error = await Assert.ThrowsAsync<StepflowNotFoundException>(
            () => delivered.ConsumeAsync(client.StreamEventsAsync(Samples.RunId, Fast()), server.Stopping));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Single(delivered.Items);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Http_503_on_reconnect_counts_as_a_failed_attempt_and_the_next_attempt_resumes()
    {
        var delivered = new Delivered();
        await using var server = new LoopbackServer(Route(null,
            async first =>
            {
                await first.StartEventStreamAsync();
                await first.SendAsync(Frames.RunCreated() + Frames.StepsNeeded());
                await delivered.WhenAtLeastAsync(2);
                first.Abort();
            },
            second => second.RespondAsync(503, "text/plain", "busy"),
            Replay(Frames.RunCreated(), Frames.StepsNeeded(), Frames.StepStarted(), Frames.RunCompleted(3))));
        using var client = ClientFor(server);

        var events = await delivered.ConsumeAsync(client.StreamEventsAsync(Samples.RunId, Fast(maxReconnectAttempts: 2)), server.Stopping);

        Assert.Equal([0L, 1, 2, 3], events.Select(e => e.SequenceNumber));
        var requests = server.RequestsEndingWith(EventsSuffix);
        Assert.Equal(3, requests.Count);
        Assert.Equal("1", requests[1].Query["since"]);
        Assert.Equal("1", requests[2].Query["since"]);
        AssertRunNamed(requests);
    }

    [Fact]
    public async Task Cancelling_the_token_mid_stream_raises_OperationCanceled_and_closes_the_connection()
    {
        var closedByClient = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LoopbackServer(Route(null, async exchange =>
        {
            await exchange.StartEventStreamAsync();
            await exchange.SendAsync(Frames.RunCreated() + Frames.StepsNeeded());
            closedByClient.TrySetResult(await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(10)));
        }));
        using var client = ClientFor(server);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(server.Stopping);
        var delivered = new List<RunEvent>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in client.StreamEventsAsync(Samples.RunId, Fast()).WithCancellation(cancel.Token))
            {
                delivered.Add(item);
                if (delivered.Count == 2)
                {
                    // Cancel while the client waits on the silent connection.
                    cancel.CancelAfter(200);
                }
            }
        });

        Assert.Equal(2, delivered.Count);
        Assert.True(cancel.IsCancellationRequested);
        Assert.True(await closedByClient.Task.WaitAsync(TimeSpan.FromSeconds(15)), "the server never saw the connection close");
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Breaking_out_of_the_loop_closes_the_connection_at_once()
    {
        var closedByClient = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LoopbackServer(Route(null, async exchange =>
        {
            await exchange.StartEventStreamAsync();
            await exchange.SendAsync(Frames.RunCreated() + Frames.StepsNeeded());
            // Well under HttpClient's 2 s drain-on-dispose window.
            closedByClient.TrySetResult(await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(1)));
        }));
        using var client = ClientFor(server);
        RunEvent? first = null;

        await foreach (var item in client.StreamEventsAsync(Samples.RunId, Fast()).WithCancellation(server.Stopping))
        {
            first = item;
            break;
        }

        Assert.IsType<RunCreatedEvent>(first);
        Assert.True(await closedByClient.Task.WaitAsync(TimeSpan.FromSeconds(15)), "the connection stayed open after the enumerator was disposed");
        Assert.Single(server.Requests);
    }

    /// <summary>What the consumer has received so far, so a server script can cut only after delivery.</summary>
    protected sealed class Delivered
    {
        private readonly List<RunEvent> _items = [];

        public IReadOnlyList<RunEvent> Items
        {
            get
            {
                lock (_items)
                {
                    return [.. _items];
                }
            }
        }

        public async Task<IReadOnlyList<RunEvent>> ConsumeAsync(IAsyncEnumerable<RunEvent> events, CancellationToken cancellationToken)
        {
            await foreach (var item in events.WithCancellation(cancellationToken))
            {
                lock (_items)
                {
                    _items.Add(item);
                }
            }

            return Items;
        }

        public async Task WhenAtLeastAsync(int count)
        {
            for (var i = 0; i < 1000 && Items.Count < count; i++)
            {
                await Task.Delay(10);
            }
        }
    }

    protected sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _sends;

        public int Sends => _sends;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sends);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class EventStreamResumeTestsOn011() : EventStreamResumeTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API, with the behaviour only that API has.</summary>
public sealed class EventStreamResumeTestsOn013() : EventStreamResumeTests(StepflowApiGeneration.V012)
{
    [Fact]
    public async Task Resuming_starts_at_the_payloads_sequence_number_also_as_a_numeric_string_since_frames_have_no_id_lines_on_013()
    {
        // 0.13 frames carry only data: (docs/server-api.md §10.1); a server that follows its document writes the number as a string (§4.2).
        string[] journal =
        [
            EventStreamTestsOn013.WithStringSequence(Frames.RunCreated(), 0), EventStreamTestsOn013.WithStringSequence(Frames.StepsNeeded(), 1),
            EventStreamTestsOn013.WithStringSequence(Frames.StepStarted(), 2), EventStreamTestsOn013.WithStringSequence(Frames.StepCompleted(), 3),
            EventStreamTestsOn013.WithStringSequence(Frames.RunCompleted(4), 4),
        ];
        Assert.All(journal, frame => Assert.All(frame.Split('\n'), line => Assert.False(line.StartsWith("id:", StringComparison.Ordinal), line)));
        var delivered = new Delivered();
        await using var server = new LoopbackServer(Route(null,
            async first =>
            {
                await first.StartEventStreamAsync();
                await first.SendAsync(journal[0] + journal[1] + journal[2]);
                await delivered.WhenAtLeastAsync(3);
                await first.SendAsync(Cut(journal[3]));
                await Task.Delay(50);
                first.Abort();
            },
            Replay(journal)));
        using var client = ClientFor(server);

        var events = await delivered.ConsumeAsync(client.StreamEventsAsync(Samples.RunId, Fast()), server.Stopping);

        Assert.Equal([0L, 1, 2, 3, 4], events.Select(e => e.SequenceNumber));
        Assert.Single(events.OfType<StepStartedEvent>());
        var requests = server.RequestsEndingWith(EventsSuffix);
        Assert.Equal(2, requests.Count);
        Assert.Equal("2", requests[1].Query["since"]);
        AssertRunNamed(requests);
    }

    [Fact]
    public async Task A_client_side_filter_ends_at_the_runs_completion_although_it_is_filtered_out_and_the_connection_stays_open_on_013()
    {
        // 0.13 cannot filter by type, so the client does (docs/server-api.md §10.4) and still sees run_completed: the stream
        // ends there, not at the server's close. The connection is held open after it to prove that; a client that
        // waited for the close would idle, check the run (answered 404 here) and fail.
        await using var server = new LoopbackServer(Route(null, async exchange =>
        {
            await exchange.StartEventStreamAsync();
            await exchange.SendAsync(EventFrames.Body(Frames.Typical));
            await exchange.HoldAsync();
        }));
        using var client = ClientFor(server);
        var options = Fast(maxReconnectAttempts: 0);
        options.EventTypes = [RunEventTypes.StepStarted, RunEventTypes.StepCompleted];

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, options), server.Stopping);

        Assert.Equal([typeof(StepStartedEvent), typeof(StepCompletedEvent)], events.Select(e => e.GetType()));
        Assert.Equal([2L, 3], events.Select(e => e.SequenceNumber));
        var request = Assert.Single(server.Requests);
        Assert.False(request.Query.ContainsKey("eventTypes"));
        AssertRunNamed([request]);
    }
}
