using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Stepflow.Client;

/// <summary>
/// The status of a run or of one item of a run. An extensible value: it wraps the status as text, so a
/// status this SDK does not know (from a newer server) still compares, prints and round-trips.
/// </summary>
/// <remarks>
/// The well-known values use the spelling of the 0.11 servers (<c>running</c>, <c>recoveryFailed</c>, …).
/// 0.12 and later servers send integers; the client translates the known ones, and an unknown integer
/// keeps its decimal text (for example <c>"7"</c>). The <see langword="default"/> value is empty and
/// equals no known status.
/// </remarks>
[JsonConverter(typeof(ExtensibleValueJsonConverter<RunStatus>))]
public readonly struct RunStatus : IEquatable<RunStatus>, IExtensibleValue<RunStatus>
{
    private readonly string? _value;

    /// <summary>Creates a status from its text, as a server sent it.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or blank.</exception>
    public RunStatus(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Not started or not reported (0.12+ servers send it as <c>0</c>).</summary>
    public static RunStatus Unspecified { get; } = new("unspecified");

    /// <summary>Still executing.</summary>
    public static RunStatus Running { get; } = new("running");

    /// <summary>Finished, and every item succeeded.</summary>
    public static RunStatus Completed { get; } = new("completed");

    /// <summary>Finished, and at least one item failed.</summary>
    public static RunStatus Failed { get; } = new("failed");

    /// <summary>Cancelled through the API.</summary>
    public static RunStatus Cancelled { get; } = new("cancelled");

    /// <summary>Paused (the server does not produce it through the REST API today).</summary>
    public static RunStatus Paused { get; } = new("paused");

    /// <summary>The server restarted during the run and could not recover it.</summary>
    public static RunStatus RecoveryFailed { get; } = new("recoveryFailed");

    /// <summary>
    /// True for statuses a run never leaves: completed, failed, cancelled and recovery failed. A status
    /// this SDK does not know counts as not terminal.
    /// </summary>
    public bool IsTerminal => this == Completed || this == Failed || this == Cancelled || this == RecoveryFailed;

    /// <summary>Compares two statuses by their text (ordinal).</summary>
    public static bool operator ==(RunStatus left, RunStatus right) => left.Equals(right);

    /// <summary>Compares two statuses by their text (ordinal).</summary>
    public static bool operator !=(RunStatus left, RunStatus right) => !left.Equals(right);

    /// <summary>Converts text to a status.</summary>
    public static implicit operator RunStatus(string value) => new(value);

    static RunStatus IExtensibleValue<RunStatus>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(RunStatus other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is RunStatus other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The status as text (empty for the <see langword="default"/> value).</summary>
    public override string ToString() => _value ?? string.Empty;
}
