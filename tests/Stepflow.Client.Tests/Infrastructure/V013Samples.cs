using System.Text.Json;

namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>
/// The 0.12/0.13 shapes (docs/server-api.md §4–§10): integer enums, numbers inside free-form values written as floats
/// (<c>7.0</c>), nested <c>summary</c>, the JSON error envelope, <c>Z</c> timestamps with up to nine fractional digits.
/// </summary>
public sealed class V013Samples : WireSamples
{
    public static readonly V013Samples Instance = new();

    public override string Health => """
        {"status":"healthy","timestamp":"2026-03-20T20:15:00.123456789Z","build":{"gitVersion":"stepflow-0.13.0","dirty":false,
        "rustcVersion":"rustc 1.94.0 (4a4ef493e 2026-03-02)","profile":"release","features":[],"target":"x86_64-unknown-linux-gnu"}}
        """;

    /// <summary>The ExecutionStatus integer of a 0.11 status name (docs/server-api.md §4.1).</summary>
    public static string StatusNumber(string name) => name switch
    {
        "unspecified" => "0",
        "running" => "1",
        "completed" => "2",
        "failed" => "3",
        "cancelled" => "4",
        "paused" => "5",
        "recoveryFailed" => "6",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an ExecutionStatus name."),
    };

    public override string Status(string name) => StatusNumber(name);

    public override string StepStatus(string name) => name switch
    {
        "blocked" or "runnable" => "0",
        "skipped" => "2",
        _ => StatusNumber(name),
    };

    public override string StoredFlow => $$$"""
        {"flowId":"{{{FlowId}}}","stored":true,"diagnostics":{"diagnostics":[{"kind":"missingFlowDescription","code":1002,"level":3,
        "formatted":"flow has no description","path":"$.description","experimental":false}],"numFatal":0,"numError":0,"numWarning":1}}
        """;

    public override string RejectedFlow => $$$"""
        {"flowId":"{{{FlowId}}}","stored":false,"diagnostics":{"diagnostics":[{"kind":"selfReference","code":3002,"level":1,
        "formatted":"step 'hello' references itself","data":{"step_id":"hello"},"path":"$.steps[0].input.msg","experimental":false}],
        "numFatal":1,"numError":0,"numWarning":0}}
        """;

    public override string RunSummary(string status, string completedAt = "null") => Summary(status, completedAt, finished: true);

    public override string RunDetails(string status) => $$$"""
        {"summary":{{{Summary(status, status == "running" ? "null" : "\"2026-03-20T20:15:03.9Z\"", finished: true, counts: "completed")}}},
        "steps":[{"stepId":"hello","stepIndex":0,"itemIndex":0,"status":2,"component":"/builtin/eval","output":"Ada","journalSeqno":3,
        "updatedAt":"2026-03-20T20:15:03.9Z"}]}
        """;

    public override string CreatedRun(string status) => $$$"""{"summary":{{{Summary(status, "null", finished: false)}}},"results":[]}""";

    public override string CreatedRunWithResult(string status = "completed") => $$$"""
        {"summary":{{{Summary(status, "\"2026-03-20T20:15:03.9Z\"", finished: false, counts: "completed")}}},
        "results":[{"itemIndex":0,"status":2,"output":"Ada","completedAt":"2026-03-20T20:15:03.9Z"}]}
        """;

    public override string SuccessItems => """
        {"results":[{"itemIndex":0,"status":2,"output":"Ada","completedAt":"2026-03-20T20:15:03.9Z"}]}
        """;

    public override string ErrorNotFound => Error(404, $"run '{RunIdText}' not found");

    public override string Error(int status, string message) =>
        $$$"""{"error":{"code":{{{status}}},"message":{{{JsonSerializer.Serialize(message)}}},"status":"{{{GrpcName(status)}}}"}}""";

    public override EventFrames Events => V013EventFrames.Instance;

    /// <summary>
    /// A RunSummary. <paramref name="finished"/> false leaves out what <c>POST /runs</c> never sends (orchestratorId,
    /// finishedAtSeqno); <c>completedAt</c> is left out when <c>null</c>, as 0.13 leaves out unset optional fields.
    /// </summary>
    private string Summary(string status, string completedAt, bool finished, string? counts = null)
    {
        var counted = counts ?? status;
        var completed = completedAt == "null" ? string.Empty : $",\"completedAt\":{completedAt}";
        var extra = finished && status != "running" ? ",\"orchestratorId\":\"stepflow-host-1\",\"createdAtSeqno\":0,\"finishedAtSeqno\":5" : ",\"createdAtSeqno\":0";
        return $$$"""
            {"runId":"{{{RunIdText}}}","flowId":"{{{FlowId}}}","flowName":"greet","status":{{{StatusNumber(status)}}},
            "items":{"total":1,"completed":{{{(counted == "completed" ? 1 : 0)}}},"running":{{{(counted == "running" ? 1 : 0)}}},"failed":{{{(counted == "failed" ? 1 : 0)}}},"cancelled":0},
            "createdAt":"2026-03-20T20:15:02.118431Z"{{{completed}}},"rootRunId":"{{{RunIdText}}}"{{{extra}}}}
            """;
    }

    private static string GrpcName(int status) => status switch
    {
        400 => "INVALID_ARGUMENT",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        412 => "FAILED_PRECONDITION",
        429 => "RESOURCE_EXHAUSTED",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "INTERNAL",
    };
}
