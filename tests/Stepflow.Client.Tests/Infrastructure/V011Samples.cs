namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>The 0.11 shapes: string enums, flat summaries, <c>ErrorResponse</c> bodies (docs/server-api.md).</summary>
public sealed class V011Samples : WireSamples
{
    public static readonly V011Samples Instance = new();

    public override string Health => """{"status":"healthy","timestamp":"2026-03-20T20:15:00.123456+00:00","version":"0.11.1"}""";

    public override string Status(string name) => $"\"{name}\"";

    public override string StepStatus(string name) => $"\"{name}\"";

    public override string StoredFlow => Samples.StoredFlow;

    public override string RejectedFlow => Samples.RejectedFlow;

    public override string RunSummary(string status, string completedAt = "null") => Samples.RunSummary(status, completedAt);

    public override string RunDetails(string status) => Samples.RunDetails(status);

    public override string CreatedRun(string status) => Samples.RunSummary(status);

    public override string CreatedRunWithResult(string status = "completed") => $$"""
        {"runId":"{{RunIdText}}","flowId":"{{FlowId}}","flowName":"greet","status":"{{status}}",
        "items":{"total":1,"completed":1,"running":0,"failed":0,"cancelled":0},
        "createdAt":"2026-03-20T20:15:02.118431Z","completedAt":"2026-03-20T20:15:03.9Z","rootRunId":"{{RunIdText}}","createdAtSeqno":0,
        "results":[{"itemIndex":0,"status":"completed","result":{"outcome":"success","result":"Ada"},"completedAt":"2026-03-20T20:15:03.9Z"}]}
        """;

    public override string SuccessItems => Samples.SuccessItems;

    public override string ErrorNotFound => Samples.ErrorNotFound;

    public override string Error(int status, string message) =>
        $$"""{"code":{{status}},"message":{{System.Text.Json.JsonSerializer.Serialize(message)}},"stack":[]}""";

    public override EventFrames Events => V011EventFrames.Instance;
}
