using System.Globalization;
using Stepflow.Client.Tests.Infrastructure;
using static Stepflow.Client.Tests.Events.EventSamples;
using static Stepflow.Client.Tests.Events.EventStreamTests;

namespace Stepflow.Client.Tests.Events;

/// <summary>Faults on a real socket: cuts mid-event, silence, refused reconnects, cancellation.</summary>
public sealed class EventStreamResumeTests
{
    private const string EventsSuffix = $"/runs/{Samples.RunIdText}/events";
    private const string RunPath = $"/api/v1/runs/{Samples.RunIdText}";

    private static EventStreamOptions Fast(int maxReconnectAttempts = 5) => new()
    {
        ReconnectDelay = TimeSpan.FromMilliseconds(10),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(50),
        IdleTimeout = TimeSpan.FromSeconds(10),
        MaxReconnectAttempts = maxReconnectAttempts,
    };

    /// <summary>
    /// Answers <c>/events</c> with the next script, <c>GET /runs/{id}</c> with <paramref name="runStatus"/>,
    /// anything else with 404. Unscripted extra stream requests get a 500 naming the problem.
    /// </summary>
    private static Func<LoopbackExchange, Task> Route(string? runStatus, params Func<LoopbackExchange, Task>[] streams)
    {
        var next = -1;
        return exchange =>
        {
            if (exchange.Request.Path.EndsWith(EventsSuffix, StringComparison.Ordinal))
            {
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

    private static Func<LoopbackExchange, Task> Stream(params string[] frames) => async exchange =>
    {
        await exchange.StartEventStreamAsync();
        foreach (var frame in frames)
        {
            await exchange.SendAsync(frame);
        }

        await exchange.EndAsync();
    };

    /// <summary>Like the server: replays the frames whose id is at least the request's <c>since</c>, then closes.</summary>
    private static Func<LoopbackExchange, Task> Replay(params string[] frames) => exchange =>
    {
        var since = exchange.Request.Query.TryGetValue("since", out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : 0;
        return Stream([.. frames.Where(frame => IdOf(frame) >= since)])(exchange);
    };

    private static long IdOf(string frame) =>
        long.Parse(frame["id: ".Length..frame.IndexOf('\n', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    private static StepflowClient ClientFor(LoopbackServer server) =>
        new(server.Url, new StepflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(10), ApiGeneration = StepflowApiGeneration.V011 });

    private static string Cut(string frame) => frame[..(frame.IndexOf("data: ", StringComparison.Ordinal) + 30)];

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
                await first.SendAsync(RunCreated() + StepsNeeded() + StepStarted());
                await delivered.WhenAtLeastAsync(3);
                await first.SendAsync(Cut(StepCompleted()));
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
            Replay(E14)));
        using var client = ClientFor(server);

        var events = await delivered.ConsumeAsync(client.StreamEventsAsync(Samples.RunId, Fast()), server.Stopping);

        Assert.Equal([0L, 1, 2, 3, 4, 5], events.Select(e => e.SequenceNumber));
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
                await first.SendAsync(RunCreated() + StepsNeeded() + StepReady(2, 0, "hello"));
                await delivered.WhenAtLeastAsync(3);
                await first.SendAsync(Cut(StepReady(2, 1, "bye")));
                await Task.Delay(50);
                first.Abort();
            },
            // The replay from id 2 repeats the whole batch.
            Replay(RunCreated(), StepsNeeded(), StepReady(2, 0, "hello"), StepReady(2, 1, "bye"), StepStarted(3), RunCompleted(4))));
        using var client = ClientFor(server);

        var events = await delivered.ConsumeAsync(client.StreamEventsAsync(Samples.RunId, Fast()), server.Stopping);

        Assert.Equal([0L, 1, 2, 2, 3, 4], events.Select(e => e.SequenceNumber));
        Assert.Equal(["hello", "bye"], events.OfType<StepReadyEvent>().Select(e => e.StepId));
        var requests = server.RequestsEndingWith(EventsSuffix);
        Assert.Equal(2, requests.Count);
        Assert.Equal("2", requests[1].Query["since"]);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Malformed_event_json_is_treated_as_a_torn_connection_and_resumed()
    {
        await using var server = new LoopbackServer(Route(null,
            Stream(RunCreated(), StepsNeeded(), Frame(2, "step_started", "{\"sequenceNumber\":2,\"timest")),
            Replay(RunCreated(), StepsNeeded(), StepStarted(), RunCompleted(3))));
        using var client = ClientFor(server);

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast()), server.Stopping);

