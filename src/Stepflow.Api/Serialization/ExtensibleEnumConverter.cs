using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stepflow.Api.Serialization;

/// <summary>
/// Reads and writes a generated string enumeration (<see cref="IExtensibleEnumValue{TSelf}"/>) as its wire
/// text. Any JSON string reads as itself, known or not; a JSON number reads as its decimal text (0.11.1
/// servers send integer error codes such as <c>-32100</c> where the document declares a string), so no
/// value a newer or older server sends is lost or breaks deserialization.
/// </summary>
/// <remarks>
/// <c>true</c> and <c>false</c> read as their text too (no server sends them, but an unexpected token
/// should not fail a whole response); an object or array is an error. A value is written as a JSON
/// string, except the <see langword="default"/> value (no text at all), which is written as <c>null</c>;
/// <c>null</c> reads back as it. Dictionary keys of these types are their text.
/// </remarks>
/// <typeparam name="TValue">A generated string enumeration.</typeparam>
public sealed class ExtensibleEnumConverter<TValue> : JsonConverter<TValue>
    where TValue : struct, IExtensibleEnumValue<TValue>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override TValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => TValue.FromWire(reader.GetString()!),
        JsonTokenType.Number => TValue.FromWire(NumberText(ref reader)),
        JsonTokenType.True => TValue.FromWire("true"),
        JsonTokenType.False => TValue.FromWire("false"),
        JsonTokenType.Null => default,
        _ => throw new JsonException($"Expected a string for {typeof(TValue).Name}, found {reader.TokenType}."),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Equals(default))
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.ToString());
        }
    }

    /// <inheritdoc />
    public override TValue ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TValue.FromWire(reader.GetString()!);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, TValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.ToString() ?? string.Empty);
    }

    /// <summary>An integer as its decimal text (<c>-32100</c>); any other number as the server wrote it.</summary>
    private static string NumberText(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        if (reader.TryGetDecimal(out var number))
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
    }
}
