namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>Server answers shaped like docs/server-api.md (ids and times are illustrative).</summary>
public static class Samples
{
    public const string FlowId = "3f1c9a2b7d4e5f60718293a4b5c6d7e8f9012345a6b7c8d9e0f1a2b3c4d5e6f7";
    public const string RunIdText = "0195b3c2-5a1e-7c3d-9a41-6f2b8e7d1c20";
    public static readonly Guid RunId = Guid.Parse(RunIdText);

    public const string StoredFlow = $$"""
        {"flowId":"{{FlowId}}","stored":true,"diagnostics":{"diagnostics":[{"kind":"missingFlowDescription","code":1002,
        "level":"warning","formatted":"flow has no description","path":"$.description"}],"numFatal":0,"numError":0,"numWarning":1} }
        """;

    public const string RejectedFlow = $$"""
        {"flowId":"{{FlowId}}","stored":false,"diagnostics":{"diagnostics":[{"kind":"selfReference","code":3002,"level":"fatal",
        "formatted":"step 'hello' references itself","data":{"step_id":"hello"},"path":"$.steps[0].input.msg"}],
        "numFatal":1,"numError":0,"numWarning":0} }
        """;

    public static string RunSummary(string status, string completedAt = "null") => $$"""
        {"runId":"{{RunIdText}}","flowId":"{{FlowId}}","flowName":"greet","status":"{{status}}",
        "items":{"total":1,"completed":{{(status == "completed" ? 1 : 0)}},"running":{{(status == "running" ? 1 : 0)}},"failed":{{(status == "failed" ? 1 : 0)}},"cancelled":0},
        "createdAt":"2026-03-20T20:15:02.118431Z","completedAt":{{completedAt}},"rootRunId":"{{RunIdText}}","createdAtSeqno":0}
        """;

    public static string RunDetails(string status) => $$"""
        {"runId":"{{RunIdText}}","flowId":"{{FlowId}}","flowName":"greet","status":"{{status}}",
        "items":{"total":1,"completed":1,"running":0,"failed":0,"cancelled":0},"createdAt":"2026-03-20T20:15:02.118431Z",
        "completedAt":{{(status == "running" ? "null" : "\"2026-03-20T20:15:03.9Z\"")}},"rootRunId":"{{RunIdText}}",
        "orchestratorId":"stepflow-host-1","createdAtSeqno":0,"finishedAtSeqno":5,
        "itemDetails":[{"itemIndex":0,"input":{"name":"Ada"},"status":"{{status}}","steps":[{"stepId":"hello","status":"completed"}]}]}
        """;

    public const string SuccessItems = """
        {"itemCount":1,"items":[{"itemIndex":0,"status":"completed","result":{"outcome":"success","result":"Ada"},"completedAt":"2026-03-20T20:15:03.9Z"}]}
        """;

    public const string ErrorNotFound = """
        {"code":404,"message":"Execution '0195b3c2-5a1e-7c3d-9a41-6f2b8e7d1c20' not found","stack":[{"error":"Execution '0195b3c2-5a1e-7c3d-9a41-6f2b8e7d1c20' not found"}]}
        """;
}
