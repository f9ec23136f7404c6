namespace Stepflow.Client;

/// <summary>
/// Settings for <see cref="StepflowClient.StreamEventsAsync"/>: what the server sends, and how the client
/// reconnects. Read once, when the stream is requested; later changes do not affect a running stream.
/// </summary>
public sealed class EventStreamOptions
{
    /// <summary>
    /// The journal sequence number to start from, inclusive (the server's <c>since</c>);
    /// <see langword="null"/> replays the run's whole history. Pass an event's
    /// <c>SequenceNumber</c> to resume a stream you stopped: the events with that number are sent again.
    /// </summary>
    public long? Since { get; set; }

    /// <summary>
    /// Also deliver the events of sub-runs and sibling runs in the same run tree (<c>includeSubRuns</c>).
    /// Their <c>run_completed</c> events do not end the stream; only the requested run's does. Default false.
    /// </summary>
    public bool IncludeSubRuns { get; set; }

    /// <summary>
    /// The event types to deliver (see <see cref="RunEventTypes"/>); <see langword="null"/> (the default) delivers
    /// every type. Names are matched exactly; a name no server knows matches nothing.
    /// </summary>
    /// <remarks>
    /// 0.11 servers filter themselves (the names go out as a comma-separated <c>eventTypes</c>); 0.12+ servers
    /// cannot, so the client receives every event and drops the others. An empty collection is rejected with
    /// <see cref="ArgumentException"/>: it would deliver nothing at all. The stream still ends at the run's
    /// completion when the set leaves out <c>run_completed</c>.
    /// </remarks>
    public IReadOnlyCollection<string>? EventTypes { get; set; }

    /// <summary>
    /// Include results in <see cref="StepCompletedEvent"/> and <see cref="ItemCompletedEvent"/> events
    /// (<c>includeResults</c>; 0.12+ servers include the outputs of successful steps only). Default false.
    /// </summary>
    public bool IncludeResults { get; set; }

    /// <summary>
    /// How long the stream may stay silent before the client checks the run (<c>GET /runs/{runId}</c>).
    /// Silence is normal while steps run (0.11 servers send nothing in between, 0.12+ servers only keep-alive
    /// comments, which do not count): if the run is still going the client reconnects and carries on; if it has
    /// ended without a completion event (on 0.11 a run cancelled through the API never sends one) the client
    /// collects any remaining events and ends the stream.
    /// Default 30 seconds; <see cref="Timeout.InfiniteTimeSpan"/> never checks.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times in a row the client reconnects after the connection fails or drops without a new
    /// event arriving in between, before it gives up with <see cref="StepflowTransportException"/>.
    /// Default 5; 0 never reconnects.
    /// </summary>
    public int MaxReconnectAttempts { get; set; } = 5;

    /// <summary>
    /// The delay before the first reconnection; it doubles with each further attempt, up to
    /// <see cref="MaxReconnectDelay"/>, with ±20% jitter. Default 500 ms.
    /// </summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between two reconnection attempts. Default 10 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A validated copy, so later changes by the caller do not affect a running stream.</summary>
    internal EventStreamOptions Snapshot()
    {
        if (Since is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Since), Since, "Must not be negative.");
        }

        if (IdleTimeout <= TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), IdleTimeout, "Must be positive or infinite.");
        }

        if (MaxReconnectAttempts < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReconnectAttempts), MaxReconnectAttempts, "Must not be negative.");
        }

        if (ReconnectDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ReconnectDelay), ReconnectDelay, "Must not be negative.");
        }

        if (MaxReconnectDelay < ReconnectDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReconnectDelay), MaxReconnectDelay, "Must not be less than ReconnectDelay.");
        }

        return new EventStreamOptions
        {
            Since = Since,
            IncludeSubRuns = IncludeSubRuns,
            EventTypes = NormalizedEventTypes(),
            IncludeResults = IncludeResults,
            IdleTimeout = IdleTimeout,
            MaxReconnectAttempts = MaxReconnectAttempts,
            ReconnectDelay = ReconnectDelay,
            MaxReconnectDelay = MaxReconnectDelay,
        };
    }

    private string[]? NormalizedEventTypes()
    {
        if (EventTypes is null)
        {
            return null;
        }

        var names = new List<string>(EventTypes.Count);
        foreach (var name in EventTypes)
        {
            var trimmed = name?.Trim();
            if (string.IsNullOrEmpty(trimmed) || trimmed.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Event type names must be non-empty and contain no comma; got '{name}'.", nameof(EventTypes));
            }

            if (!names.Contains(trimmed, StringComparer.Ordinal))
            {
                names.Add(trimmed);
            }
        }

        if (names.Count == 0)
        {
            throw new ArgumentException(
                "EventTypes is empty, which would make the server deliver no events at all; use null for every type.",
                nameof(EventTypes));
        }

        return [.. names];
    }
}
