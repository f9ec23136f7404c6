using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Tests.Wire013;

/// <summary>Runs, items, steps, cancel and delete on the emulated 0.13 wire (docs/server-api.md §3, §4, §8).</summary>
public sealed class RunWireTests : RawWireTest
{
    [Fact]
    public async Task Creating_without_wait_is_200_with_the_summary_and_no_results()
    {
        var flowId = AddFlow(new JsonObject { ["steps"] = new JsonArray() }); // No name: flowName is left out.
        Server.WhenFlow(flowId).NeverCompletes();

        var created = await PostAsync("runs", Fill("""{"flowId":"%0%","input":[1,2]}""", flowId));

        Assert.Equal(200, created.Status);
        var runId = (string)created.Json["summary"]!["runId"]!;
        Assert.Equal('7', runId[14]);
        Assert.Equal(
            Fill("""{"summary":{"runId":"%0%","flowId":"%1%","status":1,"items":{"total":2,"completed":0,"running":2,"failed":0,"cancelled":0},"createdAt":"T","rootRunId":"%2%","createdAtSeqno":0},"results":[]}""", runId, flowId, runId),
            WithoutTimes(created.Body));
    }

    [Fact]
    public async Task Creating_with_wait_returns_one_result_per_item_with_float_outputs_and_integer_codes()
    {
        var flowId = AddFlow(Flow("score"));
        Server.WhenFlow("score").Responds(input => (bool?)input?["bad"] == true
            ? ItemOutcome.Failure(TaskErrorCode.ComponentFailed, "upstream refused", JsonNode.Parse("""{"lost":true}"""))
            : ItemOutcome.Success(JsonNode.Parse("""{"score":9,"ratio":0.5,"tags":["a"],"none":null}""")));

        var done = await PostAsync("runs", Fill("""{"flowId":"%0%","input":[{"bad":false},{"bad":true}],"wait":true,"timeoutSecs":20}""", flowId));

        Assert.Equal(200, done.Status);
        var runId = (string)done.Json["summary"]!["runId"]!;
        Assert.Equal(
            Fill("""{"summary":{"runId":"%0%","flowId":"%1%","flowName":"score","status":3,"items":{"total":2,"completed":1,"running":0,"failed":1,"cancelled":0},"createdAt":"T","completedAt":"T","rootRunId":"%2%","createdAtSeqno":0},"results":[{"itemIndex":0,"status":2,"output":{"score":9.0,"ratio":0.5,"tags":["a"],"none":null},"completedAt":"T"},{"itemIndex":1,"status":3,"errorMessage":"upstream refused","errorCode":3,"completedAt":"T"}]}""", runId, flowId, runId),
            WithoutTimes(done.Body));
        // The shared core records the run as on every generation.
        var recorded = Assert.Single(Server.Runs);
        Assert.Equal(RunStatus.Failed, recorded.Status);
        Assert.True((bool)recorded.Inputs[1]!["bad"]!);
    }

    [Fact]
    public async Task A_wait_that_times_out_still_answers_200_with_a_running_summary_and_unfinished_items()
    {
        var flowId = AddFlow();
        Server.WhenFlow(flowId).NeverCompletes();

        var pending = await PostAsync("runs", Fill("""{"flowId":"%0%","input":[{"name":"Ada"}],"wait":true,"timeoutSecs":1}""", flowId));

        Assert.Equal(200, pending.Status);
        Assert.Equal(1, (int)pending.Json["summary"]!["status"]!);
        Assert.False(pending.Json["summary"]!.AsObject().ContainsKey("completedAt"));
        Assert.Equal("""[{"itemIndex":0,"status":1}]""", pending.Json["results"]!.ToJsonString());
    }

