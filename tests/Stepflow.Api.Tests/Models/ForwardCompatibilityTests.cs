using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Models;

/// <summary>Values, members and shapes this SDK does not know must not break deserialization.</summary>
public class ForwardCompatibilityTests
{
    [Fact]
    public void UnknownExecutionStatus_BecomesUnknown()
    {
        var run = JsonAssert.Deserialize<RunSummary>(
            ContractSamples.Fill("""{"runId":"<R>","flowId":"<F>","flowName":"greet","status":"archived","items":{"total":1,"completed":1,"running":0,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z","completedAt":null,"rootRunId":"<R>","createdAtSeqno":0}"""));

        Assert.Equal(ExecutionStatus.Unknown, run.Status);
        Assert.Equal("greet", run.FlowName);
        Assert.Equal(ContractSamples.RunId, run.RunId);
    }

    [Fact]
    public void UnknownStepStatus_BecomesUnknown()
    {
        var info = JsonAssert.Deserialize<StepStatusInfo>("""{"stepId":"hello","status":"suspended"}""");

        Assert.Equal(StepStatus.Unknown, info.Status);
        Assert.Equal("hello", info.StepId);
    }

    [Fact]
    public void UnknownTaskErrorCode_BecomesUnknownAndKeepsMessage()
    {
        var error = JsonAssert.Deserialize<FlowError>("""{"code":"QUOTA_EXCEEDED","message":"too many requests"}""");

        Assert.Equal(TaskErrorCode.Unknown, error.Code);
        Assert.Equal("too many requests", error.Message);
    }

    [Fact]
    public void IntegerFlowErrorCode_From0_11_1Server_BecomesUnknownAndKeepsMessage()
    {
        var result = JsonAssert.Deserialize<FlowResult>(
            """{"outcome":"failed","error":{"code":-32100,"message":"Component failed: division by zero","data":{"detail":"x/0"}}}""");

        var failed = Assert.IsType<FlowResultFailed>(result);
        Assert.Equal(TaskErrorCode.Unknown, failed.Error.Code);
        Assert.Equal("Component failed: division by zero", failed.Error.Message);
        Assert.Equal("x/0", failed.Error.Data!["detail"]!.GetValue<string>());
    }

    [Fact]
    public void UnknownNullableEnumValues_BecomeUnknown()
    {
        var request = JsonAssert.Deserialize<StoreBlobRequest>("""{"data":1,"blobType":"archive"}""");
        var overrideValue = JsonAssert.Deserialize<StepOverride>("""{"$type":"strategic_merge","value":{}}""");
        var diagnostic = JsonAssert.Deserialize<Diagnostic>("""{"kind":"k","code":1,"level":"info","formatted":"f"}""");

        Assert.Equal(BlobType.Unknown, request.BlobType);
        Assert.Equal(OverrideType.Unknown, overrideValue.Type);
        Assert.Equal(DiagnosticLevel.Unknown, diagnostic.Level);
    }

    [Fact]
    public void UnknownOutcome_FallsBackToBaseFlowResult()
    {
        var result = JsonAssert.Deserialize<FlowResult>("""{"outcome":"skipped","reason":"condition false"}""");

        Assert.Equal(typeof(FlowResult), result.GetType());
    }

    [Fact]
    public void UnknownAction_FallsBackToBaseErrorAction()
    {
        var step = JsonAssert.Deserialize<Step>("""{"id":"a","component":"/builtin/eval","onError":{"action":"skip"}}""");

        Assert.NotNull(step.OnError);
        Assert.Equal(typeof(ErrorAction), step.OnError.GetType());
    }

    [Fact]
    public void UnknownMembersEverywhere_AreIgnored()
    {
        var details = JsonAssert.Deserialize<RunDetails>(
            ContractSamples.Fill("""{"runId":"<R>","futureTopLevel":{"a":[1,2]},"flowId":"<F>","flowName":null,"status":"completed","items":{"total":1,"completed":1,"running":0,"failed":0,"cancelled":0,"skipped":0},"createdAt":"2026-03-20T20:15:02.118431Z","completedAt":"2026-03-20T20:15:03.9Z","rootRunId":"<R>","createdAtSeqno":0,"priority":7,"itemDetails":[{"itemIndex":0,"input":{"name":"Ada"},"status":"completed","attempts":2,"steps":[{"stepId":"hello","status":"completed","durationMs":12}]}]}"""));

        Assert.Equal(ExecutionStatus.Completed, details.Status);
        Assert.Equal(1, details.Items!.Completed);
        var item = Assert.Single(details.ItemDetails!);
        Assert.Equal(ExecutionStatus.Completed, item.Status);
        Assert.Equal("hello", Assert.Single(item.Steps).StepId);
    }

