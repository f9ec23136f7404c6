namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>
/// Server answers in one generation's wire shapes (docs/server-api.md), with the same ids and meaning on both, so a
/// test written once reads the same model from either. Statuses are given as the 0.11 names (<c>completed</c>) and
/// written as each generation writes them.
/// </summary>
public abstract class WireSamples
{
    public static WireSamples For(StepflowApiGeneration generation) =>
        generation == StepflowApiGeneration.V011 ? V011Samples.Instance : V013Samples.Instance;

    public string FlowId => Infrastructure.Samples.FlowId;

    public string RunIdText => Infrastructure.Samples.RunIdText;

    public Guid RunId => Infrastructure.Samples.RunId;

    public string SubRunIdText => "0195b3c2-6b2f-7d4e-8b52-7a3c9f8e2d31";

    public Guid SubRunId => Guid.Parse(SubRunIdText);

    /// <summary>The event timestamp every event sample carries.</summary>
    public string Timestamp => "2026-03-20T20:15:02.118431Z";

    /// <summary>A healthy <c>GET /health</c> answer (0.11: <c>version</c> 0.11.1; 0.13: a <c>build</c> of stepflow-0.13.0).</summary>
    public abstract string Health { get; }

    /// <summary>A status as this generation writes it in JSON: <c>"completed"</c> or <c>2</c>.</summary>
    public abstract string Status(string name);

    /// <summary>A step status as this generation writes it (0.13 folds several into one integer).</summary>
    public abstract string StepStatus(string name);

    /// <summary>A <c>POST /flows</c> answer: stored, one warning.</summary>
    public abstract string StoredFlow { get; }

    /// <summary>A <c>POST /flows</c> answer: not stored, one fatal diagnostic with data <c>{"step_id":"hello"}</c>.</summary>
    public abstract string RejectedFlow { get; }

    /// <summary>A run summary as <c>GET /runs</c> lists it and <c>POST /runs</c> (0.11) returns it.</summary>
    /// <param name="status">The 0.11 status name.</param>
    /// <param name="completedAt">A JSON string or <c>null</c>.</param>
    public abstract string RunSummary(string status, string completedAt = "null");

    /// <summary>A <c>GET /runs/{id}</c> answer for a one-item run of step <c>hello</c>.</summary>
    public abstract string RunDetails(string status);

    /// <summary>A <c>POST /runs</c> answer without results (the run was not waited for).</summary>
    public abstract string CreatedRun(string status);

    /// <summary>A <c>POST /runs</c> answer of a run that finished while the server waited: item 0 succeeded with output <c>"Ada"</c>.</summary>
    public abstract string CreatedRunWithResult(string status = "completed");

    /// <summary>A <c>GET /runs/{id}/items</c> answer: item 0 succeeded with output <c>"Ada"</c>.</summary>
    public abstract string SuccessItems { get; }

    /// <summary>The body of a 404 for an unknown run.</summary>
    public abstract string ErrorNotFound { get; }

    /// <summary>A service error body with this status and message (0.11 <c>ErrorResponse</c>, 0.13 envelope).</summary>
    public abstract string Error(int status, string message);

    /// <summary>Event stream frames in this generation's framing.</summary>
    public abstract EventFrames Events { get; }
}
