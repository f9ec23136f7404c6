using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stepflow.Client;

/// <summary>Writes an extensible value as its text and reads any JSON string (or number) back into one.</summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class ExtensibleValueJsonConverter<T> : JsonConverter<T>
    where T : struct, IExtensibleValue<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String when reader.GetString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) => T.Create(text),
        JsonTokenType.String => default,
        // Integer enums of newer servers keep their decimal text, as the client's own mapping does.
        JsonTokenType.Number => T.Create(System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan)),
        _ => throw new JsonException($"Expected a string for {typeof(T).Name}, found {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