    [Fact]
    public void UnknownMembers_InEventsAndResults_AreIgnored()
    {
        var e = JsonAssert.Deserialize<StatusEvent>(
            ContractSamples.Fill("""{"sequenceNumber":3,"timestamp":"2026-03-20T20:15:03Z","traceId":"abc","event":"step_completed","runId":"<R>","itemIndex":0,"stepIndex":0,"status":"completed","result":{"outcome":"success","result":1,"cost":0.2}}"""));

        var completed = Assert.IsType<StatusEventStepCompleted>(e);
        var success = Assert.IsType<FlowResultSuccess>(completed.Result);
        Assert.Equal(1, success.Result!.GetValue<int>());
    }

    [Fact]
    public void MissingOptionalMembers_AreFine()
    {
        var run = JsonAssert.Deserialize<RunDetails>(
            ContractSamples.Fill("""{"runId":"<R>","flowId":"<F>","status":"running","createdAt":"2026-03-20T20:15:02Z","rootRunId":"<R>","createdAtSeqno":0}"""));

        Assert.Null(run.FlowName);
        Assert.Null(run.CompletedAt);
        Assert.Null(run.ParentRunId);
        Assert.Null(run.OrchestratorId);
        Assert.Null(run.FinishedAtSeqno);
        Assert.Null(run.ItemDetails);
        Assert.Null(run.Overrides);
        Assert.Null(run.Items);
        Assert.Equal(ExecutionStatus.Running, run.Status);
    }

    [Fact]
    public void ExplicitNulls_AreFine()
    {
        var run = JsonAssert.Deserialize<RunSummary>(
            ContractSamples.Fill("""{"runId":"<R>","flowId":"<F>","flowName":null,"status":"running","items":{"total":1,"completed":0,"running":1,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02Z","completedAt":null,"rootRunId":"<R>","parentRunId":null,"orchestratorId":null,"createdAtSeqno":0,"finishedAtSeqno":null}"""));
        var step = JsonAssert.Deserialize<Step>(
            """{"id":"a","component":"/builtin/eval","onError":null,"input":null,"mustExecute":null,"metadata":null}""");

        var blob = JsonAssert.Deserialize<StoreBlobRequest>("""{"data":null,"blobType":null,"filename":null}""");

        Assert.Null(run.FlowName);
        Assert.Null(run.CompletedAt);
        Assert.Null(run.ParentRunId);
        Assert.Null(run.FinishedAtSeqno);
        Assert.Null(blob.Data);
        Assert.Null(blob.BlobType);
        Assert.Null(blob.Filename);
        Assert.Null(step.OnError);
        Assert.Null(step.Input);
        Assert.Null(step.MustExecute);
    }

    [Fact]
    public void FlowResponse_WithoutAllExamples_Deserializes()
    {
        var response = JsonAssert.Deserialize<FlowResponse>(ContractSamples.E3FlowResponse);

        Assert.Equal(ContractSamples.FlowId, response.FlowId);
        Assert.Equal("greet", response.Flow.Name);
        Assert.NotNull(response.AllExamples);
        Assert.Empty(response.AllExamples);
    }

    [Fact]
    public void FlowResponse_WithAllExamples_Deserializes()
    {
        var response = JsonAssert.Deserialize<FlowResponse>(
            ContractSamples.Fill("""{"flow":{"name":"greet"},"flowId":"<F>","allExamples":[{"name":"ada","description":"greets Ada","input":{"name":"Ada"}},{"name":"bob","input":{"name":"Bob"}}]}"""));

        Assert.Equal(2, response.AllExamples.Count);
        Assert.Equal("ada", response.AllExamples[0].Name);
        Assert.Equal("greets Ada", response.AllExamples[0].Description);
        JsonAssert.Equal("""{"name":"Ada"}""", response.AllExamples[0].Input);
        Assert.Null(response.AllExamples[1].Description);
    }