    [Fact]
    public async Task Malformed_run_bodies_get_plain_text_rejections_and_bad_flow_ids_the_envelope()
    {
        var flowId = AddFlow();
        const string Unprocessable = "Failed to deserialize the JSON body into the target type: ";

        AssertPlainText(await PostAsync("runs", Fill("""{"flowId":"%0%","input":[1],"variables":null}""", flowId)), 422, Unprocessable);
        AssertPlainText(await PostAsync("runs", Fill("""{"flowId":"%0%","input":[1],"wait":null}""", flowId)), 422, Unprocessable);
        AssertPlainText(await PostAsync("runs", Fill("""{"flowId":"%0%","input":null}""", flowId)), 422, Unprocessable);
        AssertPlainText(await PostAsync("runs", Fill("""{"flowId":"%0%","input":[1],"timeoutSecs":"60"}""", flowId)), 422, Unprocessable);
        AssertPlainText(await PostAsync("runs", Fill("""{"flowId":"%0%","input":{}}""", flowId)), 422, Unprocessable);
        AssertPlainText(await PostAsync("runs", Fill("""{"flowId":"%0%","input":[1],"maxConcurrency":-1}""", flowId)), 422, Unprocessable);
        AssertPlainText(await PostAsync("runs", "{\"flowId\":"), 400, "Failed to parse the request body as JSON: ");
        AssertPlainText(await PostAsync("runs", "{}", contentType: null), 415, "Expected request with `Content-Type: application/json`");
        AssertPlainText(await PostAsync("runs", "{}", contentType: "text/plain"), 415, "Expected request with `Content-Type: application/json`");
        AssertEnvelope(await PostAsync("runs", """{"input":[1]}"""), 400, "INVALID_ARGUMENT", "invalid flow_id format");
        AssertEnvelope(await PostAsync("runs", "[]"), 400, "INVALID_ARGUMENT", "invalid flow_id format");
        AssertEnvelope(await PostAsync("runs", """{"flowId":"nope","input":[1]}"""), 400, "INVALID_ARGUMENT", "invalid flow_id format");
        var unknown = new string('b', 64);
        AssertEnvelope(await PostAsync("runs", Fill("""{"flowId":"%0%","input":[1]}""", unknown)), 404, "NOT_FOUND", $"flow '{unknown}' not found");
        AssertEnvelope(await PostAsync("runs", Fill("""{"flowId":"%0%","input":[1],"overrides":{}}""", flowId)), 400, "INVALID_ARGUMENT",
            "invalid overrides: missing field `steps`");
        Assert.Empty(Server.Runs); // None of these created a run.

        // Accepted nulls: overrides, maxConcurrency and timeoutSecs are optional in the message.
        var accepted = await PostAsync("runs", Fill("""{"flowId":"%0%","input":[1],"overrides":null,"maxConcurrency":null,"timeoutSecs":null}""", flowId));
        Assert.Equal(200, accepted.Status);
    }

    [Fact]
    public async Task An_override_of_an_unknown_step_or_a_fatal_flow_blob_leaves_a_failed_run_behind()
    {
        var flowId = AddFlow();
        var overridden = await PostAsync("runs",
            Fill("""{"flowId":"%0%","input":[1],"overrides":{"steps":{"nope":{"value":{"input":{}}}}}}""", flowId));
        AssertEnvelope(overridden, 400, "INVALID_ARGUMENT", "failed to apply workflow overrides");

        Server.FlowValidator = _ => [StepflowModelFactory.Diagnostic(DiagnosticLevel.Fatal, "selfReference", 3001, "step refers to itself")];
        var blobFlow = (string)(await PostAsync("blobs", Fill("""{"data":%0%,"blobType":"flow"}""", Flow("fatal").ToJsonString()))).Json["blobId"]!;
        AssertEnvelope(await PostAsync("runs", Fill("""{"flowId":"%0%","input":[1]}""", blobFlow)), 400, "INVALID_ARGUMENT", "error analyzing workflow");

        var notAFlow = (string)(await PostAsync("blobs", """{"data":[1,2],"blobType":"flow"}""")).Json["blobId"]!;
        AssertEnvelope(await PostAsync("runs", Fill("""{"flowId":"%0%","input":[1]}""", notAFlow)), 500, "INTERNAL", "failed to get flow: Serialization error");

        var listed = (await GetAsync("runs")).Json["runs"]!.AsArray();
        Assert.Equal(2, listed.Count);
        Assert.All(listed, r => Assert.Equal(3, (int)r!["status"]!));
    }

