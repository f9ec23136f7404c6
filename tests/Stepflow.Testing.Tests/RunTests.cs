using System.Diagnostics;
using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Tests;

/// <summary>Runs through the client (and a few raw requests), against each emulated generation.</summary>
public abstract class RunTests(StepflowServerEmulation emulation) : ServerTest(emulation)
{
    private bool Is011 => Server.Emulation == StepflowServerEmulation.V0_11;

    [Fact]
    public async Task RunAsync_stores_the_flow_and_returns_the_configured_result()
    {
        Server.WhenFlow("greet").Returns(new { message = "hi Ada" });

        var result = await Client.RunAsync(FlowSource.FromJson(Flow()), new { name = "Ada" }, cancellationToken: Timeout);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal("hi Ada", (string?)result.Output?["message"]);
        var run = Assert.Single(Server.Runs);
        Assert.Equal(result.RunId, run.RunId);
        Assert.Equal("greet", run.FlowName);
        Assert.Equal("Ada", (string?)run.Inputs[0]?["name"]);
        Assert.Single(Server.Flows);
    }

    [Fact]
    public async Task By_default_an_item_echoes_its_input_and_SetResult_sees_flow_id_and_input()
    {
        var echoed = await Client.RunAsync(FlowSource.FromJson(Flow()), new { name = "Bob" }, cancellationToken: Timeout);
        Assert.Equal("Bob", (string?)echoed.Output?["name"]);

        string? seenFlowId = null;
        Server.SetResult((flowId, input) =>
        {
            seenFlowId = flowId;
            return ItemOutcome.Success(JsonValue.Create((int)input!["x"]! * 2));
        });
        var flowId = await StoreAsync();
        var doubled = await Client.RunAsync(FlowSource.Stored(flowId), new { x = 21 }, cancellationToken: Timeout);

        Assert.Equal(42, (int)doubled.Output!);
        Assert.Equal(flowId, seenFlowId);
    }

    [Fact]
    public async Task A_batch_with_one_failing_item_fails_the_run()
    {
        var flowId = await StoreAsync();
        Server.WhenFlow(flowId).Responds(input => (bool?)input?["bad"] == true
            ? ItemOutcome.Failure(TaskErrorCode.ComponentFailed, "bad input")
            : ItemOutcome.Success(input));

        var created = await Client.CreateBatchRunAsync(flowId, [new { bad = false }, new { bad = true }, new { bad = false }], cancellationToken: Timeout);
        Assert.Equal(RunStatus.Running, created.Status);
        Assert.Equal(3, created.ItemCounts.Running);

        var done = await Client.WaitForCompletionAsync(created.RunId, TimeSpan.FromSeconds(20), Timeout);
        Assert.Equal(RunStatus.Failed, done.Status);
        Assert.Equal(2, done.ItemCounts.Completed);
        Assert.Equal(1, done.ItemCounts.Failed);
        Assert.NotNull(done.CompletedAt);

        var items = await Client.GetRunItemsAsync(created.RunId, Timeout);
        Assert.Equal([0, 1, 2], items.Select(i => i.ItemIndex));
        var raw = (await Client.SendRequestAsync(HttpMethod.Get, $"runs/{created.RunId}/items", cancellationToken: Timeout)).ReadAsJson();
        if (Is011)
        {
            // The answer's own item count, which the SDK's list does not carry.
            Assert.Equal(3, (int)raw!["itemCount"]!);
        }
        else
        {
            // 0.13 answers {results} and has no item count (docs/server-api.md §8.4).
            Assert.Null(raw!["itemCount"]);
            Assert.Equal([0, 1, 2], raw["results"]!.AsArray().Select(r => (int)r!["itemIndex"]!));
        }

        Assert.Equal(ResultOutcome.Failed, items[1].Outcome);
        var failed = Assert.IsType<FlowError>(items[1].Error);
        Assert.Equal(TaskErrorCode.ComponentFailed, failed.Code);
        Assert.Equal("bad input", failed.Message);
        Assert.Equal(RunStatus.Completed, items[0].Status);
    }

