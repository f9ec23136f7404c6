using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Stepflow.Client;

/// <summary>
/// How serious a problem found in a flow is. An extensible value: it wraps the level as text, so a level this
/// SDK does not know still compares, prints and round-trips.
/// </summary>
/// <remarks>0.12 and later servers send the level as an integer (1 fatal, 2 error, 3 warning), which the client translates.</remarks>
[JsonConverter(typeof(ExtensibleValueJsonConverter<DiagnosticLevel>))]
public readonly struct DiagnosticLevel : IEquatable<DiagnosticLevel>, IExtensibleValue<DiagnosticLevel>
{
    private readonly string? _value;

    /// <summary>Creates a level from its text, as a server sent it.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or blank.</exception>
    public DiagnosticLevel(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>The flow cannot be stored or run.</summary>
    public static DiagnosticLevel Fatal { get; } = new("fatal");

    /// <summary>Runs will likely fail.</summary>
    public static DiagnosticLevel Error { get; } = new("error");

    /// <summary>Advice; running is not affected.</summary>
    public static DiagnosticLevel Warning { get; } = new("warning");

    /// <summary>Compares two levels by their text (ordinal).</summary>
    public static bool operator ==(DiagnosticLevel left, DiagnosticLevel right) => left.Equals(right);

    /// <summary>Compares two levels by their text (ordinal).</summary>
    public static bool operator !=(DiagnosticLevel left, DiagnosticLevel right) => !left.Equals(right);

    /// <summary>Converts text to a level.</summary>
    public static implicit operator DiagnosticLevel(string value) => new(value);

    static DiagnosticLevel IExtensibleValue<DiagnosticLevel>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(DiagnosticLevel other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is DiagnosticLevel other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The level as text (empty for the <see langword="default"/> value).</summary>
    public override string ToString() => _value ?? string.Empty;
}
