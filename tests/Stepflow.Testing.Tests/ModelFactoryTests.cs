using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Tests;

public sealed class ModelFactoryTests
{
    private static readonly Guid RunId = Guid.Parse("0195b3c2-5a1e-7c3d-9a41-6f2b8e7d1c20");
    private static readonly DateTimeOffset Created = new(2026, 3, 20, 20, 15, 2, TimeSpan.Zero);

    [Fact]
    public void Run_models_carry_the_values_given_and_consistent_defaults()
    {
        var summary = StepflowModelFactory.RunSummary(RunId, "f1", "greet", RunStatus.Failed, createdAt: Created, orchestratorId: "host");
        Assert.Equal((RunId, "f1", "greet", RunStatus.Failed, Created, "host"),
            (summary.RunId, summary.FlowId, summary.FlowName, summary.Status, summary.CreatedAt, summary.OrchestratorId));
        Assert.Equal(RunId, summary.RootRunId);
        Assert.Equal(Created, summary.CompletedAt);
        Assert.Equal((1, 1, 0), (summary.ItemCounts.Total, summary.ItemCounts.Failed, summary.ItemCounts.Completed));

        var started = StepflowModelFactory.RunSummary(status: RunStatus.Running);
        Assert.Null(started.CompletedAt);
        Assert.Equal((1, 1, 0), (started.ItemCounts.Total, started.ItemCounts.Running, started.ItemCounts.Completed));

        var details = StepflowModelFactory.RunDetails(RunId, status: RunStatus.Running,
            steps: [StepflowModelFactory.StepRun("a", status: StepStatus.Running)],
            items: [StepflowModelFactory.RunItem(0, JsonValue.Create(1), RunStatus.Running), StepflowModelFactory.RunItem(1, JsonValue.Create(2))]);
        Assert.Null(details.CompletedAt);
        Assert.Equal((2, 1, 1), (details.ItemCounts.Total, details.ItemCounts.Running, details.ItemCounts.Completed));
        Assert.Equal("a", Assert.Single(details.Steps).StepId);
        Assert.Null(details.Items![0].CompletedAt);
        Assert.NotNull(details.Items[1].CompletedAt);

        var counts = StepflowModelFactory.RunItemCounts(total: 5, running: 1, failed: 2);
        Assert.Equal((5, 2, 1, 2, 0), (counts.Total, counts.Completed, counts.Running, counts.Failed, counts.Cancelled));
    }

    [Fact]
    public void Results_follow_their_outcome()
    {
        var success = StepflowModelFactory.ItemResult(2, ItemOutcome.Success(new { answer = 42 }));
        Assert.Equal((2, RunStatus.Completed, ResultOutcome.Succeeded), (success.ItemIndex, success.Status, success.Outcome));
        Assert.Equal(42, (int)success.Output!["answer"]!);
        Assert.Null(success.Error);
        Assert.NotNull(success.CompletedAt);

        var failed = StepflowModelFactory.ItemResult(0, ItemOutcome.Failure(TaskErrorCode.Timeout, "slow", JsonValue.Create("x")));
        Assert.Equal((RunStatus.Failed, ResultOutcome.Failed), (failed.Status, failed.Outcome));
        var error = Assert.IsType<FlowError>(failed.Error);
        Assert.Equal((TaskErrorCode.Timeout, "slow", "x"), (error.Code, error.Message, (string?)error.Data));
        Assert.NotNull(failed.CompletedAt);

        var pending = StepflowModelFactory.ItemResult(1);
        Assert.Equal((RunStatus.Running, ResultOutcome.Pending), (pending.Status, pending.Outcome));
        Assert.Null(pending.CompletedAt);

        var batch = StepflowModelFactory.RunResult(runId: RunId, items: [success, failed]);
        Assert.Equal((RunId, RunStatus.Failed, 2), (batch.RunId, batch.Status, batch.Items.Count));
        Assert.Equal((1, 1), (batch.Items.Count(i => i.IsSuccess), batch.Items.Count(i => i.IsFailure)));
        Assert.Equal(RunStatus.Running, StepflowModelFactory.RunResult(items: [success, pending]).Status);

        var run = StepflowModelFactory.RunResult(output: new { greeting = "hi" }, runId: RunId);
        Assert.True(run.IsSuccess);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("hi", (string?)run.Output!["greeting"]);
        Assert.Equal(RunId, run.RunId);
        var broken = StepflowModelFactory.RunResult(error: StepflowModelFactory.FlowError(message: "nope"));
        Assert.True(broken.IsFailure);
        Assert.Equal(RunStatus.Failed, broken.Status);
        Assert.Equal((TaskErrorCode.ComponentFailed, "nope"), (broken.Error!.Code, broken.Error.Message));
        var running = StepflowModelFactory.RunResult(status: RunStatus.Running);
        Assert.False(running.IsFinished);
        Assert.Equal(ResultOutcome.Pending, Assert.Single(running.Items).Outcome);
    }