    [Fact]
    public async Task Reading_a_run_long_polls_and_answers_summary_and_step_rows()
    {
        var flowId = AddFlow();
        Server.WhenFlow(flowId).Returns(new { message = "hi", n = 7 });
        var runId = await StartRunAsync(flowId);

        var read = await GetAsync($"runs/{runId}?wait=true&timeoutSecs=20");

        Assert.Equal(200, read.Status);
        // Journal: 0 created, 1 steps needed, 2 ready (both steps), 3 started (both), 4 and 5 completed, 6 run completed.
        Assert.Equal(
            Fill("""{"summary":{"runId":"%0%","flowId":"%1%","flowName":"greet","status":2,"items":{"total":1,"completed":1,"running":0,"failed":0,"cancelled":0},"createdAt":"T","completedAt":"T","rootRunId":"%2%","orchestratorId":"stepflow-test-server","createdAtSeqno":0,"finishedAtSeqno":6},"steps":[{"stepId":"hello","stepIndex":0,"itemIndex":0,"status":2,"component":"/python/echo","output":{"message":"hi","n":7.0},"journalSeqno":4,"updatedAt":"T"},{"stepId":"shout","stepIndex":1,"itemIndex":0,"status":2,"component":"/python/upper","output":{"message":"hi","n":7.0},"journalSeqno":5,"updatedAt":"T"}]}""", runId, flowId, runId),
            WithoutTimes(read.Body));

        var unknown = Guid.NewGuid().ToString("D");
        AssertEnvelope(await GetAsync($"runs/{unknown}"), 404, "NOT_FOUND", $"run '{unknown}' not found");
        AssertEnvelope(await GetAsync($"runs/{unknown}?wait=true&timeoutSecs=1"), 404, "NOT_FOUND", $"run '{unknown}' not found");
        AssertEnvelope(await GetAsync($"runs/{unknown.ToUpperInvariant()}"), 404, "NOT_FOUND", $"run '{unknown.ToUpperInvariant()}' not found");
        AssertEnvelope(await GetAsync("runs/not-a-uuid"), 400, "INVALID_ARGUMENT", "invalid UUID: 'not-a-uuid'");
        Assert.Equal(200, (await GetAsync($"runs/{{{runId}}}")).Status); // Braced and 32-digit forms are UUIDs too.
        Assert.Equal(200, (await GetAsync($"runs/{runId.Replace("-", "", StringComparison.Ordinal)}")).Status);
        AssertPlainText(await GetAsync($"runs/{runId}?wait=1"), 400, "Failed to deserialize query string: wait: ");
        AssertPlainText(await GetAsync($"runs/{runId}?wait=true&wait=false"), 400, "Failed to deserialize query string: duplicate field `wait`");
    }

    [Fact]
    public async Task Items_and_steps_are_lists_that_are_empty_for_unknown_runs_and_out_of_range_items()
    {
        var flowId = AddFlow();
        Server.WhenFlow(flowId).Responds(input => (int)input! == 1 ? null : ItemOutcome.Success(input));
        var runId = await StartRunAsync(flowId, "[0,1]");
        await WaitForItemAsync(runId, 0);

        var items = await GetAsync($"runs/{runId}/items");
        var byCompletion = await GetAsync($"runs/{runId}/items?resultOrder=2");
        var steps = await GetAsync($"runs/{runId}/steps?itemIndex=1");
        var unknown = Guid.NewGuid();

        Assert.Equal("""{"results":[{"itemIndex":0,"status":2,"output":0.0,"completedAt":"T"},{"itemIndex":1,"status":1}]}""", WithoutTimes(items.Body));
        Assert.Equal(items.Body, byCompletion.Body);
        // The unfinished item's steps have rows, running; no startedAt or completedAt on 0.13.
        Assert.Equal(
            """{"steps":[{"stepId":"hello","stepIndex":0,"itemIndex":1,"status":1,"component":"/python/echo","journalSeqno":4,"updatedAt":"T"},{"stepId":"shout","stepIndex":1,"itemIndex":1,"status":1,"component":"/python/upper","journalSeqno":4,"updatedAt":"T"}]}""",
            WithoutTimes(steps.Body));
        Assert.Equal(4, (await GetAsync($"runs/{runId}/steps")).Json["steps"]!.AsArray().Count);
        Assert.Equal("""{"results":[]}""", (await GetAsync($"runs/{unknown}/items")).Body);
        Assert.Equal("""{"steps":[]}""", (await GetAsync($"runs/{unknown}/steps")).Body);
        Assert.Equal("""{"steps":[]}""", (await GetAsync($"runs/{runId}/steps?itemIndex=5")).Body);
        AssertEnvelope(await GetAsync("runs/xyz/items"), 400, "INVALID_ARGUMENT", "invalid UUID: 'xyz'");
        AssertPlainText(await GetAsync($"runs/{runId}/items?resultOrder=BY_INDEX"), 400, "Failed to deserialize query string: resultOrder: ");
    }

