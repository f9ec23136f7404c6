namespace Stepflow.Testing.Internal;

/// <summary>The query of an events request (docs/server-api.md §10).</summary>
/// <param name="Since">First journal sequence to send, inclusive.</param>
/// <param name="EventTypes">Event names to send; null for all, empty (from <c>eventTypes=</c>) for none.</param>
/// <param name="IncludeResults">Whether step and item completions carry their result.</param>
internal sealed record EventQuery(ulong Since, IReadOnlySet<string>? EventTypes, bool IncludeResults)
{
    /// <summary>Reads the query; malformed values throw the server's plain-text 400.</summary>
    public static EventQuery Parse(IncomingRequest request)
    {
        var since = request.QueryUnsigned("since") ?? 0;
        _ = request.QueryBool("includeSubRuns"); // The fake has no sub-runs; the flag is only checked for its form.
        var includeResults = request.QueryBool("includeResults") ?? false;
        var types = request.Query("eventTypes") is { } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : null;
        return new EventQuery(since, types, includeResults);
    }

    /// <summary>True when the event is at or after <see cref="Since"/>.</summary>
    public bool Reaches(JournalEvent journalEvent) => journalEvent.Sequence >= (long)Math.Min(Since, long.MaxValue);

    /// <summary>True when the event is to be sent: reached, and of a requested type.</summary>
    public bool Wants(JournalEvent journalEvent) => Reaches(journalEvent) && (EventTypes is null || EventTypes.Contains(journalEvent.Type));
}
