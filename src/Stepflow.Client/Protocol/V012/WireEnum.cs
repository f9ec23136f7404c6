using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stepflow.Client.Protocol.V012;

/// <summary>
/// A protobuf enum as the server sent it: an integer (what 0.12/0.13 send, docs/server-api.md §4.1) or, from a
/// server that follows its OpenAPI document instead, the value's name. Reading never fails on a value it does not know.
/// </summary>
[JsonConverter(typeof(WireEnumConverter))]
internal readonly record struct WireEnum(int? Number, string? Name)
{
    public static WireEnum Of(int number) => new(number, null);
}

internal sealed class WireEnumConverter : JsonConverter<WireEnum>
{
    public override WireEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt32(out var number) => WireEnum.Of(number),
        JsonTokenType.Number => new WireEnum(null, System.Text.Encoding.UTF8.GetString(reader.ValueSpan)),
        JsonTokenType.String => reader.GetString() is { Length: > 0 } text && int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? WireEnum.Of(parsed) : new WireEnum(null, reader.GetString()),
        JsonTokenType.Null => default,
        _ => throw new JsonException($"Expected an enum value (a number or a name), not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, WireEnum value, JsonSerializerOptions options)
    {
        if (value.Number is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else if (value.Name is { } name)
        {
            writer.WriteStringValue(name);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
