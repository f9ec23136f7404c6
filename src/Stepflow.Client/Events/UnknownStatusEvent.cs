using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>
/// A run event whose type this SDK does not know (a newer server). Its common fields are filled in;
/// the rest is in <see cref="RawJson"/>. Such events never end a stream.
/// </summary>
public class UnknownStatusEvent : StatusEvent
{
    /// <summary>Creates the event (for tests and mocks; the stream builds them itself).</summary>
    /// <param name="eventType">The event's type name as the server sent it (snake_case).</param>
    /// <param name="rawJson">The event's JSON exactly as received.</param>
    public UnknownStatusEvent(string eventType, string rawJson)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(rawJson);
        EventType = eventType;
        RawJson = rawJson;
    }

    /// <summary>The event's type name as the server sent it (for example <c>step_paused</c>).</summary>
    public string EventType { get; }

    /// <summary>The event's JSON exactly as received (the SSE <c>data</c> line).</summary>
    public string RawJson { get; }
}
