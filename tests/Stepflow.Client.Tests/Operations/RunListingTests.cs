using Stepflow.Client.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Stepflow.Client.Tests.Infrastructure.RequestInspection;

namespace Stepflow.Client.Tests.Operations;

/// <summary>ListRunsAsync (one page, filters, limit/offset) and GetAllRunsAsync (paging), on every server generation.</summary>
public abstract class RunListingTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    private static readonly Guid[] RunIds = [.. Enumerable.Range(1, 6).Select(i => Guid.Parse($"0195b3c2-5a1e-7c3d-9a41-00000000000{i}"))];

    /// <summary>
    /// A listed run. 0.11 always sends flowName and completedAt (maybe null); 0.13 leaves them out when unset, writes the
    /// status as its integer and, in listings, includes orchestratorId and finishedAtSeqno once finished (docs/server-api.md §8.2, §8.10).
    /// </summary>
    private string Run(Guid runId, string status = "completed", string? flowName = "greet", string? completedAt = "2026-03-20T20:15:03Z")
    {
        if (Is011)
        {
            return $$"""
                {"runId":"{{runId}}","flowId":"{{Samples.FlowId}}","flowName":{{Json(flowName)}},"status":"{{status}}",
                "items":{"total":1,"completed":1,"running":0,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02Z",
                "completedAt":{{Json(completedAt)}},"rootRunId":"{{runId}}","createdAtSeqno":0}
                """;
        }

        var name = flowName is null ? string.Empty : $",\"flowName\":{Json(flowName)}";
        var end = completedAt is null ? string.Empty : $",\"completedAt\":{Json(completedAt)}";
        var finished = status == "running" ? string.Empty : ",\"orchestratorId\":\"stepflow-host-1\",\"finishedAtSeqno\":4";
        return $$"""
            {"runId":"{{runId}}","flowId":"{{Samples.FlowId}}"{{name}},"status":{{Samples.Status(status)}},
            "items":{"total":1,"completed":1,"running":0,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02Z"{{end}},
            "rootRunId":"{{runId}}","createdAtSeqno":0{{finished}}}
            """;
    }

    private static string Json(string? value) => value is null ? "null" : System.Text.Json.JsonSerializer.Serialize(value);

    private string Page(params Guid[] runIds) => $$"""{"runs":[{{string.Join(',', runIds.Select(id => Run(id)))}}]}""";

    /// <summary>The status filter as the query carries it: 0.11 the name, 0.13 the integer (docs/server-api.md §8.10).</summary>
    private string StatusQuery(string name) => OnWire(name, V013Samples.StatusNumber(name));

    /// <summary>Answers <c>GET /runs?offset=N</c> with the given runs.</summary>
    private void PageAt(int offset, params Guid[] runIds) =>
        Server.Server
            .Given(Request.Create().WithPath("/api/v1/runs").UsingGet().WithParam("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Page(runIds)));

    [Fact]
    public async Task ListRunsAsync_without_a_query_sends_no_parameters_and_returns_the_runs()
    {
        Server.Json("GET", "/runs", $$"""{"runs":[{{Run(RunIds[0], "running", flowName: null, completedAt: null)}},{{Run(RunIds[1], "failed")}}]}""");
        using var client = Server.Client();

        var runs = await client.ListRunsAsync(cancellationToken: Server.Timeout);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/api/v1/runs"), (request.Method, request.Path));
        Assert.Empty(QueryOf(request));
        Assert.Equal(2, runs.Count);
        Assert.Equal(RunIds[0], runs[0].RunId);
        Assert.Equal(RunStatus.Running, runs[0].Status);
        Assert.False(runs[0].IsFinished);
        Assert.Null(runs[0].FlowName);
        Assert.Null(runs[0].CompletedAt);
        Assert.Equal(RunIds[1], runs[1].RunId);
        Assert.Equal(RunStatus.Failed, runs[1].Status);
        Assert.True(runs[1].IsFinished);
        Assert.Equal("greet", runs[1].FlowName);
        Assert.Equal(Samples.FlowId, runs[1].FlowId);
        Assert.Equal(RunIds[1], runs[1].RootRunId);
        Assert.Equal(new RunItemCounts(1, 1, 0, 0, 0), runs[1].ItemCounts);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 3, TimeSpan.Zero), runs[1].CompletedAt);
        // What the answer had (the 0.11 sample has neither; 0.13 listings carry both once the run finished).
        Assert.Equal(OnWire<string?>(null, "stepflow-host-1"), runs[1].OrchestratorId);
        Assert.Equal(OnWire<long?>(null, 4), runs[1].FinishedAtSequence);
        Assert.Null(runs[0].OrchestratorId);
        Assert.Null(runs[0].FinishedAtSequence);
    }

    [Fact]
    public async Task ListRunsAsync_sends_every_filter()
    {
        Server.Json("GET", "/runs", """{"runs":[]}""");
        using var client = Server.Client();

        var runs = await client.ListRunsAsync(new RunQuery
        {
            Status = RunStatus.RecoveryFailed,
            FlowName = "greet & wave",
            RootRunId = RunIds[0],
            ParentRunId = RunIds[1],
            RootsOnly = true,
            MaxDepth = 2,
            Limit = 20,
            Offset = 40,
        }, Server.Timeout);

        Assert.Empty(runs);
        AssertQuery(Assert.Single(Server.Requests),
            ("status", StatusQuery("recoveryFailed")),
            ("flowName", "greet & wave"),
            ("rootRunId", RunIds[0].ToString()),
            ("parentRunId", RunIds[1].ToString()),
            ("rootsOnly", "true"),
            ("maxDepth", "2"),
            ("limit", "20"),
            ("offset", "40"));
    }

    [Fact]
    public async Task ListRunsAsync_does_not_send_rootsOnly_false()
    {
        Server.Json("GET", "/runs", """{"runs":[]}""");
        using var client = Server.Client();

        await client.ListRunsAsync(new RunQuery { Status = RunStatus.Completed, RootsOnly = false }, Server.Timeout);

        AssertQuery(Assert.Single(Server.Requests), ("status", StatusQuery("completed")));
    }

    [Fact]
    public async Task ListRunsAsync_with_only_an_offset_also_sends_a_limit()
    {
        Server.Json("GET", "/runs", """{"runs":[]}""");
        using var client = Server.Client();

        await client.ListRunsAsync(new RunQuery { Offset = 10 }, Server.Timeout);

        var query = QueryOf(Assert.Single(Server.Requests));
        Assert.Equal(["limit", "offset"], query.Keys);
        Assert.Equal("10", query["offset"]);
        Assert.True(long.Parse(query["limit"], System.Globalization.CultureInfo.InvariantCulture) >= int.MaxValue,
            $"limit={query["limit"]} would cut the listing short");
    }

    [Fact]
    public async Task ListRunsAsync_with_only_a_limit_sends_offset_zero()
    {
        Server.Json("GET", "/runs", $$"""{"runs":[{{Run(RunIds[0])}}]}""");
        using var client = Server.Client();

        var runs = await client.ListRunsAsync(new RunQuery { Limit = 5 }, Server.Timeout);

        AssertQuery(Assert.Single(Server.Requests), ("limit", "5"), ("offset", "0"));
        Assert.Equal(RunIds[0], Assert.Single(runs).RunId);
    }

    [Fact]
    public async Task GetAllRunsAsync_pages_with_limit_and_offset_until_a_short_page()
    {
        PageAt(0, RunIds[0], RunIds[1]);
        PageAt(2, RunIds[2], RunIds[3]);
        PageAt(4, RunIds[4]);
        using var client = Server.Client(o => o.RunsPageSize = 2);

        var runs = new List<RunSummary>();
        await foreach (var run in client.GetAllRunsAsync(new RunQuery { Status = RunStatus.Completed }, Server.Timeout))
        {
            runs.Add(run);
        }

        Assert.Equal(RunIds[..5], runs.Select(r => r.RunId));
        Assert.Equal(3, Server.Requests.Count);
        Assert.All(Server.Requests, r => Assert.Equal(("GET", "/api/v1/runs"), (r.Method, r.Path)));
        Assert.Equal(["0", "2", "4"], Server.Requests.Select(r => QueryOf(r)["offset"]));
        Assert.All(Server.Requests, r => Assert.Equal("2", QueryOf(r)["limit"]));
        Assert.All(Server.Requests, r => Assert.Equal(StatusQuery("completed"), QueryOf(r)["status"]));
    }

    [Fact]
    public async Task GetAllRunsAsync_uses_the_query_limit_as_page_size_and_starts_at_its_offset()
    {
        PageAt(3, RunIds[0], RunIds[1], RunIds[2]);
        PageAt(6, RunIds[3]);
        using var client = Server.Client();

        var runs = new List<Guid>();
        await foreach (var run in client.GetAllRunsAsync(new RunQuery { Limit = 3, Offset = 3 }, Server.Timeout))
        {
            runs.Add(run.RunId);
        }

        Assert.Equal(RunIds[..4], runs);
        Assert.Equal(["3", "6"], Server.Requests.Select(r => QueryOf(r)["offset"]));
        Assert.All(Server.Requests, r => Assert.Equal("3", QueryOf(r)["limit"]));
    }

    [Fact]
    public async Task GetAllRunsAsync_stops_at_an_empty_page_after_full_pages()
    {
        PageAt(0, RunIds[0], RunIds[1]);
        PageAt(2, RunIds[2], RunIds[3]);
        PageAt(4);
        using var client = Server.Client(o => o.RunsPageSize = 2);

        var count = 0;
        await foreach (var _ in client.GetAllRunsAsync(cancellationToken: Server.Timeout))
        {
            count++;
        }

        Assert.Equal(4, count);
        Assert.Equal(["0", "2", "4"], Server.Requests.Select(r => QueryOf(r)["offset"]));
    }

    [Fact]
    public async Task GetAllRunsAsync_yields_a_run_repeated_across_pages_once()
    {
        // A run created while paging shifts everything by one: B comes back on the second page too.
        PageAt(0, RunIds[0], RunIds[1]);
        PageAt(2, RunIds[1], RunIds[2]);
        PageAt(4, RunIds[3]);
        using var client = Server.Client(o => o.RunsPageSize = 2);

        var runs = new List<Guid>();
        await foreach (var run in client.GetAllRunsAsync(cancellationToken: Server.Timeout))
        {
            runs.Add(run.RunId);
        }

        Assert.Equal([RunIds[0], RunIds[1], RunIds[2], RunIds[3]], runs);
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task GetAllRunsAsync_sends_no_request_until_enumerated()
    {
        PageAt(0, RunIds[0]);
        using var client = Server.Client();

        var all = client.GetAllRunsAsync(cancellationToken: Server.Timeout);
        await Task.Delay(100, Server.Timeout);
        Assert.Empty(Server.Requests);

        await using var enumerator = all.GetAsyncEnumerator(Server.Timeout);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal(RunIds[0], enumerator.Current.RunId);
        Assert.False(await enumerator.MoveNextAsync());
        var request = Assert.Single(Server.Requests);
        AssertQuery(request, ("limit", "100"), ("offset", "0"));
    }

    [Fact]
    public async Task GetAllRunsAsync_with_a_zero_limit_does_not_page_forever()
    {
        Server.Json("GET", "/runs", """{"runs":[]}""");
        using var client = Server.Client();
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Server.Timeout);
        guard.CancelAfter(TimeSpan.FromSeconds(2));

        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var _ in client.GetAllRunsAsync(new RunQuery { Limit = 0 }, guard.Token))
            {
            }
        });

        // Either refused up front (like a negative limit) or one empty page; never an endless loop of limit=0 requests.
        Assert.False(guard.IsCancellationRequested, $"Still paging after 2 s: {Server.Requests.Count} requests with limit=0.");
        if (error is not null)
        {
            Assert.Equal("Limit", Assert.IsType<ArgumentOutOfRangeException>(error).ParamName);
            Assert.Empty(Server.Requests);
        }
        else
        {
            Assert.Single(Server.Requests);
        }
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class RunListingTestsOn011() : RunListingTests(StepflowApiGeneration.V011)
{
    [Fact]
    public async Task ListRunsAsync_sends_a_status_unknown_to_the_SDK_by_its_name()
    {
        Server.Json("GET", "/runs", """{"runs":[]}""");
        using var client = Server.Client();

        await client.ListRunsAsync(new RunQuery { Status = new RunStatus("archived") }, Server.Timeout);

        AssertQuery(Assert.Single(Server.Requests), ("status", "archived"));
    }
}

