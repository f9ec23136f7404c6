using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stepflow.Client.Protocol.V012;

/// <summary>
/// A run id as the server sent it: parsed straight from the JSON bytes, so the common case allocates no string;
/// text that is not a GUID is kept (as <see cref="Text"/>) for the error that names it.
/// </summary>
[JsonConverter(typeof(WireIdConverter))]
internal readonly record struct WireId(Guid? Value, string? Text);

/// <summary>
/// A timestamp as the server sent it, read without a string for RFC 3339 text with a <c>Z</c> or an offset (what
/// the server writes); other text goes through <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>
/// assuming UTC, and text that is no time reads as absent, as before.
/// </summary>
[JsonConverter(typeof(WireTimeConverter))]
internal readonly record struct WireTime(DateTimeOffset? Value);

internal sealed class WireIdConverter : JsonConverter<WireId>
{
    public override WireId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String when reader.TryGetGuid(out var id) => new WireId(id, null),
        JsonTokenType.String => Guid.TryParse(reader.GetString(), out var id) ? new WireId(id, null) : new WireId(null, reader.GetString()),
        JsonTokenType.Null => default,
        _ => throw new JsonException($"Expected a run id string, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, WireId value, JsonSerializerOptions options)
    {
        if (value.Value is { } id)
        {
            writer.WriteStringValue(id);
        }
        else if (value.Text is { } text)
        {
            writer.WriteStringValue(text);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

internal sealed class WireTimeConverter : JsonConverter<WireTime>
{
    public override WireTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return default;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a timestamp string, not {reader.TokenType}.");
        }

        // The reader's own parser assumes local time when the text has no offset; only text that names its offset
        // (or Z) is taken from it, everything else is parsed as UTC like any other timestamp the SDK reads.
        if (!reader.ValueIsEscaped && HasOffset(reader.ValueSpan) && reader.TryGetDateTimeOffset(out var at))
        {
            return new WireTime(at.ToUniversalTime());
        }

        return new WireTime(V012Mapper.Time(reader.GetString()));
    }

    public override void Write(Utf8JsonWriter writer, WireTime value, JsonSerializerOptions options)
    {
        if (value.Value is { } at)
        {
            writer.WriteStringValue(at);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    // RFC 3339: "…Z" or "…+hh:mm" / "…-hh:mm" after the time.
    private static bool HasOffset(ReadOnlySpan<byte> text)
    {
        if (text.Length < 20)
        {
            return false;
        }

        if (text[^1] is (byte)'Z' or (byte)'z')
        {
            return true;
        }

        return text.Length >= 25 && text[^6] is (byte)'+' or (byte)'-' && text[^3] == (byte)':';
    }
}