    [Theory]
    [InlineData(ExecutionStatus.Running, "running")]
    [InlineData(ExecutionStatus.Completed, "completed")]
    [InlineData(ExecutionStatus.Failed, "failed")]
    [InlineData(ExecutionStatus.Cancelled, "cancelled")]
    [InlineData(ExecutionStatus.Paused, "paused")]
    [InlineData(ExecutionStatus.RecoveryFailed, "recoveryFailed")]
    public void ExecutionStatus_UsesWireNames(ExecutionStatus value, string wireName)
    {
        Assert.Equal($"\"{wireName}\"", JsonSerializer.Serialize(value, Stepflow.Api.Serialization.StepflowJson.Options));
        Assert.Equal(value, JsonSerializer.Deserialize<ExecutionStatus>($"\"{wireName}\"", Stepflow.Api.Serialization.StepflowJson.Options));

        var node = JsonAssert.SerializeToNode(new RunSummary { Status = value })!;
        Assert.Equal(wireName, node["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(TaskErrorCode.Unspecified, "UNSPECIFIED")]
    [InlineData(TaskErrorCode.Timeout, "TIMEOUT")]
    [InlineData(TaskErrorCode.InvalidInput, "INVALID_INPUT")]
    [InlineData(TaskErrorCode.ComponentFailed, "COMPONENT_FAILED")]
    [InlineData(TaskErrorCode.Cancelled, "CANCELLED")]
    [InlineData(TaskErrorCode.Unreachable, "UNREACHABLE")]
    [InlineData(TaskErrorCode.ComponentNotFound, "COMPONENT_NOT_FOUND")]
    [InlineData(TaskErrorCode.ResourceUnavailable, "RESOURCE_UNAVAILABLE")]
    [InlineData(TaskErrorCode.ExpressionFailure, "EXPRESSION_FAILURE")]
    [InlineData(TaskErrorCode.OrchestratorError, "ORCHESTRATOR_ERROR")]
    [InlineData(TaskErrorCode.WorkerError, "WORKER_ERROR")]
    public void TaskErrorCode_UsesWireNames(TaskErrorCode value, string wireName)
    {
        var node = JsonAssert.SerializeToNode(new FlowError { Code = value, Message = "m" })!;

        Assert.Equal(wireName, node["code"]!.GetValue<string>());
        Assert.Equal(value, JsonAssert.Deserialize<FlowError>($$"""{"code":"{{wireName}}","message":"m"}""").Code);
    }

    [Fact]
    public void OtherEnums_UseWireNames()
    {
        var overrideNode = JsonAssert.SerializeToNode(new StepOverride { Type = OverrideType.MergePatch, Value = new JsonObject() })!;
        var jsonPatchNode = JsonAssert.SerializeToNode(new StepOverride { Type = OverrideType.JsonPatch, Value = new JsonArray() })!;
        var blobNode = JsonAssert.SerializeToNode(new StoreBlobRequest { Data = JsonValue.Create(1), BlobType = BlobType.Binary })!;
        var stepNode = JsonAssert.SerializeToNode(new StepStatusInfo { StepId = "s", Status = StepStatus.Runnable })!;
        var diagnosticNode = JsonAssert.SerializeToNode(new Diagnostic { Kind = "k", Level = DiagnosticLevel.Fatal, Formatted = "f" })!;

        Assert.Equal("merge_patch", overrideNode["$type"]!.GetValue<string>());
        Assert.Equal("json_patch", jsonPatchNode["$type"]!.GetValue<string>());
        Assert.Equal("binary", blobNode["blobType"]!.GetValue<string>());
        Assert.Equal("runnable", stepNode["status"]!.GetValue<string>());
        Assert.Equal("fatal", diagnosticNode["level"]!.GetValue<string>());
    }

    [Fact]
    public void NewStepOverride_DefaultsToMergePatch()
    {
        var node = JsonAssert.SerializeToNode(new StepOverride { Value = JsonNode.Parse("""{"input":{"msg":"hi"}}""") })!;

        JsonAssert.Equal("""{"$type":"merge_patch","value":{"input":{"msg":"hi"}}}""", node);
    }
}
