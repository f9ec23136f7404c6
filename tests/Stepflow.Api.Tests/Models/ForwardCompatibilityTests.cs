using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Models;

/// <summary>Values, members and shapes this SDK does not know must not break deserialization.</summary>
public class ForwardCompatibilityTests
{
    [Fact]
    public void UnknownExecutionStatus_IsKeptAsItsText()
    {
        var run = JsonAssert.Deserialize<RunSummary>(
            ContractSamples.Fill("""{"runId":"<R>","flowId":"<F>","flowName":"greet","status":"archived","items":{"total":1,"completed":1,"running":0,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z","completedAt":null,"rootRunId":"<R>","createdAtSeqno":0}"""));

        Assert.Equal(new ExecutionStatus("archived"), run.Status);
        Assert.Equal("archived", run.Status.ToString());
        Assert.NotEqual(ExecutionStatus.Completed, run.Status);
        Assert.Equal("greet", run.FlowName);
        Assert.Equal(ContractSamples.RunId, run.RunId);
        Assert.Equal("archived", JsonAssert.SerializeToNode(run)!["status"]!.GetValue<string>());
    }

    [Fact]
    public void UnknownStepStatus_IsKeptAsItsText()
    {
        var info = JsonAssert.Deserialize<StepStatusInfo>("""{"stepId":"hello","status":"suspended"}""");

        Assert.Equal(new StepStatus("suspended"), info.Status);
        Assert.Equal("hello", info.StepId);
    }

    [Fact]
    public void UnknownTaskErrorCode_IsKeptAsItsTextWithTheMessage()
    {
        var error = JsonAssert.Deserialize<FlowError>("""{"code":"QUOTA_EXCEEDED","message":"too many requests"}""");

        Assert.Equal(new TaskErrorCode("QUOTA_EXCEEDED"), error.Code);
        Assert.Equal("too many requests", error.Message);
    }

    [Fact]
    public void IntegerFlowErrorCode_From0_11_1Server_ReadsAsItsDecimalTextAndKeepsMessage()
    {
        var result = JsonAssert.Deserialize<FlowResult>(
            """{"outcome":"failed","error":{"code":-32100,"message":"Component failed: division by zero","data":{"detail":"x/0"}}}""");

        var failed = Assert.IsType<FlowResultFailed>(result);
        Assert.Equal("-32100", failed.Error.Code.ToString());
        Assert.Equal(new TaskErrorCode("-32100"), failed.Error.Code);
        Assert.Equal("Component failed: division by zero", failed.Error.Message);
        Assert.Equal("x/0", failed.Error.Data!["detail"]!.GetValue<string>());
    }

    [Fact]
    public void IntegerFlowErrorCode_IsWrittenBackAsItsText()
    {
        var error = JsonAssert.Deserialize<FlowError>("""{"code":-32100,"message":"m"}""");

        var node = JsonAssert.SerializeToNode(error)!;

        Assert.Equal("-32100", node["code"]!.GetValue<string>());
        Assert.Equal(new TaskErrorCode("-32100"), JsonAssert.Deserialize<FlowError>(node.ToJsonString()).Code);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("7", "7")]
    [InlineData("-32100", "-32100")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("1.5", "1.5")]
    public void Numbers_ReadAsTheirDecimalText(string json, string text)
    {
        Assert.Equal(text, JsonSerializer.Deserialize<TaskErrorCode>(json, Stepflow.Api.Serialization.StepflowJson.Options).ToString());
    }

    [Theory]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    public void Booleans_ReadAsTheirText(string json, string text)
    {
        Assert.Equal(new ExecutionStatus(text), JsonSerializer.Deserialize<ExecutionStatus>(json, Stepflow.Api.Serialization.StepflowJson.Options));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    public void OtherJsonTokens_AreNotAValue(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExecutionStatus>(json, Stepflow.Api.Serialization.StepflowJson.Options));
    }

    [Fact]
    public void UnknownNullableEnumValues_AreKeptAsTheirText()
    {
        var request = JsonAssert.Deserialize<StoreBlobRequest>("""{"data":1,"blobType":"archive"}""");
        var overrideValue = JsonAssert.Deserialize<StepOverride>("""{"$type":"strategic_merge","value":{}}""");
        var diagnostic = JsonAssert.Deserialize<Diagnostic>("""{"kind":"k","code":1,"level":"info","formatted":"f"}""");

        Assert.Equal(new BlobType("archive"), request.BlobType);
        Assert.Equal(new OverrideType("strategic_merge"), overrideValue.Type);
        Assert.Equal(new DiagnosticLevel("info"), diagnostic.Level);
    }

