using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Events;

/// <summary>SSE frames shaped exactly like docs/server-api.md §10.1: <c>id:</c>, <c>event:</c>, <c>data:</c>, blank line.</summary>
public static class EventSamples
{
    public const string Timestamp = "2026-03-20T20:15:02.118431Z";
    public const string SubRunIdText = "0195b3c2-6b2f-7d4e-8b52-7a3c9f8e2d31";
    public static readonly Guid SubRunId = Guid.Parse(SubRunIdText);

    public static string Frame(long id, string type, string data) => $"id: {id}\nevent: {type}\ndata: {data}\n\n";

    public static string Data(long seq, string type, string fields, string runId = Samples.RunIdText) =>
        $$"""{"sequenceNumber":{{seq}},"timestamp":"{{Timestamp}}","event":"{{type}}","runId":"{{runId}}"{{(fields.Length > 0 ? "," + fields : "")}}}""";

    public static string Event(long seq, string type, string fields, string runId = Samples.RunIdText) =>
        Frame(seq, type, Data(seq, type, fields, runId));

    public static string RunCreated(long seq = 0, string runId = Samples.RunIdText) =>
        Event(seq, "run_created", $"\"flowId\":\"{Samples.FlowId}\",\"itemCount\":1", runId);

    public static string StepsNeeded(long seq = 1) => Event(seq, "steps_needed", "\"itemIndex\":0,\"stepIds\":[\"hello\"]");

    public static string StepReady(long seq, int stepIndex, string stepId) =>
        Event(seq, "step_ready", $"\"itemIndex\":0,\"stepIndex\":{stepIndex},\"stepId\":\"{stepId}\"");

    public static string StepStarted(long seq = 2, int stepIndex = 0, string stepId = "hello") =>
        Event(seq, "step_started", $"\"itemIndex\":0,\"stepIndex\":{stepIndex},\"stepId\":\"{stepId}\",\"attempt\":1");

    public static string StepCompleted(long seq = 3, int stepIndex = 0, string stepId = "hello") =>
        Event(seq, "step_completed",
            $"\"itemIndex\":0,\"stepIndex\":{stepIndex},\"stepId\":\"{stepId}\",\"status\":\"completed\",\"result\":{{\"outcome\":\"success\",\"result\":\"Ada\"}}");

    public static string ItemCompleted(long seq = 4) =>
        Event(seq, "item_completed", "\"itemIndex\":0,\"result\":{\"outcome\":\"success\",\"result\":\"Ada\"}");

    public static string RunCompleted(long seq = 5, string runId = Samples.RunIdText, string status = "completed") =>
        Event(seq, "run_completed", $"\"status\":\"{status}\"", runId);

    public static string SubRunCreated(long seq) =>
        Event(seq, "sub_run_created", $"\"parentRunId\":\"{Samples.RunIdText}\",\"flowId\":\"{Samples.FlowId}\",\"itemCount\":1", SubRunIdText);

    /// <summary>The six events of E14, in order.</summary>
    public static readonly string[] E14 =
        [RunCreated(), StepsNeeded(), StepStarted(), StepCompleted(), ItemCompleted(), RunCompleted()];

    public static string Body(params string[] frames) => string.Concat(frames);
}
