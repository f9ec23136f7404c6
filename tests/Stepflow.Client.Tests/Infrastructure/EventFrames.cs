namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>
/// Event stream frames in one generation's framing (docs/server-api.md §10.1–§10.2). Event types are given as the
/// SDK's names (<c>run_created</c>); <c>fields</c> are the variant's JSON members after <c>runId</c>, written the same
/// for both generations.
/// </summary>
public abstract class EventFrames
{
    public const string Timestamp = "2026-03-20T20:15:02.118431Z";

    public const string SubRunIdText = "0195b3c2-6b2f-7d4e-8b52-7a3c9f8e2d31";

    /// <summary>The JSON of one event.</summary>
    public abstract string Data(long seq, string type, string fields, string runId = Samples.RunIdText);

    /// <summary>One framed event.</summary>
    public abstract string Event(long seq, string type, string fields, string runId = Samples.RunIdText);

    /// <summary>A comment the server sends while idle (0.11 sends none; a comment is valid SSE there too).</summary>
    public abstract string KeepAlive { get; }

    /// <summary>A status value inside an event as this generation writes it.</summary>
    public abstract string Status(string name);

    /// <summary>Whether the server sends <c>item_completed</c> (0.13 never does).</summary>
    public abstract bool SendsItemCompleted { get; }

    public string RunCreated(long seq = 0, string runId = Samples.RunIdText) =>
        Event(seq, "run_created", $"\"flowId\":\"{Samples.FlowId}\",\"itemCount\":1", runId);

    public string StepsNeeded(long seq = 1) => Event(seq, "steps_needed", "\"itemIndex\":0,\"stepIds\":[\"hello\"]");

    public string StepReady(long seq, int stepIndex, string stepId) =>
        Event(seq, "step_ready", $"\"itemIndex\":0,\"stepIndex\":{stepIndex},\"stepId\":\"{stepId}\"");

    public string StepStarted(long seq = 2, int stepIndex = 0, string stepId = "hello", int itemIndex = 0) =>
        Event(seq, "step_started", $"\"itemIndex\":{itemIndex},\"stepIndex\":{stepIndex},\"stepId\":\"{stepId}\",\"attempt\":1");

    /// <summary>A successful step whose output (with <c>includeResults</c>) is <c>"Ada"</c>.</summary>
    public abstract string StepCompleted(long seq = 3, int stepIndex = 0, string stepId = "hello");

    /// <summary>Item 0 succeeded with <c>"Ada"</c>; only for generations that send it (<see cref="SendsItemCompleted"/>).</summary>
    public abstract string ItemCompleted(long seq = 4);

    public string RunCompleted(long seq = 5, string runId = Samples.RunIdText, string status = "completed") =>
        Event(seq, "run_completed", $"\"status\":{Status(status)}", runId);

    public string SubRunCreated(long seq) =>
        Event(seq, "sub_run_created", $"\"parentRunId\":\"{Samples.RunIdText}\",\"flowId\":\"{Samples.FlowId}\",\"itemCount\":1", SubRunIdText);

    /// <summary>A typical one-item, one-step run from creation to completion, in this generation's event set.</summary>
    public string[] Typical => SendsItemCompleted
        ? [RunCreated(), StepsNeeded(), StepStarted(), StepCompleted(), ItemCompleted(), RunCompleted()]
        : [RunCreated(), StepsNeeded(), StepStarted(), StepCompleted(), RunCompleted(4)];

    public static string Body(params string[] frames) => string.Concat(frames);
}

/// <summary>0.11: <c>id:</c>, <c>event:</c> and <c>data:</c> lines; an internally tagged payload.</summary>
public sealed class V011EventFrames : EventFrames
{
    public static readonly V011EventFrames Instance = new();

    public override string KeepAlive => ": ping\n\n";

    public override bool SendsItemCompleted => true;

    public override string Status(string name) => $"\"{name}\"";

    public override string Data(long seq, string type, string fields, string runId = Samples.RunIdText) =>
        $$"""{"sequenceNumber":{{seq}},"timestamp":"{{Timestamp}}","event":"{{type}}","runId":"{{runId}}"{{(fields.Length > 0 ? "," + fields : "")}}}""";

    public override string Event(long seq, string type, string fields, string runId = Samples.RunIdText) =>
        $"id: {seq}\nevent: {type}\ndata: {Data(seq, type, fields, runId)}\n\n";

    public override string StepCompleted(long seq = 3, int stepIndex = 0, string stepId = "hello") =>
        Event(seq, "step_completed",
            $"\"itemIndex\":0,\"stepIndex\":{stepIndex},\"stepId\":\"{stepId}\",\"status\":\"completed\",\"result\":{{\"outcome\":\"success\",\"result\":\"Ada\"}}");

    public override string ItemCompleted(long seq = 4) =>
        Event(seq, "item_completed", "\"itemIndex\":0,\"result\":{\"outcome\":\"success\",\"result\":\"Ada\"}");
}

/// <summary>0.12/0.13: <c>data:</c> lines only, <c>: keep-alive</c> comments, the variant as a PascalCase key.</summary>
public sealed class V013EventFrames : EventFrames
{
    public static readonly V013EventFrames Instance = new();

    public override string KeepAlive => ": keep-alive\n\n";

    public override bool SendsItemCompleted => false;

    public override string Status(string name) => V013Samples.StatusNumber(name);

    public override string Data(long seq, string type, string fields, string runId = Samples.RunIdText) =>
        $$"""{"sequenceNumber":{{seq}},"timestamp":"{{Timestamp}}","event":{"{{Pascal(type)}}":{"runId":"{{runId}}"{{(fields.Length > 0 ? "," + fields : "")}}""" + "}}}";

    public override string Event(long seq, string type, string fields, string runId = Samples.RunIdText) =>
        $"data: {Data(seq, type, fields, runId)}\n\n";

    public override string StepCompleted(long seq = 3, int stepIndex = 0, string stepId = "hello") =>
        Event(seq, "step_completed", $"\"itemIndex\":0,\"stepIndex\":{stepIndex},\"stepId\":\"{stepId}\",\"status\":2,\"result\":\"Ada\"");

    public override string ItemCompleted(long seq = 4) =>
        throw new NotSupportedException("0.12/0.13 servers never send item_completed (docs/server-api.md §10.2).");

    /// <summary><c>step_completed</c> → <c>StepCompleted</c>.</summary>
    public static string Pascal(string type) =>
        string.Concat(type.Split('_').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}
