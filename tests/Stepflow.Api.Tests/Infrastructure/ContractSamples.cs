namespace Stepflow.Api.Tests.Infrastructure;

/// <summary>
/// Wire documents from docs/server-api.md, the example of each endpoint, with the elided parts ("…") filled in with concrete
/// values. Shapes follow the server exactly: camelCase, optional members absent, flowName/completedAt
/// explicit nulls, snake_case input_schema, <c>$type</c> in overrides, SCREAMING_SNAKE error codes.
/// </summary>
public static class ContractSamples
{
    /// <summary>Flow id <c>F</c>.</summary>
    public const string FlowId = "3f1cda18b831e3e4dc2536c828941c94f4d7f2cdc37b9b1aab79c8051db1be7";

    /// <summary>Flow id of the fatal flow in E2.</summary>
    public const string FatalFlowId = "94bcd4ddb7a3091f419a23bd624f50b975748113cebcae802892f3a7f1f387a1";

    /// <summary>Flow id of a sub-flow.</summary>
    public const string SubFlowId = "71a9f403d14e1c3b27561782ccc23cb4cfc21df366cf64509c6801a75425fd49";

    /// <summary>Blob id from E4/E6.</summary>
    public const string BlobId = "9b0e24da27f0974b02f914389f7d01bf74a2e3a1cadb8e30834ec0c8b4f39e78";

    /// <summary>Run id <c>R</c>.</summary>
    public const string RunIdText = "0195b3c2-5a1e-7c3d-9a41-6f2b8e7d1c20";

    /// <summary>A sub-run of <c>R</c>.</summary>
    public const string SubRunIdText = "0195b3c2-5b00-7a11-8c22-0d3e4f5a6b7c";

    public static readonly Guid RunId = Guid.Parse(RunIdText);

    public static readonly Guid SubRunId = Guid.Parse(SubRunIdText);

    /// <summary>
    /// Replaces the id placeholders in a JSON sample: <c>&lt;R&gt;</c> run, <c>&lt;SUBR&gt;</c> sub-run,
    /// <c>&lt;F&gt;</c> flow, <c>&lt;SUBF&gt;</c> sub-flow, <c>&lt;FATALF&gt;</c> fatal flow, <c>&lt;B&gt;</c> blob.
    /// </summary>
    public static string Fill(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return json
            .Replace("<SUBR>", SubRunIdText, StringComparison.Ordinal)
            .Replace("<R>", RunIdText, StringComparison.Ordinal)
            .Replace("<SUBF>", SubFlowId, StringComparison.Ordinal)
            .Replace("<FATALF>", FatalFlowId, StringComparison.Ordinal)
            .Replace("<F>", FlowId, StringComparison.Ordinal)
            .Replace("<B>", BlobId, StringComparison.Ordinal);
    }

    /// <summary>2026-03-20T20:15:02.118431Z.</summary>
    public static readonly DateTimeOffset CreatedAt = new DateTimeOffset(2026, 3, 20, 20, 15, 2, TimeSpan.Zero).AddTicks(1_184_310);

    /// <summary>2026-03-20T20:15:03.9Z.</summary>
    public static readonly DateTimeOffset CompletedAt = new DateTimeOffset(2026, 3, 20, 20, 15, 3, TimeSpan.Zero).AddTicks(9_000_000);

    public const string E1StoreFlowRequest = """
        {"flow":{"name":"greet","steps":[{"id":"hello","component":"/python/echo","input":{"msg":{"$input":"name"}}}],"output":{"$step":"hello","path":"msg"}}}
        """;

    public static readonly string E1StoreFlowResponse = Fill("""
        {"flowId":"<F>","stored":true,"diagnostics":{"diagnostics":[{"kind":"missingFlowDescription","code":1002,"level":"warning","formatted":"Flow has no description","path":"$.description"}],"numFatal":0,"numError":0,"numWarning":1}}
        """);

    public static readonly string E2StoreFlowResponseFatal = Fill("""
        {"flowId":"<FATALF>","stored":false,"diagnostics":{"diagnostics":[{"kind":"selfReference","code":3002,"level":"fatal","formatted":"Step 'hello' references itself","data":{"step_id":"hello","referenced_step_id":"hello"},"path":"$.steps[0].input.msg","experimental":true}],"numFatal":1,"numError":0,"numWarning":0}}
        """);

    public static readonly string E3FlowResponse = Fill("""
        {"flow":{"name":"greet","steps":[{"id":"hello","component":"/python/echo","input":{"msg":{"$input":"$.name"}}}],"output":{"$step":"hello","path":"$.msg"}},"flowId":"<F>"}
        """);

