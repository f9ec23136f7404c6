using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.Client.Protocol.V012;

/// <summary>
/// Free-form values (outputs, results) read straight into their repaired form: every number that is a whole double
/// within ±2^53 becomes an integer token (<c>512.0</c> → <c>512</c>, docs/server-api.md §4.3), as
/// <see cref="V012Values.Integral(JsonNode?)"/> does for values already read.
/// </summary>
/// <remarks>
/// Done on the JSON rather than on nodes: a value that needs no repair stays a node backed by its parsed JSON, and
/// one that does is rewritten once into repaired JSON and parsed again. Rewriting nodes in place would first turn
/// every object into a dictionary of nodes, which cost more than the value's own JSON on every step row.
/// </remarks>
internal static class IntegralJson
{
    // The tokens copied are the reader's own, already validated: the writer need not check their order again.
    private static readonly JsonWriterOptions RepairWriter = new() { SkipValidation = true };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>
    /// The repaired node of <paramref name="element"/>. <paramref name="owned"/> says the element's document is
    /// the caller's to keep (a value just read on its own); otherwise the node gets a copy of its own.
    /// </summary>
    public static JsonNode? ToNode(JsonElement element, bool owned)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number)
        {
            return WholeNumber(element) is { } whole ? JsonValue.Create(V012Values.IntegerElement(whole)) : Wrap(owned ? element : element.Clone());
        }

        if (!NeedsRepair(element))
        {
            return Wrap(owned ? element : element.Clone());
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, RepairWriter))
        {
            WriteRepaired(element, writer);
        }

        return ParseBuffer(buffer);
    }

    /// <summary>The integer a number token stands for, when it was written with a fraction or exponent but is whole.</summary>
    public static long? WholeNumber(JsonElement number)
    {
        if (number.TryGetInt64(out _) || !number.TryGetDouble(out var value))
        {
            return null;
        }

        return V012Values.IsExactInteger(value) ? (long)value : null;
    }

    /// <summary>Whether the value at the reader holds a whole float; moves the (copied) reader to the value's end.</summary>
    public static bool NeedsRepair(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        while (true)
        {
            if (reader.TokenType == JsonTokenType.Number && WholeNumber(ref reader) is not null)
            {
                return true;
            }

            if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName))
            {
                return false;
            }

            if (!reader.Read())
            {
                return false;
            }
        }
    }

    /// <summary>Copies the value at the reader into repaired JSON and parses that; leaves the reader on the value's last token.</summary>
    public static JsonNode? CopyRepaired(ref Utf8JsonReader reader)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, RepairWriter))
        {
            var depth = reader.CurrentDepth;
            while (true)
            {
                WriteToken(ref reader, writer);
                if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName))
                {
                    break;
                }

                if (!reader.Read())
                {
                    throw new JsonException("The value ends before it is complete.");
                }
            }
        }

        return ParseBuffer(buffer);
    }

    private static void WriteToken(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                break;
            // Unescaped text is copied as bytes; escaped text is decoded first so the writer does not escape it twice.
            case JsonTokenType.PropertyName when !reader.ValueIsEscaped && !reader.HasValueSequence:
                writer.WritePropertyName(reader.ValueSpan);
                break;
            case JsonTokenType.PropertyName:
                writer.WritePropertyName(reader.GetString()!);
                break;
            case JsonTokenType.String when !reader.ValueIsEscaped && !reader.HasValueSequence:
                writer.WriteStringValue(reader.ValueSpan);
                break;
            case JsonTokenType.String:
                writer.WriteStringValue(reader.GetString());
                break;
            case JsonTokenType.Number when WholeNumber(ref reader) is { } whole:
                writer.WriteNumberValue(whole);
                break;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                writer.WriteBooleanValue(reader.GetBoolean());
                break;
            case JsonTokenType.Null:
                writer.WriteNullValue();
                break;
        }
    }

    private static long? WholeNumber(ref Utf8JsonReader reader) =>
        !reader.TryGetInt64(out _) && reader.TryGetDouble(out var value) && V012Values.IsExactInteger(value) ? (long)value : null;

    private static JsonNode? ParseBuffer(ArrayBufferWriter<byte> buffer)
    {
        var node = JsonNode.Parse(buffer.WrittenSpan);
        if (buffer.Capacity > 64 * 1024)
        {
            // A large value does not keep its buffer alive on the thread.
            t_buffer = null;
        }

        return node;
    }

    private static JsonNode? Wrap(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        _ => JsonValue.Create(element),
    };

    private static bool NeedsRepair(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (NeedsRepair(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (NeedsRepair(item))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Number:
                return WholeNumber(element) is not null;
            default:
                return false;
        }
    }

    private static void WriteRepaired(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    WriteName(property, writer);
                    WriteRepaired(property.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteRepaired(item, writer);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number when WholeNumber(element) is { } whole:
                writer.WriteNumberValue(whole);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static void WriteName(JsonProperty property, Utf8JsonWriter writer)
    {
#if NET9_0_OR_GREATER
        // The name's own bytes, without a string, unless it holds escapes (which the writer would escape again).
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            writer.WritePropertyName(raw);
            return;
        }
#endif
        writer.WritePropertyName(property.Name);
    }
}

/// <summary>
/// Reads a free-form wire value repaired (see <see cref="IntegralJson"/>). The value is scanned first on a copy of the
/// reader (the serializer hands a converter the whole value): one with nothing to repair is parsed as usual, one with
/// whole floats is copied token by token into repaired JSON and parsed once.
/// </summary>
internal sealed class IntegralNodeConverter : JsonConverter<JsonNode>
{
    public override JsonNode? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var scan = reader;
        if (!IntegralJson.NeedsRepair(ref scan))
        {
            return IntegralJson.ToNode(JsonElement.ParseValue(ref reader), owned: true);
        }

        return IntegralJson.CopyRepaired(ref reader);
    }

    public override void Write(Utf8JsonWriter writer, JsonNode value, JsonSerializerOptions options) => value.WriteTo(writer);
}
