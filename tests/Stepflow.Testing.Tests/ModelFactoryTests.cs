using System.Text.Json.Nodes;
using Stepflow.Api;

namespace Stepflow.Testing.Tests;

public sealed class ModelFactoryTests
{
    private static readonly Guid RunId = Guid.Parse("0195b3c2-5a1e-7c3d-9a41-6f2b8e7d1c20");
    private static readonly DateTimeOffset Created = new(2026, 3, 20, 20, 15, 2, TimeSpan.Zero);

    [Fact]
    public void Run_models_carry_the_values_given_and_consistent_defaults()
    {
        var summary = StepflowModelFactory.RunSummary(RunId, "f1", "greet", ExecutionStatus.Failed, createdAt: Created, orchestratorId: "host");
        Assert.Equal((RunId, "f1", "greet", ExecutionStatus.Failed, Created, "host"),
            (summary.RunId, summary.FlowId, summary.FlowName, summary.Status, summary.CreatedAt, summary.OrchestratorId));
        Assert.Equal(RunId, summary.RootRunId);
        Assert.Equal(Created, summary.CompletedAt);
        Assert.Equal((1L, 1L, 0L), (summary.Items!.Total, summary.Items.Failed, summary.Items.Completed));

        var details = StepflowModelFactory.RunDetails(RunId, status: ExecutionStatus.Running,
            itemDetails: [StepflowModelFactory.ItemDetails(0, JsonValue.Create(1), ExecutionStatus.Running, [StepflowModelFactory.StepStatusInfo("a", StepStatus.Running)])]);
        Assert.Null(details.CompletedAt);
        Assert.Equal(1, details.Items!.Running);
        Assert.Equal("a", Assert.Single(Assert.Single(details.ItemDetails!).Steps).StepId);

        var stats = StepflowModelFactory.ItemStatistics(total: 5, running: 1, failed: 2);
        Assert.Equal((5L, 2L, 1L, 2L, 0L), (stats.Total, stats.Completed, stats.Running, stats.Failed, stats.Cancelled));
    }

    [Fact]
    public void Results_follow_their_outcome()
    {
        var success = StepflowModelFactory.ItemResult(2, StepflowModelFactory.FlowResultSuccess(new { answer = 42 }));
        Assert.Equal((2L, ExecutionStatus.Completed), (success.ItemIndex, success.Status));
        Assert.Equal(42, (int)Assert.IsType<FlowResultSuccess>(success.Result).Result!["answer"]!);
        Assert.NotNull(success.CompletedAt);

        var failed = StepflowModelFactory.ItemResult(0, StepflowModelFactory.FlowResultFailed(TaskErrorCode.Timeout, "slow", JsonValue.Create("x")));
        Assert.Equal(ExecutionStatus.Failed, failed.Status);
        var error = Assert.IsType<FlowResultFailed>(failed.Result).Error;
        Assert.Equal((TaskErrorCode.Timeout, "slow", "x"), (error.Code, error.Message, (string?)error.Data));

        var created = StepflowModelFactory.CreateRunResponse(RunId, results: [success, failed]);
        Assert.Equal(ExecutionStatus.Failed, created.Status);
        Assert.Equal((2L, 1L, 1L), (created.Items!.Total, created.Items.Completed, created.Items.Failed));
        Assert.Equal(ExecutionStatus.Running, StepflowModelFactory.CreateRunResponse().Status);

        var items = StepflowModelFactory.ListItemsResponse([success, failed]);
        Assert.Equal(2, items.ItemCount);

        var run = StepflowModelFactory.RunResult(output: new { greeting = "hi" }, runId: RunId);
        Assert.True(run.IsSuccess);
        Assert.Equal("hi", (string?)run.Output!["greeting"]);
        Assert.Equal(RunId, run.RunId);
        var broken = StepflowModelFactory.RunResult(error: StepflowModelFactory.FlowError(message: "nope"));
        Assert.True(broken.IsFailure);
        Assert.Equal(ExecutionStatus.Failed, broken.Status);
        Assert.False(StepflowModelFactory.RunResult(status: ExecutionStatus.Running).IsFinished);
    }

    [Fact]
    public void Flow_step_blob_and_server_models_carry_the_values_given()
    {
        var fatal = StepflowModelFactory.Diagnostic(DiagnosticLevel.Fatal, "selfReference", path: "$.steps[0]");
        Assert.Equal((3000, "selfReference", "$.steps[0]"), (fatal.Code, fatal.Formatted, fatal.Path));
        var stored = StepflowModelFactory.StoreFlowResponse("abc", diagnostics: StepflowModelFactory.Diagnostics([fatal, StepflowModelFactory.Diagnostic()]));
        Assert.Equal(("abc", false, 1L, 1L), (stored.FlowId, stored.Stored, stored.Diagnostics.NumFatal, stored.Diagnostics.NumWarning));
        Assert.False(StepflowModelFactory.ValidationResult(diagnostics: [fatal]).IsValid);

        var flow = StepflowModelFactory.FlowResponse(StepflowModelFactory.Flow("greet"), "abc");
        Assert.Equal(("greet", "abc"), (flow.Flow.Name, flow.FlowId));

        var step = StepflowModelFactory.StepStatusEntry("s", 1, 2, StepStatus.Failed, "/python/udf", journalSeqno: 7);
        Assert.Equal(("s", 1L, 2L, StepStatus.Failed, "/python/udf", 7L), (step.StepId, step.StepIndex, step.ItemIndex, step.Status, step.Component, step.JournalSeqno));
        Assert.Equal(["a", "b"], StepflowModelFactory.ListStepRunsResponse([StepflowModelFactory.StepRunResponse("a"), StepflowModelFactory.StepRunResponse("b")]).Steps.Keys);

        var component = StepflowModelFactory.ComponentInfo("/python/udf", "Run code", JsonNode.Parse("{}"));
        Assert.Equal(("/python/udf", "Run code"), (component.Component, component.Description));
        Assert.NotNull(component.InputSchema);
        Assert.False(StepflowModelFactory.ListComponentsResponse([component], [StepflowModelFactory.PluginDiscoveryError()]).Complete);

        var health = StepflowModelFactory.HealthResponse(timestamp: Created);
        Assert.Equal(("healthy", "0.11.1", "2026-03-20T20:15:02.0000000+00:00"), (health.Status, health.Version, health.Timestamp));

        Assert.Equal(("b1", "a.txt"), (StepflowModelFactory.StoreBlobResponse("b1", "a.txt").BlobId, StepflowModelFactory.StoreBlobResponse("b1", "a.txt").Filename));
        var blob = StepflowModelFactory.GetBlobResponse(JsonNode.Parse("""{"a":1}"""), filename: "a.json");
        Assert.Equal("015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862", blob.BlobId); // SHA-256 of {"a":1}
        Assert.Equal((BlobType.Data, "a.json"), (blob.BlobType, blob.Filename));
    }
}