        Assert.Equal([0L, 1, 2, 3], events.Select(e => e.SequenceNumber));
        var requests = server.RequestsEndingWith(EventsSuffix);
        Assert.Equal(2, requests.Count);
        Assert.Equal("1", requests[1].Query["since"]);
    }

    [Fact]
    public async Task Idle_stream_of_a_cancelled_run_ends_after_the_status_check_and_a_final_pass()
    {
        // A run cancelled through the API never journals run_completed, so the server never closes.
        await using var server = new LoopbackServer(Route("cancelled",
            async first =>
            {
                await first.StartEventStreamAsync();
                await first.SendAsync(RunCreated() + StepsNeeded());
                await first.HoldAsync();
            },
            async drain =>
            {
                await drain.StartEventStreamAsync();
                await drain.SendAsync(StepsNeeded());
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
    }

    [Fact]
    public async Task Idle_stream_of_a_running_run_reconnects_without_using_up_reconnect_attempts()
    {
        await using var server = new LoopbackServer(Route("running",
            async first =>
            {
                await first.StartEventStreamAsync();
                await first.SendAsync(RunCreated() + StepsNeeded());
                await first.HoldAsync();
            },
            Replay(RunCreated(), StepsNeeded(), StepStarted(), RunCompleted(3))));
        using var client = ClientFor(server);
        var options = Fast(maxReconnectAttempts: 0);
        options.IdleTimeout = TimeSpan.FromMilliseconds(300);

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, options), server.Stopping);

        Assert.Equal([0L, 1, 2, 3], events.Select(e => e.SequenceNumber));
        Assert.Equal(3, server.Requests.Count);
        Assert.Single(server.Requests, r => r.Path == RunPath);
        Assert.Equal("1", server.RequestsEndingWith(EventsSuffix)[1].Query["since"]);
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
            await exchange.SendAsync(RunCreated());
            await Task.Delay(200);
            await exchange.SendAsync(StepsNeeded() + RunCompleted(2));
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
            foreach (var frame in E14)
            {
                await exchange.SendAsync(frame);
                await Task.Delay(300);
            }

            await exchange.EndAsync();
        }));
        using var client = new StepflowClient(server.Url, new StepflowClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(500), ApiGeneration = StepflowApiGeneration.V011 });

        var events = await CollectAsync(client.StreamEventsAsync(Samples.RunId, Fast(maxReconnectAttempts: 0)), server.Stopping);

        Assert.Equal(6, events.Count);
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
            await first.SendAsync(RunCreated() + StepsNeeded());
            await delivered.WhenAtLeastAsync(2);
            self!.StopListening();
            first.Abort();
        }));
        self = server;
        var counter = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new StepflowClient(http, server.Url, new StepflowClientOptions { RequestTimeout = TimeSpan.FromSeconds(5), ApiGeneration = StepflowApiGeneration.V011 });

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
                await first.SendAsync(RunCreated());
                await delivered.WhenAtLeastAsync(1);
                first.Abort();
            },
            second => second.RespondAsync(404, "text/plain; charset=utf-8", Samples.ErrorNotFound)));
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
                await first.SendAsync(RunCreated() + StepsNeeded());
                await delivered.WhenAtLeastAsync(2);
                first.Abort();
            },
            second => second.RespondAsync(503, "text/plain", "busy"),
            Replay(RunCreated(), StepsNeeded(), StepStarted(), RunCompleted(3))));
        using var client = ClientFor(server);

        var events = await delivered.ConsumeAsync(client.StreamEventsAsync(Samples.RunId, Fast(maxReconnectAttempts: 2)), server.Stopping);

        Assert.Equal([0L, 1, 2, 3], events.Select(e => e.SequenceNumber));
        var requests = server.RequestsEndingWith(EventsSuffix);
        Assert.Equal(3, requests.Count);
        Assert.Equal("1", requests[1].Query["since"]);
        Assert.Equal("1", requests[2].Query["since"]);
    }

    [Fact]
    public async Task Cancelling_the_token_mid_stream_raises_OperationCanceled_and_closes_the_connection()
    {
        var closedByClient = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LoopbackServer(Route(null, async exchange =>
        {
            await exchange.StartEventStreamAsync();
            await exchange.SendAsync(RunCreated() + StepsNeeded());
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
            await exchange.SendAsync(RunCreated() + StepsNeeded());
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
    private sealed class Delivered
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

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
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