    [Theory]
    [InlineData(typeof(StoreBlobRequest), """{"data":1,"blobType":"archive","filename":"a.bin"}""")]
    [InlineData(typeof(StepOverride), """{"$type":"strategic_merge","value":{}}""")]
    [InlineData(typeof(StepStatusInfo), """{"stepId":"hello","status":"suspended"}""")]
    [InlineData(typeof(FlowError), """{"code":"QUOTA_EXCEEDED","message":"too many requests"}""")]
    [InlineData(typeof(RunSummary), """{"runId":"00000000-0000-0000-0000-000000000001","flowId":"f","flowName":"greet","status":"archived","createdAt":"2026-03-20T20:15:02+00:00","rootRunId":"00000000-0000-0000-0000-000000000001","createdAtSeqno":0}""")]
    public void UnknownStringValues_RoundTripUnchanged(Type model, string json)
    {
        var value = JsonSerializer.Deserialize(json, model, Stepflow.Api.Serialization.StepflowJson.Options);

        var written = JsonNode.Parse(JsonSerializer.Serialize(value, model, Stepflow.Api.Serialization.StepflowJson.Options));

        JsonAssert.EqualIgnoringNullMembers(json, written);
    }

    [Fact]
    public void KnownValues_EqualTheStaticMembers()
    {
        var run = JsonAssert.Deserialize<RunSummary>(
            ContractSamples.Fill("""{"runId":"<R>","flowId":"<F>","status":"recoveryFailed","createdAt":"2026-03-20T20:15:02Z","rootRunId":"<R>","createdAtSeqno":0}"""));

        Assert.Equal(ExecutionStatus.RecoveryFailed, run.Status);
        Assert.True(run.Status == ExecutionStatus.RecoveryFailed);
        Assert.False(run.Status != ExecutionStatus.RecoveryFailed);
        Assert.True(new ExecutionStatus("running") == ExecutionStatus.Running);
        Assert.True(ExecutionStatus.Running.Equals((object)new ExecutionStatus("running")));
        ExecutionStatus fromText = "completed";
        Assert.Equal(ExecutionStatus.Completed, fromText);
        Assert.Equal(ExecutionStatus.Completed.GetHashCode(), fromText.GetHashCode());
        Assert.Equal(TaskErrorCode.ComponentFailed, new TaskErrorCode("COMPONENT_FAILED"));
        Assert.Equal("COMPONENT_FAILED", TaskErrorCode.ComponentFailed.ToString());
    }

    [Fact]
    public void Values_CompareOrdinally()
    {
        Assert.NotEqual(ExecutionStatus.Running, new ExecutionStatus("Running"));
        Assert.NotEqual(TaskErrorCode.Timeout, new TaskErrorCode("timeout"));
        Assert.False(ExecutionStatus.Running.Equals((object)"running"));
    }

    [Fact]
    public void TheDefaultValue_IsEmpty_EqualsNoKnownValue_AndIsWrittenAsNull()
    {
        var empty = default(ExecutionStatus);

        Assert.Equal(string.Empty, empty.ToString());
        Assert.NotEqual(ExecutionStatus.Running, empty);
        Assert.NotEqual(new ExecutionStatus(string.Empty), empty);
        Assert.Equal(0, empty.GetHashCode());
        Assert.Equal("null", JsonSerializer.Serialize(empty, Stepflow.Api.Serialization.StepflowJson.Options));
        Assert.Equal(empty, JsonSerializer.Deserialize<ExecutionStatus>("null", Stepflow.Api.Serialization.StepflowJson.Options));
        Assert.Equal("\"\"", JsonSerializer.Serialize(new ExecutionStatus(string.Empty), Stepflow.Api.Serialization.StepflowJson.Options));
    }