/// <summary>Against the 0.12/0.13 API, where the status filter is an integer (docs/server-api.md §8.10).</summary>
public sealed class RunListingTestsOn013() : RunListingTests(StepflowApiGeneration.V012)
{
    [Fact]
    public async Task ListRunsAsync_with_a_status_that_has_no_integer_finds_nothing_without_asking()
    {
        // 0.13 reads 0 or an unknown number as "no filter": sending one would list every run instead of none.
        using var client = Server.Client();

        var named = await client.ListRunsAsync(new RunQuery { Status = new RunStatus("archived") }, Server.Timeout);
        var unspecified = await client.ListRunsAsync(new RunQuery { Status = RunStatus.Unspecified }, Server.Timeout);

        Assert.Empty(named);
        Assert.Empty(unspecified);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task ListRunsAsync_sends_a_status_read_as_a_number_back_as_that_number()
    {
        // A status a newer server sent as an integer this SDK has no name for keeps its decimal text (docs/server-api.md §4.1).
        Server.Json("GET", "/runs", """{"runs":[]}""");
        using var client = Server.Client();

        await client.ListRunsAsync(new RunQuery { Status = new RunStatus("9") }, Server.Timeout);

        AssertQuery(Assert.Single(Server.Requests), ("status", "9"));
    }
}