    [Fact]
    public async Task WaitForCompletionAsync_on_a_one_second_run_uses_the_long_poll()
    {
        Server.ItemDelay = TimeSpan.FromSeconds(1);
        var flowId = await StoreAsync();
        var created = await Client.CreateRunAsync(flowId, new { name = "Ada" }, cancellationToken: Timeout);
        var clock = Stopwatch.StartNew();

        var done = await Client.WaitForCompletionAsync(created.RunId, cancellationToken: Timeout);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(700), $"returned after {clock.Elapsed}");
        Assert.InRange(Server.CountRequests("GET", $"/runs/{created.RunId}"), 1, 3);
    }

    [Fact]
    public async Task Pending_long_polls_do_not_hold_up_other_requests_and_a_cancel_wakes_them()
    {
        var flowId = await StoreAsync();
        Server.WhenFlow(flowId).NeverCompletes();
        var run = await Client.CreateRunAsync(flowId, 1, cancellationToken: Timeout);
        var polls = Enumerable.Range(0, 8).Select(_ => Client.LongPollRunAsync(run.RunId, TimeSpan.FromSeconds(20), Timeout)).ToList();
        while (Server.CountRequests("GET", $"/runs/{run.RunId}") < polls.Count)
        {
            await Task.Delay(20, Timeout);
        }

        var clock = Stopwatch.StartNew();
        Assert.Equal("healthy", (await Client.HealthCheckAsync(Timeout)).Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"health took {clock.Elapsed} behind the long polls");
        Assert.DoesNotContain(polls, p => p.IsCompleted);

        await Client.CancelRunAsync(run.RunId, Timeout);
        var answers = await Task.WhenAll(polls);
        Assert.All(answers, a => Assert.Equal(RunStatus.Cancelled, a.Status));
    }

    [Fact]
    public async Task Creating_with_wait_answers_when_done_or_at_the_timeout_with_partial_results()
    {
        // RunAsync asks the server to wait on creation: the run's results come back with the create answer.
        var flowId = await StoreAsync();
        var finished = await Client.RunAsync(FlowSource.Stored(flowId), new { name = "Ada" },
            new RunOptions { Timeout = TimeSpan.FromSeconds(10) }, Timeout);
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.True(Assert.Single(finished.Items).IsSuccess);
        Assert.Single(Server.Requests, r => r.Method == "POST" && r.Path == "/api/v1/runs");
        Assert.Equal(0, Server.CountRequests("GET", "/runs")); // Neither a long poll nor a read of the items.

        // At the timeout the server answers with the run still going and its partial results (raw: the SDK keeps those to itself).
        Server.WhenFlow("greet").NeverCompletes();
        var clock = Stopwatch.StartNew();
        var pending = await Client.SendRequestAsync(HttpMethod.Post, "runs", new JsonObject
        {
            ["flowId"] = flowId,
            ["input"] = new JsonArray(new JsonObject { ["name"] = "Ada" }),
            ["wait"] = true,
            ["timeoutSecs"] = 1,
        }, Timeout);
        var body = pending.ReadAsJson()!.AsObject();
        Assert.Equal(200, pending.StatusCode);
        if (Is011)
        {
            // The summary flattened, string statuses, completedAt always present; an unfinished item has no result.
            Assert.Equal("running", (string?)body["status"]);
            Assert.True(body.ContainsKey("completedAt") && body["completedAt"] is null);
            var partial = Assert.Single(body["results"]!.AsArray())!.AsObject();
            Assert.Equal("running", (string?)partial["status"]);
            Assert.False(partial.ContainsKey("result"));
        }
        else
        {
            // {summary, results}: status 1 (running), completedAt left out while unset, and the unfinished item only
            // {itemIndex, status: 1} (docs/server-api.md §4.1, §4.4, §8.1).
            var summary = body["summary"]!.AsObject();
            Assert.Equal(1, (int)summary["status"]!);
            Assert.False(summary.ContainsKey("completedAt"));
            var partial = Assert.Single(body["results"]!.AsArray())!.AsObject();
            Assert.Equal("""{"itemIndex":0,"status":1}""", partial.ToJsonString());
        }

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_and_paged_with_GetAllRunsAsync()
    {
        var flowId = await StoreAsync();
        var other = await StoreAsync("other");
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await Client.CreateRunAsync(flowId, new { i }, cancellationToken: Timeout)).RunId);
        }

        await Client.CreateRunAsync(other, new { i = 9 }, cancellationToken: Timeout);

        var all = new List<RunSummary>();
        await foreach (var run in Client.GetAllRunsAsync(new RunQuery { FlowName = "greet", Limit = 2 }, Timeout))
        {
            all.Add(run);
        }

        Assert.Equal(Enumerable.Reverse(created), all.Select(r => r.RunId));
        Assert.Equal(3, Server.Requests.Count(r => r.Method == "GET" && r.Path == "/api/v1/runs"));
        Assert.All(all, r => Assert.Equal(r.RunId, r.RootRunId));

        var page = await Client.ListRunsAsync(new RunQuery { Limit = 2, Offset = 1 }, Timeout);
        Assert.Equal([created[4], created[3]], page.Select(r => r.RunId));

        await Client.WaitForCompletionAsync(created[0], TimeSpan.FromSeconds(10), Timeout);
        var completed = await Client.ListRunsAsync(new RunQuery { Status = RunStatus.Completed, FlowName = "greet" }, Timeout);
        Assert.Contains(completed, r => r.RunId == created[0]);
        Assert.All(completed, r => Assert.Equal(RunStatus.Completed, r.Status));
    }

    [Fact]
    public async Task Cancelling_marks_the_run_cancelled_and_its_unfinished_item_still_reports_running()
    {
        var (created, cancelled) = await CancelARunThatNeverCompletesAsync();
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.NotNull(cancelled.CompletedAt);

        // Like the server: the item has no result, so it still reports running.
        var items = await Client.GetRunItemsAsync(created.RunId, Timeout);
        Assert.Equal(RunStatus.Running, Assert.Single(items).Status);
        Assert.Equal(ResultOutcome.Pending, items[0].Outcome);
        Assert.Equal(RunStatus.Cancelled, (await Client.GetRunAsync(created.RunId, Timeout)).Status);
    }

    [Fact]
    public async Task Deleting_a_finished_run_succeeds_and_deleting_a_running_run_is_a_conflict()
    {
        var flowId = await StoreAsync();
        var done = await Client.RunAsync(FlowSource.Stored(flowId), new { name = "Ada" }, cancellationToken: Timeout);
        await Client.DeleteRunAsync(done.RunId, Timeout);
        Assert.Equal(RunStatus.Completed, (await Client.GetRunAsync(done.RunId, Timeout)).Status); // A placeholder: the run stays readable.

        Server.ItemDelay = TimeSpan.FromSeconds(20);
        var running = await Client.CreateRunAsync(flowId, new { name = "Bob" }, cancellationToken: Timeout);
        var conflict = await Assert.ThrowsAsync<StepflowConflictException>(() => Client.DeleteRunAsync(running.RunId, Timeout));
        // 0.11 answers 409, 0.13 412 (failed precondition), each with its own text (docs/server-api.md §3.5, §8.9).
        Assert.Equal(Is011 ? 409 : 412, conflict.StatusCode);
        Assert.Equal(Is011
            ? $"Execution '{running.RunId}' is still running and cannot be deleted"
            : $"run '{running.RunId}' is still Running and cannot be deleted", conflict.ServerMessage);
    }

    [Fact]
    public async Task Unknown_runs_are_not_found_whether_read_or_awaited()
    {
        var unknown = Guid.Parse("0195b3c2-5a1e-7c3d-9a41-6f2b8e7d1c20");
        var read = await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.GetRunAsync(unknown, Timeout));
        Assert.Equal(Is011 ? $"Execution '{unknown}' not found" : $"run '{unknown}' not found", read.ServerMessage);
        var plainReads = Server.Requests.Count(r => r.Path == $"/api/v1/runs/{unknown}" && !r.Query.Contains("wait=true", StringComparison.Ordinal));

        // On 0.11 the waiting GET answers 500 like the server; the client then asks plainly and gets the 404.
        // On 0.13 the waiting GET itself is a 404 (docs/server-api.md §8.3), so the client asks nothing more.
        await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.WaitForCompletionAsync(unknown, TimeSpan.FromSeconds(5), Timeout));
        Assert.Contains(Server.Requests, r => r.Path == $"/api/v1/runs/{unknown}" && r.Query.Contains("wait=true", StringComparison.Ordinal));
        var plainReadsAfterWaiting = Server.Requests.Count(r => r.Path == $"/api/v1/runs/{unknown}" && !r.Query.Contains("wait=true", StringComparison.Ordinal)) - plainReads;
        Assert.Equal(Is011 ? 1 : 0, plainReadsAfterWaiting);
    }

    [Fact]
    public async Task Steps_and_step_detail_follow_the_items()
    {
        var flowId = await StoreAsync();
        var result = await Client.RunAsync(FlowSource.Stored(flowId), new { name = "Ada" }, cancellationToken: Timeout);

        var steps = await Client.GetRunStepsAsync(result.RunId, cancellationToken: Timeout);
        Assert.Equal(["hello", "shout"], steps.Select(s => s.StepId));
        Assert.All(steps, s => Assert.Equal(StepStatus.Completed, s.Status));
        Assert.Equal("/python/echo", steps[0].Component);

        var detail = await Client.GetStepDetailAsync(result.RunId, "shout", cancellationToken: Timeout);
        Assert.Equal(1, detail.StepIndex);
        Assert.Equal(ResultOutcome.Succeeded, detail.Outcome);
        Assert.Equal("Ada", (string?)detail.Output?["name"]);
        var journalSequence = Assert.NotNull(detail.JournalSequence);
        var notYet = await Assert.ThrowsAsync<StepflowConflictException>(() =>
            Client.GetStepDetailAsync(result.RunId, "shout", asOf: journalSequence + 10, cancellationToken: Timeout));
        var unknownStep = await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.GetStepDetailAsync(result.RunId, "nope", cancellationToken: Timeout));
        // "Not yet consistent" is 409 on 0.11 and 412 on 0.13; the texts differ too (docs/server-api.md §3.5, §8.6).
        Assert.Equal(Is011 ? 409 : 412, notYet.StatusCode);
        Assert.Equal(
            $"{(Is011 ? "Metadata" : "metadata")} not yet consistent: step has journal_seqno={journalSequence}, requested asof={journalSequence + 10}",
            notYet.ServerMessage);
        Assert.Equal(Is011 ? $"Step 'nope' not found for run {result.RunId}" : "step 'nope' not found", unknownStep.ServerMessage);

        var flow = await Client.GetRunFlowAsync(result.RunId, Timeout);
        Assert.Equal(flowId, flow.FlowId);
        Assert.Equal("greet", flow.Name);
    }

    [Fact]
    public async Task Variables_and_overrides_sent_by_the_client_are_recorded()
    {
        var flowId = await StoreAsync();
        var options = new RunOptions { MaxConcurrency = 2 };
        options.Variables["api_key"] = "secret";
        options.StepOverrides["hello"] = new JsonObject { ["input"] = new JsonObject { ["msg"] = "hi" } };

        await Client.RunAsync(FlowSource.Stored(flowId), new { name = "Ada" }, options, Timeout);

        var run = Assert.Single(Server.Runs);
        Assert.Equal("secret", (string?)run.Variables["api_key"]);
        Assert.Equal("hi", (string?)run.Overrides?["steps"]?["hello"]?["value"]?["input"]?["msg"]);
        Assert.Equal(2, run.MaxConcurrency);
        var details = await Client.GetRunAsync(run.RunId, Timeout);
        if (Is011)
        {
            Assert.Equal("hi", (string?)details.StepOverrides?["hello"]?["input"]?["msg"]);
            // 0.11 item details carry each item's input.
            Assert.Equal("Ada", (string?)Assert.Single(details.Items!).Input?["name"]);
        }
        else
        {
            // The 0.13 run answer is {summary, steps}: neither the overrides nor per-item details, only the
            // recorded (item, step) rows (docs/server-api.md §8.2).
            Assert.Null(details.StepOverrides);
            Assert.Null(details.Items);
            Assert.Equal(["hello", "shout"], details.Steps.Select(s => s.StepId).Order()); // In no particular order on the server.
            Assert.All(details.Steps, s => Assert.Equal(0, s.ItemIndex));
        }
    }

    /// <summary>Creates a run whose items never finish and cancels it once.</summary>
    protected async Task<(RunSummary Created, RunSummary Cancelled)> CancelARunThatNeverCompletesAsync()
    {
        var flowId = await StoreAsync();
        Server.WhenFlow(flowId).NeverCompletes();
        var created = await Client.CreateRunAsync(flowId, new { name = "Ada" }, cancellationToken: Timeout);
        return (created, await Client.CancelRunAsync(created.RunId, Timeout));
    }
}