    public const string E4StoreBlobRequest = """
        {"data":{"code":"input['a'] + input['b']"},"blobType":"data","filename":"udf.json"}
        """;

    public static readonly string E4StoreBlobResponse = Fill("""
        {"blobId":"<B>","filename":"udf.json"}
        """);

    public static readonly string E6GetBlobResponse = Fill("""
        {"data":{"code":"input['a'] + input['b']"},"blobType":"data","blobId":"<B>","filename":"udf.json"}
        """);

    public static readonly string E7CreateRunRequest = Fill("""
        {"flowId":"<F>","input":[{"name":"Ada"}]}
        """);

    public static readonly string E7CreateRunAccepted = Fill("""
        {"runId":"<R>","flowId":"<F>","flowName":"greet","status":"running","items":{"total":1,"completed":0,"running":1,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z","completedAt":null,"rootRunId":"<R>","createdAtSeqno":0}
        """);

    public static readonly string E8CreateRunRequest = Fill("""
        {"flowId":"<F>","input":[{"name":"Ada"},{"name":"Bob"}],"wait":true,"timeoutSecs":60,"maxConcurrency":2,"variables":{"api_key":"sk-test"},"overrides":{"steps":{"hello":{"$type":"merge_patch","value":{"input":{"msg":"hi"}}}}}}
        """);

    public static readonly string E8CreateRunCompleted = Fill("""
        {"runId":"<R>","flowId":"<F>","flowName":"greet","status":"failed","items":{"total":2,"completed":1,"running":0,"failed":1,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z","completedAt":"2026-03-20T20:15:03.9Z","rootRunId":"<R>","createdAtSeqno":0,"results":[{"itemIndex":0,"status":"completed","result":{"outcome":"success","result":"Ada"},"completedAt":"2026-03-20T20:15:03.5Z"},{"itemIndex":1,"status":"failed","result":{"outcome":"failed","error":{"code":"COMPONENT_FAILED","message":"echo failed: boom"}},"completedAt":"2026-03-20T20:15:03.9Z"}]}
        """);

    public static readonly string E9RunDetails = Fill("""
        {"runId":"<R>","flowId":"<F>","flowName":"greet","status":"completed","items":{"total":1,"completed":1,"running":0,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z","completedAt":"2026-03-20T20:15:03.9Z","rootRunId":"<R>","orchestratorId":"stepflow-host-1","createdAtSeqno":0,"finishedAtSeqno":5,"itemDetails":[{"itemIndex":0,"input":{"name":"Ada"},"status":"completed","steps":[{"stepId":"hello","status":"completed"}],"completedAt":"2026-03-20T20:15:03.85Z"}]}
        """);

    public static readonly string E10ListRuns = Fill("""
        {"runs":[{"runId":"<SUBR>","flowId":"<SUBF>","flowName":null,"status":"recoveryFailed","items":{"total":3,"completed":1,"running":0,"failed":2,"cancelled":0},"createdAt":"2026-03-20T20:15:02.5Z","completedAt":"2026-03-20T20:15:04Z","rootRunId":"<R>","parentRunId":"<R>","orchestratorId":"stepflow-host-1","createdAtSeqno":7,"finishedAtSeqno":12},{"runId":"<R>","flowId":"<F>","flowName":"greet","status":"running","items":{"total":1,"completed":0,"running":1,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z","completedAt":null,"rootRunId":"<R>","createdAtSeqno":0}]}
        """);

    public const string E11ListItems = """
        {"itemCount":2,"items":[{"itemIndex":0,"status":"completed","result":{"outcome":"success","result":"Ada"},"completedAt":"2026-03-20T20:15:03.9Z"},{"itemIndex":1,"status":"running"}]}
        """;

    public const string E12ListSteps = """
        {"steps":{"hello":{"stepId":"hello","component":"/python/echo","status":"completed"},"shout":{"stepId":"shout","component":"/builtin/eval","status":"blocked"}}}
        """;

    public const string E13StepStatusEntry = """
        {"stepId":"hello","stepIndex":0,"itemIndex":0,"status":"completed","component":"/python/echo","result":{"outcome":"success","result":"Ada"},"journalSeqno":3,"updatedAt":"2026-03-20T20:15:03.05Z"}
        """;

    public const string E13NotConsistent = """
        {"code":409,"message":"Metadata not yet consistent: step has journal_seqno=3, requested asof=9"}
        """;

    public static readonly string E14RunCreated = Fill("""
        {"sequenceNumber":0,"timestamp":"2026-03-20T20:15:02.118431Z","event":"run_created","runId":"<R>","flowId":"<F>","itemCount":1}
        """);

