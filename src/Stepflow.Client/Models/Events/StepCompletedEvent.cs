using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>A step finished, successfully or not (<c>step_completed</c>).</summary>
public sealed class StepCompletedEvent : StepEvent
{
    /// <summary>How it finished (<see cref="StepStatus.Completed"/> or <see cref="StepStatus.Failed"/>).</summary>
    public StepStatus Status { get; init; }

    /// <summary>
    /// Whether the event carries the step's result. Only with <see cref="EventStreamOptions.IncludeResults"/>;
    /// 0.12+ servers send outputs of successful steps only, never errors.
    /// </summary>
    public ResultOutcome Outcome { get; init; }

    /// <summary>The step's output, when included.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>The step's error, when included (0.11 servers).</summary>
    public FlowError? Error { get; init; }

    /// <inheritdoc />
    internal override EventKey Key => new(EventType, RunId, ItemIndex, StepIndex);

    /// <inheritdoc />
    public override string EventType => RunEventTypes.StepCompleted;
}