/// <summary>Against the 0.11 emulation, with what only 0.11 does.</summary>
public sealed class RunTestsOn011() : RunTests(StepflowServerEmulation.V0_11)
{
    [Fact]
    public async Task A_second_cancel_is_a_conflict_on_011()
    {
        var (created, _) = await CancelARunThatNeverCompletesAsync();

        var again = await Assert.ThrowsAsync<StepflowConflictException>(() => Client.CancelRunAsync(created.RunId, Timeout));
        Assert.Equal(409, again.StatusCode);
        Assert.Equal($"Run '{created.RunId}' cannot be cancelled (status: Cancelled)", again.ServerMessage);
        Assert.Equal(RunStatus.Cancelled, (await Client.GetRunAsync(created.RunId, Timeout)).Status);
    }

    [Fact]
    public async Task Cancelling_a_finished_run_is_a_conflict_that_names_its_status_on_011()
    {
        var flowId = await StoreAsync();
        var done = await Client.RunAsync(FlowSource.Stored(flowId), new { name = "Ada" }, cancellationToken: Timeout);

        var conflict = await Assert.ThrowsAsync<StepflowConflictException>(() => Client.CancelRunAsync(done.RunId, Timeout));
        Assert.Equal(409, conflict.StatusCode);
        Assert.Equal($"Run '{done.RunId}' cannot be cancelled (status: Completed)", conflict.ServerMessage);
        Assert.Equal(RunStatus.Completed, (await Client.GetRunAsync(done.RunId, Timeout)).Status);
    }
}