    [Fact]
    public async Task Step_detail_is_wrapped_defaults_to_item_0_and_refuses_an_asof_ahead_with_412()
    {
        var flowId = AddFlow();
        Server.WhenFlow(flowId).Fails(TaskErrorCode.ExpressionFailure, "division by zero");
        var runId = await StartRunAsync(flowId, """[{"name":"Ada"}]""", ""","wait":true,"timeoutSecs":20""");

        var shout = await GetAsync($"runs/{runId}/steps/shout");
        var hello = await GetAsync($"runs/{runId}/steps/hello?itemIndex=0&asof=4");

        Assert.Equal(
            """{"step":{"stepId":"shout","stepIndex":1,"itemIndex":0,"status":3,"component":"/python/upper","errorMessage":"division by zero","errorCode":8,"journalSeqno":5,"updatedAt":"T"}}""",
            WithoutTimes(shout.Body));
        Assert.Equal(2, (int)hello.Json["step"]!["status"]!); // Completed, without an output in a failed item.
        AssertEnvelope(await GetAsync($"runs/{runId}/steps/shout?asof=9"), 412, "FAILED_PRECONDITION",
            "metadata not yet consistent: step has journal_seqno=5, requested asof=9");
        AssertEnvelope(await GetAsync($"runs/{runId}/steps/nope"), 404, "NOT_FOUND", "step 'nope' not found");
        AssertEnvelope(await GetAsync($"runs/{runId}/steps/shout?itemIndex=3"), 404, "NOT_FOUND", "step 'shout' not found");
        AssertEnvelope(await GetAsync($"runs/{Guid.NewGuid()}/steps/shout"), 404, "NOT_FOUND", "step 'shout' not found");
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_filtered_by_integer_status()
    {
        var flowId = AddFlow();
        var other = AddFlow(Flow("other"));
        Server.WhenFlow(other).NeverCompletes();
        var done = await StartRunAsync(flowId, "[1]", ""","wait":true,"timeoutSecs":20""");
        var running = await StartRunAsync(other);

        var all = await GetAsync("runs");
        var completed = await GetAsync("runs?status=2");
        var unfiltered = await GetAsync("runs?status=0");
        var unknownStatus = await GetAsync("runs?status=99");
        var page = await GetAsync("runs?limit=1&offset=1&rootsOnly=true");

        Assert.Equal([running, done], all.Json["runs"]!.AsArray().Select(r => (string)r!["runId"]!));
        Assert.Equal([done], completed.Json["runs"]!.AsArray().Select(r => (string)r!["runId"]!));
        Assert.Equal(all.Json["runs"]!.AsArray().Count, unfiltered.Json["runs"]!.AsArray().Count);
        Assert.Equal(2, unknownStatus.Json["runs"]!.AsArray().Count);
        Assert.Equal([done], page.Json["runs"]!.AsArray().Select(r => (string)r!["runId"]!));
        Assert.Equal(running, (string)(await GetAsync("runs?flowName=other")).Json["runs"]![0]!["runId"]!);
        Assert.Equal(2, (await GetAsync("runs?rootRunId=not-a-uuid")).Json["runs"]!.AsArray().Count); // Ignored, not refused.
        Assert.Equal("""{"runs":[]}""", (await GetAsync($"runs?parentRunId={running}")).Body);
        Assert.Equal(6, (long)completed.Json["runs"]![0]!["finishedAtSeqno"]!);
        Assert.Equal("stepflow-test-server", (string?)completed.Json["runs"]![0]!["orchestratorId"]);
        AssertPlainText(await GetAsync("runs?status=completed"), 400, "Failed to deserialize query string: status: ");
        AssertPlainText(await GetAsync("runs?limit=-1"), 400, "Failed to deserialize query string: limit: ");
        AssertPlainText(await GetAsync("runs?limit=1&limit=2"), 400, "Failed to deserialize query string: duplicate field `limit`");
    }

    [Fact]
    public async Task Cancel_overwrites_any_status_with_4_and_the_run_flips_back_when_its_execution_finishes()
    {
        using var finish = new ManualResetEventSlim();
        Server.WhenFlow("greet").Responds(input =>
        {
            finish.Wait(TimeSpan.FromSeconds(25));
            return ItemOutcome.Success(input);
        });
        var flowId = AddFlow();
        var runId = await StartRunAsync(flowId);

        var cancelled = await PostAsync($"runs/{runId}/cancel", "ignored body", contentType: "text/plain");
        var waited = await GetAsync($"runs/{runId}?wait=true&timeoutSecs=20"); // Status 4 is terminal: the wait ends at once.
        var deleted = await SendAsync(HttpMethod.Delete, $"runs/{runId}");

        Assert.Equal(200, cancelled.Status);
        Assert.Equal(
            Fill("""{"summary":{"runId":"%0%","flowId":"%1%","flowName":"greet","status":4,"items":{"total":1,"completed":0,"running":1,"failed":0,"cancelled":0},"createdAt":"T","completedAt":"T","rootRunId":"%2%","orchestratorId":"stepflow-test-server","createdAtSeqno":0}}""", runId, flowId, runId),
            WithoutTimes(cancelled.Body));
        Assert.Equal(4, (int)waited.Json["summary"]!["status"]!);
        Assert.Equal((200, "{}"), (deleted.Status, deleted.Body)); // A cancelled run counts as finished.

        // The execution was not stopped: once it finishes, its completion overwrites the cancel.
        finish.Set();
        var flipped = await WaitForStatusAsync(runId, 2);
        Assert.Equal(1, (int)flipped["summary"]!["items"]!["completed"]!);
        Assert.Equal(RunStatus.Completed, Assert.Single(Server.Runs).Status);

        // A finished run is overwritten too, with a new completedAt.
        var before = DateTimeOffset.Parse((string)flipped["summary"]!["completedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        var again = (await PostAsync($"runs/{runId}/cancel", "")).Json["summary"]!;
        Assert.Equal(4, (int)again["status"]!);
        Assert.True(DateTimeOffset.Parse((string)again["completedAt"]!, System.Globalization.CultureInfo.InvariantCulture) >= before);
        AssertEnvelope(await PostAsync($"runs/{Guid.Empty}/cancel", ""), 404, "NOT_FOUND", $"run '{Guid.Empty}' not found");
    }

    [Fact]
    public async Task Deleting_a_running_run_is_412_and_the_run_flow_comes_through_a_Struct()
    {
        var flowId = AddFlow();
        Server.WhenFlow(flowId).NeverCompletes();
        var runId = await StartRunAsync(flowId);

        AssertEnvelope(await SendAsync(HttpMethod.Delete, $"runs/{runId}"), 412, "FAILED_PRECONDITION",
            $"run '{runId}' is still Running and cannot be deleted");
        AssertEnvelope(await SendAsync(HttpMethod.Delete, $"runs/{Guid.Empty}"), 404, "NOT_FOUND", $"run '{Guid.Empty}' not found");
        AssertEnvelope(await SendAsync(HttpMethod.Delete, "runs/42"), 400, "INVALID_ARGUMENT", "invalid UUID: '42'");

        var flow = await GetAsync($"runs/{runId}/flow");
        Assert.Equal(Fill("""{"flow":%0%,"flowId":"%1%"}""", Flow().ToJsonString(), flowId), flow.Body);
    }

    private async Task WaitForItemAsync(string runId, int itemIndex)
    {
        while ((int)(await GetAsync($"runs/{runId}/items")).Json["results"]![itemIndex]!["status"]! == 1)
        {
            await Task.Delay(50, Timeout);
        }
    }

    private async Task<JsonNode> WaitForStatusAsync(string runId, int status)
    {
        while (true)
        {
            var run = (await GetAsync($"runs/{runId}")).Json;
            if ((int)run["summary"]!["status"]! == status)
            {
                return run;
            }

            await Task.Delay(50, Timeout);
        }
    }
}