    [Fact]
    public void Flow_step_blob_and_server_models_carry_the_values_given()
    {
        var fatal = StepflowModelFactory.Diagnostic(DiagnosticLevel.Fatal, "selfReference", path: "$.steps[0]");
        Assert.Equal((3000, "selfReference", "selfReference", "$.steps[0]"), (fatal.Code, fatal.Kind, fatal.Message, fatal.Path));
        var stored = StepflowModelFactory.StoreFlowResult("abc", diagnostics: [fatal, StepflowModelFactory.Diagnostic()]);
        Assert.Equal(("abc", false, 1, 1), (stored.FlowId, stored.Stored, stored.FatalCount, stored.WarningCount));
        Assert.True(StepflowModelFactory.StoreFlowResult("abc", diagnostics: [StepflowModelFactory.Diagnostic()]).Stored);
        Assert.False(StepflowModelFactory.ValidationResult(diagnostics: [fatal]).IsValid);

        var flow = StepflowModelFactory.FlowDefinition(new JsonObject { ["name"] = "greet" }, "abc",
            [StepflowModelFactory.FlowExample("ada", new { name = "Ada" })]);
        Assert.Equal(("greet", "abc"), (flow.Name, flow.FlowId));
        Assert.Equal("Ada", (string?)Assert.Single(flow.Examples).Input!["name"]);

        var step = StepflowModelFactory.StepRun("s", 1, 2, StepStatus.Failed, "/python/udf", journalSequence: 7);
        Assert.Equal(("s", (int?)1, (int?)2, StepStatus.Failed, "/python/udf", (long?)7),
            (step.StepId, step.StepIndex, step.ItemIndex, step.Status, step.Component, step.JournalSequence));
        var failedStep = StepflowModelFactory.StepRun("b", outcome: ItemOutcome.Failure(TaskErrorCode.ComponentFailed, "boom"));
        Assert.Equal((StepStatus.Failed, ResultOutcome.Failed, "boom"), (failedStep.Status, failedStep.Outcome, failedStep.Error?.Message));
        var doneStep = StepflowModelFactory.StepRun("a", outcome: ItemOutcome.Success(1));
        Assert.Equal((StepStatus.Completed, ResultOutcome.Succeeded, 1), (doneStep.Status, doneStep.Outcome, (int)doneStep.Output!));

        var component = StepflowModelFactory.ComponentInfo("/python/udf", "Run code", JsonNode.Parse("{}"));
        Assert.Equal(("/python/udf", "Run code"), (component.Path, component.Description));
        Assert.NotNull(component.InputSchema);
        Assert.False(StepflowModelFactory.ComponentList([component], [StepflowModelFactory.PluginFailure()]).IsComplete);
        Assert.True(StepflowModelFactory.ComponentList([component]).IsComplete);

        var health = StepflowModelFactory.ServerHealth(timestamp: Created);
        Assert.Equal(("healthy", "0.11.1", (DateTimeOffset?)Created), (health.Status, health.Version, health.Timestamp));
        Assert.True(health.IsHealthy);

        Assert.Equal(("b1", "a.txt"), (StepflowModelFactory.StoredBlob("b1", "a.txt").BlobId, StepflowModelFactory.StoredBlob("b1", "a.txt").Filename));
        var blob = StepflowModelFactory.BlobData(JsonNode.Parse("""{"a":1}"""), filename: "a.json");
        Assert.Equal("015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862", blob.BlobId); // SHA-256 of {"a":1}
        Assert.Equal((BlobType.Data, "a.json"), (blob.BlobType, blob.Filename));
        Assert.Equal(1, (int)blob.Data!["a"]!);
    }
}