    public static readonly string E14StepsNeeded = Fill("""
        {"sequenceNumber":1,"timestamp":"2026-03-20T20:15:02.2Z","event":"steps_needed","runId":"<R>","itemIndex":0,"stepIds":["hello","shout"]}
        """);

    public static readonly string E14StepReady = Fill("""
        {"sequenceNumber":1,"timestamp":"2026-03-20T20:15:02.2Z","event":"step_ready","runId":"<R>","itemIndex":0,"stepIndex":1,"stepId":"shout"}
        """);

    public static readonly string E14StepStarted = Fill("""
        {"sequenceNumber":2,"timestamp":"2026-03-20T20:15:02.3Z","event":"step_started","runId":"<R>","itemIndex":0,"stepIndex":0,"stepId":"hello","attempt":2}
        """);

    public static readonly string E14StepCompleted = Fill("""
        {"sequenceNumber":3,"timestamp":"2026-03-20T20:15:03.05Z","event":"step_completed","runId":"<R>","itemIndex":0,"stepIndex":0,"stepId":"hello","status":"completed","result":{"outcome":"success","result":"Ada"}}
        """);

    public static readonly string E14ItemCompleted = Fill("""
        {"sequenceNumber":4,"timestamp":"2026-03-20T20:15:03.85Z","event":"item_completed","runId":"<R>","itemIndex":0,"result":{"outcome":"failed","error":{"code":"TIMEOUT","message":"step timed out"}}}
        """);

    public static readonly string E14RunCompleted = Fill("""
        {"sequenceNumber":5,"timestamp":"2026-03-20T20:15:03.9Z","event":"run_completed","runId":"<R>","status":"completed"}
        """);

    public static readonly string E14SubRunCreated = Fill("""
        {"sequenceNumber":7,"timestamp":"2026-03-20T20:15:02.5Z","event":"sub_run_created","runId":"<SUBR>","parentRunId":"<R>","flowId":"<SUBF>","itemCount":3}
        """);

    /// <summary>The SSE framing of E14 (as sent on the wire: id / event / data / blank line).</summary>
    public static readonly string E14EventStream =
        $"id: 0\nevent: run_created\ndata: {E14RunCreated}\n\n" +
        $"id: 1\nevent: steps_needed\ndata: {E14StepsNeeded}\n\n" +
        $"id: 5\nevent: run_completed\ndata: {E14RunCompleted}\n\n";

    public static readonly string E15CannotCancel = Fill("""
        {"code":409,"message":"Run '<R>' cannot be cancelled (status: Completed)","stack":[{"error":"Run '<R>' cannot be cancelled (status: Completed)"}]}
        """);

    public const string E16RunNotFound = """
        {"code":404,"message":"Execution '00000000-0000-7000-8000-000000000000' not found","stack":[{"error":"Execution '00000000-0000-7000-8000-000000000000' not found","attachments":["run lookup"],"backtrace":"   0: stepflow_server::api::runs::get_run"}]}
        """;

    public const string E17ListComponents = """
        {"components":[{"component":"/builtin/eval","description":"Evaluate a nested flow"},{"component":"/python/udf"}],"complete":false,"failedPlugins":[{"plugin":"langflow","error":"connection refused"}]}
        """;

    public const string E17ListComponentsWithSchemas = """
        {"components":[{"component":"/builtin/eval","description":"Evaluate a nested flow","input_schema":{"type":"object","properties":{"flow":{"type":"object"}},"required":["flow"]},"output_schema":{"type":"object"}}],"complete":true}
        """;

    public static readonly string E18FlowVariables = Fill("""
        {"flowId":"<F>","schema":{"type":"object","properties":{"api_key":{"type":"string","is_secret":true,"env_var":"OPENAI_API_KEY"}},"required":["api_key"]},"envVars":{"api_key":"OPENAI_API_KEY"}}
        """);

    public const string E19Health = """
        {"status":"healthy","timestamp":"2026-03-20T20:15:00.123456789+00:00","version":"0.11.1"}
        """;

    /// <summary>A cancelled run as returned by <c>POST /runs/{id}/cancel</c> (a RunSummary, §5.17).</summary>
    public static readonly string CancelledRunSummary = Fill("""
        {"runId":"<R>","flowId":"<F>","flowName":null,"status":"cancelled","items":{"total":1,"completed":0,"running":1,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z","completedAt":null,"rootRunId":"<R>","orchestratorId":"stepflow-host-1","createdAtSeqno":0}
        """);
}