/// <summary>Against the 0.13 emulation, with what only 0.13 does.</summary>
public sealed class RunTestsOn013() : RunTests(StepflowServerEmulation.V0_13)
{
    /// <summary>0.13 refuses no cancel: a cancelled run is cancelled again, with a new <c>completedAt</c> (docs/server-api.md §8.8).</summary>
    [Fact]
    public async Task A_second_cancel_is_answered_and_cancels_the_run_again_on_013()
    {
        var (created, cancelled) = await CancelARunThatNeverCompletesAsync();

        var again = await Client.CancelRunAsync(created.RunId, Timeout);
        Assert.Equal(RunStatus.Cancelled, again.Status);
        Assert.NotNull(again.CompletedAt);
        Assert.True(again.CompletedAt >= cancelled.CompletedAt, $"{again.CompletedAt:O} before {cancelled.CompletedAt:O}");
        Assert.Equal(RunStatus.Cancelled, (await Client.GetRunAsync(created.RunId, Timeout)).Status);
    }

    /// <summary>On 0.13 cancelling a finished run is a 200 that overwrites its status with cancelled (docs/server-api.md §3.5, §8.8).</summary>
    [Fact]
    public async Task Cancelling_a_finished_run_overwrites_its_status_with_cancelled_on_013()
    {
        var flowId = await StoreAsync();
        var done = await Client.RunAsync(FlowSource.Stored(flowId), new { name = "Ada" }, cancellationToken: Timeout);
        Assert.Equal(RunStatus.Completed, done.Status);
        var finishedAt = (await Client.GetRunAsync(done.RunId, Timeout)).CompletedAt;

        var cancelled = await Client.CancelRunAsync(done.RunId, Timeout);
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.CompletedAt >= finishedAt, $"{cancelled.CompletedAt:O} before {finishedAt:O}");
        Assert.Equal(RunStatus.Cancelled, (await Client.GetRunAsync(done.RunId, Timeout)).Status);
        // Only the stored status changes: the item keeps its result.
        Assert.True(Assert.Single(await Client.GetRunItemsAsync(done.RunId, Timeout)).IsSuccess);
    }
}