    [Fact]
    public void NullText_IsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new ExecutionStatus(null!));
    }

    [Fact]
    public void Values_NeedNoSerializerConfiguration()
    {
        // The converter sits on the type, so plain System.Text.Json (no StepflowJson resolver) reads and writes the same text.
        Assert.Equal("\"recoveryFailed\"", JsonSerializer.Serialize(ExecutionStatus.RecoveryFailed));
        Assert.Equal(new ExecutionStatus("archived"), JsonSerializer.Deserialize<ExecutionStatus>("\"archived\""));
        Assert.Equal(new TaskErrorCode("-32100"), JsonSerializer.Deserialize<TaskErrorCode?>("-32100"));
        Assert.Null(JsonSerializer.Deserialize<TaskErrorCode?>("null"));
        Assert.Equal("""{"data":null,"blobType":"binary","filename":null}""", JsonSerializer.Serialize(new StoreBlobRequest { BlobType = BlobType.Binary }));
    }

    [Fact]
    public void Values_WorkAsDictionaryKeys()
    {
        var counts = new Dictionary<ExecutionStatus, int> { [ExecutionStatus.Running] = 1, [new ExecutionStatus("archived")] = 2 };

        var json = JsonSerializer.Serialize(counts, Stepflow.Api.Serialization.StepflowJson.Options);
        var back = JsonSerializer.Deserialize<Dictionary<ExecutionStatus, int>>(json, Stepflow.Api.Serialization.StepflowJson.Options)!;

        Assert.Equal("""{"running":1,"archived":2}""", json);
        Assert.Equal(1, back[ExecutionStatus.Running]);
        Assert.Equal(2, back["archived"]);
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

    public static TheoryData<ExecutionStatus, string> ExecutionStatuses => new()
    {
        { ExecutionStatus.Running, "running" },
        { ExecutionStatus.Completed, "completed" },
        { ExecutionStatus.Failed, "failed" },
        { ExecutionStatus.Cancelled, "cancelled" },
        { ExecutionStatus.Paused, "paused" },
        { ExecutionStatus.RecoveryFailed, "recoveryFailed" },
    };

    [Theory]
    [MemberData(nameof(ExecutionStatuses))]
    public void ExecutionStatus_UsesWireNames(ExecutionStatus value, string wireName)
    {
        Assert.Equal($"\"{wireName}\"", JsonSerializer.Serialize(value, Stepflow.Api.Serialization.StepflowJson.Options));
        Assert.Equal(value, JsonSerializer.Deserialize<ExecutionStatus>($"\"{wireName}\"", Stepflow.Api.Serialization.StepflowJson.Options));
        Assert.Equal(wireName, value.ToString());
        Assert.Equal(value, new ExecutionStatus(wireName));

        var node = JsonAssert.SerializeToNode(new RunSummary { Status = value })!;
        Assert.Equal(wireName, node["status"]!.GetValue<string>());
    }

    public static TheoryData<TaskErrorCode, string> TaskErrorCodes => new()
    {
        { TaskErrorCode.Unspecified, "UNSPECIFIED" },
        { TaskErrorCode.Timeout, "TIMEOUT" },
        { TaskErrorCode.InvalidInput, "INVALID_INPUT" },
        { TaskErrorCode.ComponentFailed, "COMPONENT_FAILED" },
        { TaskErrorCode.Cancelled, "CANCELLED" },
        { TaskErrorCode.Unreachable, "UNREACHABLE" },
        { TaskErrorCode.ComponentNotFound, "COMPONENT_NOT_FOUND" },
        { TaskErrorCode.ResourceUnavailable, "RESOURCE_UNAVAILABLE" },
        { TaskErrorCode.ExpressionFailure, "EXPRESSION_FAILURE" },
        { TaskErrorCode.OrchestratorError, "ORCHESTRATOR_ERROR" },
        { TaskErrorCode.WorkerError, "WORKER_ERROR" },
    };

    [Theory]
    [MemberData(nameof(TaskErrorCodes))]
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
    public void NewStoreBlobRequest_DefaultsToData()
    {
        var request = new StoreBlobRequest { Data = JsonValue.Create(1) };

        Assert.Equal(BlobType.Data, request.BlobType);
        Assert.Equal("data", JsonAssert.SerializeToNode(request)!["blobType"]!.GetValue<string>());
    }

    [Fact]
    public void NewStepOverride_DefaultsToMergePatch()
    {
        var node = JsonAssert.SerializeToNode(new StepOverride { Value = JsonNode.Parse("""{"input":{"msg":"hi"}}""") })!;

        JsonAssert.Equal("""{"$type":"merge_patch","value":{"input":{"msg":"hi"}}}""", node);
    }
}
