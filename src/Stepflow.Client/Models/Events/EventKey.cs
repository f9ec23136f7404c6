namespace Stepflow.Client;

/// <summary>
/// What tells two events with the same sequence number apart, without their payloads: one journal entry fans
/// out into at most one event per (type, run, item, step, attempt). An unknown event type is told apart by its JSON.
/// </summary>
internal readonly record struct EventKey(string EventType, Guid RunId, int ItemIndex = -1, int StepIndex = -1, int Attempt = 0, string? Raw = null);
