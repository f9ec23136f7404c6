namespace Stepflow.Client;

/// <summary>
/// A run event whose type this SDK does not know (a newer server). Its common fields are filled in when the
/// server sent them; the rest is in <see cref="RawJson"/>. Such events never end a stream.
/// </summary>
public sealed class UnknownRunEvent : RunEvent
{
    /// <summary>Creates the event (for tests and mocks; the stream builds them itself).</summary>
    /// <param name="eventType">The event's type name, in this SDK's snake_case spelling (for example <c>step_paused</c>).</param>
    /// <param name="rawJson">The event's JSON exactly as received.</param>
    /// <exception cref="ArgumentException">A parameter is null or blank.</exception>
    public UnknownRunEvent(string eventType, string rawJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentException.ThrowIfNullOrWhiteSpace(rawJson);
        EventType = eventType;
        RawJson = rawJson;
    }

    /// <summary>
    /// The event's JSON in a canonical form, for generations whose replays may write the same event with its keys in
    /// another order (0.12/0.13, docs/server-api.md §10.3); <see langword="null"/> compares <see cref="RawJson"/> itself.
    /// </summary>
    internal string? Identity { get; init; }

    /// <inheritdoc />
    internal override EventKey Key => new(EventType, RunId, Raw: Identity ?? RawJson);

    /// <inheritdoc />
    public override string EventType { get; }

    /// <summary>The event's JSON exactly as received (the SSE <c>data</c>).</summary>
    public string RawJson { get; }
}
