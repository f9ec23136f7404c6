using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Stepflow.Client;

/// <summary>
/// The status of one step of one item. An extensible value: it wraps the status as text, so a status this
/// SDK does not know (from a newer server) still compares, prints and round-trips.
/// </summary>
/// <remarks>
/// The well-known values use the spelling of the 0.11 servers. 0.12 and later servers report step statuses
/// with the run status integers: they cannot tell blocked from runnable (both arrive as <see cref="Runnable"/>)
/// nor skipped from completed (both arrive as <see cref="Completed"/>); see <c>docs/server-api.md §4</c>.
/// The <see langword="default"/> value is empty and equals no known status.
/// </remarks>
[JsonConverter(typeof(ExtensibleValueJsonConverter<StepStatus>))]
public readonly struct StepStatus : IEquatable<StepStatus>, IExtensibleValue<StepStatus>
{
    private readonly string? _value;

    /// <summary>Creates a status from its text, as a server sent it.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or blank.</exception>
    public StepStatus(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Waiting for the steps it depends on (0.11 servers only).</summary>
    public static StepStatus Blocked { get; } = new("blocked");

    /// <summary>Its inputs are available; it has not started.</summary>
    public static StepStatus Runnable { get; } = new("runnable");

    /// <summary>Executing.</summary>
    public static StepStatus Running { get; } = new("running");

    /// <summary>Finished successfully.</summary>
    public static StepStatus Completed { get; } = new("completed");

    /// <summary>Not needed for the output, so never run (0.11 servers only).</summary>
    public static StepStatus Skipped { get; } = new("skipped");

    /// <summary>Finished with an error.</summary>
    public static StepStatus Failed { get; } = new("failed");

    /// <summary>True for completed, skipped and failed steps.</summary>
    public bool IsFinished => this == Completed || this == Skipped || this == Failed;

    /// <summary>Compares two statuss by their text (ordinal).</summary>
    public static bool operator ==(StepStatus left, StepStatus right) => left.Equals(right);

    /// <summary>Compares two statuss by their text (ordinal).</summary>
    public static bool operator !=(StepStatus left, StepStatus right) => !left.Equals(right);

    /// <summary>Converts text to a status.</summary>
    public static implicit operator StepStatus(string value) => new(value);

    static StepStatus IExtensibleValue<StepStatus>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(StepStatus other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is StepStatus other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The status as text (empty for the <see langword="default"/> value).</summary>
    public override string ToString() => _value ?? string.Empty;
}
