using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Stepflow.Client;

/// <summary>
/// How a blob is classified on the server. An extensible value: it wraps the type as text, so a type this SDK
/// does not know still compares, prints and round-trips.
/// </summary>
[JsonConverter(typeof(ExtensibleValueJsonConverter<BlobType>))]
public readonly struct BlobType : IEquatable<BlobType>, IExtensibleValue<BlobType>
{
    private readonly string? _value;

    /// <summary>Creates a type from its text, as a server sent it.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or blank.</exception>
    public BlobType(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>A flow document; its id can be used as a flow id.</summary>
    public static BlobType Flow { get; } = new("flow");

    /// <summary>A JSON value (the default for JSON blobs).</summary>
    public static BlobType Data { get; } = new("data");

    /// <summary>Raw bytes.</summary>
    public static BlobType Binary { get; } = new("binary");

    /// <summary>Compares two types by their text (ordinal).</summary>
    public static bool operator ==(BlobType left, BlobType right) => left.Equals(right);

    /// <summary>Compares two types by their text (ordinal).</summary>
    public static bool operator !=(BlobType left, BlobType right) => !left.Equals(right);

    /// <summary>Converts text to a type.</summary>
    public static implicit operator BlobType(string value) => new(value);

    static BlobType IExtensibleValue<BlobType>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(BlobType other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is BlobType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The type as text (empty for the <see langword="default"/> value).</summary>
    public override string ToString() => _value ?? string.Empty;
}
