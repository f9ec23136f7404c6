using System.Text.Json.Nodes;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Models;

/// <summary>Run documents from docs/server-api.md §8, every field asserted.</summary>
public class RunModelsTests
{
    private static readonly DateTimeOffset Item0CompletedAt = new DateTimeOffset(2026, 3, 20, 20, 15, 3, TimeSpan.Zero).AddTicks(5_000_000);

    private static void AssertItems(ItemStatistics? items, long total, long completed, long running, long failed, long cancelled)
    {
        Assert.NotNull(items);
        Assert.Equal(total, items.Total);
        Assert.Equal(completed, items.Completed);
        Assert.Equal(running, items.Running);
        Assert.Equal(failed, items.Failed);
        Assert.Equal(cancelled, items.Cancelled);
    }

    [Fact]
    public void RunDetails_E9()
    {
        var run = JsonAssert.Deserialize<RunDetails>(ContractSamples.E9RunDetails);

        Assert.Equal(ContractSamples.RunId, run.RunId);
        Assert.Equal(ContractSamples.FlowId, run.FlowId);
        Assert.Equal("greet", run.FlowName);
        Assert.Equal(ExecutionStatus.Completed, run.Status);
        AssertItems(run.Items, total: 1, completed: 1, running: 0, failed: 0, cancelled: 0);
        Assert.Equal(ContractSamples.CreatedAt, run.CreatedAt);
        Assert.Equal(ContractSamples.CompletedAt, run.CompletedAt);
        Assert.Equal(ContractSamples.RunId, run.RootRunId);
        Assert.Null(run.ParentRunId);
        Assert.Equal("stepflow-host-1", run.OrchestratorId);
        Assert.Equal(0, run.CreatedAtSeqno);
        Assert.Equal(5, run.FinishedAtSeqno);
        Assert.Null(run.Overrides);

        var item = Assert.Single(run.ItemDetails!);
        Assert.Equal(0, item.ItemIndex);
        JsonAssert.Equal("""{"name":"Ada"}""", item.Input);
        Assert.Equal(ExecutionStatus.Completed, item.Status);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 3, TimeSpan.Zero).AddTicks(8_500_000), item.CompletedAt);
        var step = Assert.Single(item.Steps);
        Assert.Equal("hello", step.StepId);
        Assert.Equal(StepStatus.Completed, step.Status);
    }

    [Fact]
    public void RunDetails_WithOverrides_ReadsDollarTypeAndValue()
    {
        var run = JsonAssert.Deserialize<RunDetails>(
            ContractSamples.Fill("""{"runId":"<R>","flowId":"<F>","flowName":"greet","status":"running","items":{"total":1,"completed":0,"running":1,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z","completedAt":null,"rootRunId":"<R>","createdAtSeqno":0,"overrides":{"steps":{"hello":{"$type":"merge_patch","value":{"input":{"msg":"hi"}}},"shout":{"value":{"component":"/builtin/eval"}}}}}"""));

        Assert.NotNull(run.Overrides);
        Assert.Equal(2, run.Overrides.Steps.Count);
        var hello = run.Overrides.Steps["hello"];
        Assert.Equal(OverrideType.MergePatch, hello.Type);
        JsonAssert.Equal("""{"input":{"msg":"hi"}}""", hello.Value);
        var shout = run.Overrides.Steps["shout"];
        Assert.Equal(OverrideType.MergePatch, shout.Type);
        JsonAssert.Equal("""{"component":"/builtin/eval"}""", shout.Value);
        Assert.Null(run.CompletedAt);
        Assert.Null(run.ItemDetails);
    }

    [Fact]
    public void CreateRunResponse_E7_Accepted()
    {
        var run = JsonAssert.Deserialize<CreateRunResponse>(ContractSamples.E7CreateRunAccepted);

        Assert.Equal(ContractSamples.RunId, run.RunId);
        Assert.Equal(ContractSamples.FlowId, run.FlowId);
        Assert.Equal("greet", run.FlowName);
        Assert.Equal(ExecutionStatus.Running, run.Status);
        AssertItems(run.Items, total: 1, completed: 0, running: 1, failed: 0, cancelled: 0);
        Assert.Equal(ContractSamples.CreatedAt, run.CreatedAt);
        Assert.Null(run.CompletedAt);
        Assert.Equal(ContractSamples.RunId, run.RootRunId);
        Assert.Null(run.ParentRunId);
        Assert.Null(run.OrchestratorId);
        Assert.Equal(0, run.CreatedAtSeqno);
        Assert.Null(run.FinishedAtSeqno);
        Assert.Null(run.Results);
    }

    [Fact]
    public void CreateRunResponse_E8_WithResults()
    {
        var run = JsonAssert.Deserialize<CreateRunResponse>(ContractSamples.E8CreateRunCompleted);

        Assert.Equal(ContractSamples.RunId, run.RunId);
        Assert.Equal(ContractSamples.FlowId, run.FlowId);
        Assert.Equal("greet", run.FlowName);
        Assert.Equal(ExecutionStatus.Failed, run.Status);
        AssertItems(run.Items, total: 2, completed: 1, running: 0, failed: 1, cancelled: 0);
        Assert.Equal(ContractSamples.CreatedAt, run.CreatedAt);
        Assert.Equal(ContractSamples.CompletedAt, run.CompletedAt);
        Assert.Equal(ContractSamples.RunId, run.RootRunId);
        Assert.Equal(0, run.CreatedAtSeqno);
        Assert.Null(run.OrchestratorId);
        Assert.Null(run.FinishedAtSeqno);

        Assert.NotNull(run.Results);
        Assert.Equal(2, run.Results.Count);

        var first = run.Results[0];
        Assert.Equal(0, first.ItemIndex);
        Assert.Equal(ExecutionStatus.Completed, first.Status);
        Assert.Equal(Item0CompletedAt, first.CompletedAt);
        Assert.Equal("Ada", Assert.IsType<FlowResultSuccess>(first.Result).Result!.GetValue<string>());

        var second = run.Results[1];
        Assert.Equal(1, second.ItemIndex);
        Assert.Equal(ExecutionStatus.Failed, second.Status);
        Assert.Equal(ContractSamples.CompletedAt, second.CompletedAt);
        var failed = Assert.IsType<FlowResultFailed>(second.Result);
        Assert.Equal(TaskErrorCode.ComponentFailed, failed.Error.Code);
        Assert.Equal("echo failed: boom", failed.Error.Message);
    }

    [Fact]
    public void CreateRunResponse_TimedOutWait_HasRunningItemsWithoutResults()
    {
        var run = JsonAssert.Deserialize<CreateRunResponse>(
            ContractSamples.Fill("""{"runId":"<R>","flowId":"<F>","flowName":"greet","status":"running","items":{"total":2,"completed":0,"running":2,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z","completedAt":null,"rootRunId":"<R>","createdAtSeqno":0,"results":[{"itemIndex":0,"status":"running"},{"itemIndex":1,"status":"running"}]}"""));

        Assert.Equal(ExecutionStatus.Running, run.Status);
        Assert.Null(run.CompletedAt);
        Assert.Equal(2, run.Results!.Count);
        Assert.All(run.Results, r =>
        {
            Assert.Equal(ExecutionStatus.Running, r.Status);
            Assert.Null(r.Result);
            Assert.Null(r.CompletedAt);
        });
        Assert.Equal([0L, 1L], run.Results.Select(r => r.ItemIndex));
    }

    [Fact]
    public void ListRunsResponse_E10()
    {
        var response = JsonAssert.Deserialize<ListRunsResponse>(ContractSamples.E10ListRuns);

        Assert.Equal(2, response.Runs.Count);
        var sub = response.Runs[0];
        Assert.Equal(ContractSamples.SubRunId, sub.RunId);
        Assert.Equal(ContractSamples.SubFlowId, sub.FlowId);
        Assert.Null(sub.FlowName);
        Assert.Equal(ExecutionStatus.RecoveryFailed, sub.Status);
        AssertItems(sub.Items, total: 3, completed: 1, running: 0, failed: 2, cancelled: 0);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 2, TimeSpan.Zero).AddTicks(5_000_000), sub.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 4, TimeSpan.Zero), sub.CompletedAt);
        Assert.Equal(ContractSamples.RunId, sub.RootRunId);
        Assert.Equal(ContractSamples.RunId, sub.ParentRunId);
        Assert.Equal("stepflow-host-1", sub.OrchestratorId);
        Assert.Equal(7, sub.CreatedAtSeqno);
        Assert.Equal(12, sub.FinishedAtSeqno);

        var root = response.Runs[1];
        Assert.Equal(ContractSamples.RunId, root.RunId);
        Assert.Equal("greet", root.FlowName);
        Assert.Equal(ExecutionStatus.Running, root.Status);
        Assert.Null(root.CompletedAt);
        Assert.Null(root.ParentRunId);
        Assert.Null(root.OrchestratorId);
        Assert.Null(root.FinishedAtSeqno);
    }

    [Fact]
    public void ListItemsResponse_E11()
    {
        var response = JsonAssert.Deserialize<ListItemsResponse>(ContractSamples.E11ListItems);

        Assert.Equal(2, response.ItemCount);
        Assert.Equal(2, response.Items.Count);
        var done = response.Items[0];
        Assert.Equal(0, done.ItemIndex);
        Assert.Equal(ExecutionStatus.Completed, done.Status);
        Assert.Equal("Ada", Assert.IsType<FlowResultSuccess>(done.Result).Result!.GetValue<string>());
        Assert.Equal(ContractSamples.CompletedAt, done.CompletedAt);
        var pending = response.Items[1];
        Assert.Equal(1, pending.ItemIndex);
        Assert.Equal(ExecutionStatus.Running, pending.Status);
        Assert.Null(pending.Result);
        Assert.Null(pending.CompletedAt);
    }

    [Fact]
    public void ListStepRunsResponse_E12_IsKeyedByStepIdInFlowOrder()
    {
        var response = JsonAssert.Deserialize<ListStepRunsResponse>(ContractSamples.E12ListSteps);

        Assert.Equal(["hello", "shout"], response.Steps.Keys);
        var hello = response.Steps["hello"];
        Assert.Equal("hello", hello.StepId);
        Assert.Equal("/python/echo", hello.Component);
        Assert.Equal(StepStatus.Completed, hello.Status);
        Assert.Null(hello.Result);
        var shout = response.Steps["shout"];
        Assert.Equal("shout", shout.StepId);
        Assert.Equal("/builtin/eval", shout.Component);
        Assert.Equal(StepStatus.Blocked, shout.Status);
    }

    [Fact]
    public void StepStatusEntry_E13()
    {
        var entry = JsonAssert.Deserialize<StepStatusEntry>(ContractSamples.E13StepStatusEntry);

        Assert.Equal("hello", entry.StepId);
        Assert.Equal(0, entry.StepIndex);
        Assert.Equal(0, entry.ItemIndex);
        Assert.Equal(StepStatus.Completed, entry.Status);
        Assert.Equal("/python/echo", entry.Component);
        Assert.Equal("Ada", Assert.IsType<FlowResultSuccess>(entry.Result).Result!.GetValue<string>());
        Assert.Equal(3, entry.JournalSeqno);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 3, TimeSpan.Zero).AddTicks(500_000), entry.UpdatedAt);
    }

    [Fact]
    public void RunSummary_FromCancel()
    {
        var run = JsonAssert.Deserialize<RunSummary>(ContractSamples.CancelledRunSummary);

        Assert.Equal(ContractSamples.RunId, run.RunId);
        Assert.Equal(ContractSamples.FlowId, run.FlowId);
        Assert.Null(run.FlowName);
        Assert.Equal(ExecutionStatus.Cancelled, run.Status);
        AssertItems(run.Items, total: 1, completed: 0, running: 1, failed: 0, cancelled: 0);
        Assert.Equal(ContractSamples.CreatedAt, run.CreatedAt);
        Assert.Null(run.CompletedAt);
        Assert.Equal(ContractSamples.RunId, run.RootRunId);
        Assert.Equal("stepflow-host-1", run.OrchestratorId);
        Assert.Equal(0, run.CreatedAtSeqno);
    }

    [Fact]
    public void CreateRunRequest_SerializesContractShape()
    {
        var request = new CreateRunRequest
        {
            FlowId = ContractSamples.FlowId,
            Input = [JsonNode.Parse("""{"name":"Ada"}"""), JsonNode.Parse("""{"name":"Bob"}""")],
            Wait = true,
            TimeoutSecs = 60,
            MaxConcurrency = 2,
            Variables = new Dictionary<string, JsonNode?> { ["api_key"] = JsonValue.Create("sk-test") },
            Overrides = new WorkflowOverrides
            {
                Steps = { ["hello"] = new StepOverride { Value = JsonNode.Parse("""{"input":{"msg":"hi"}}""") } },
            },
        };

        JsonAssert.EqualIgnoringNullMembers(ContractSamples.E8CreateRunRequest, JsonAssert.SerializeToNode(request));
    }

    [Fact]
    public void CreateRunRequest_ArrayInputForSingleItem_IsWrapped()
    {
        var request = new CreateRunRequest
        {
            FlowId = ContractSamples.FlowId,
            Input = [JsonNode.Parse("[1,2,3]")],
        };

        var node = JsonAssert.SerializeToNode(request)!;

        JsonAssert.Equal("[[1,2,3]]", node["input"]);
        Assert.Equal(ContractSamples.FlowId, node["flowId"]!.GetValue<string>());
    }
}
