using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stepflow.Api.Serialization;

/// <summary>
/// Reads and writes an enum by its wire name (<see cref="JsonStringEnumMemberNameAttribute"/>) and maps
/// any value it does not know (a new run status, an integer error code from a 0.11.1 server) to the
/// enum's <c>Unknown</c> member instead of throwing, so a newer server never breaks deserialization.
/// </summary>
/// <typeparam name="TEnum">A generated Stepflow enum.</typeparam>
public sealed class ForwardCompatibleEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByName = BuildNameTable();
    private static readonly Dictionary<TEnum, string> ToName = ByName.ToDictionary(p => p.Value, p => p.Key);
    private static readonly TEnum Fallback = Enum.TryParse<TEnum>("Unknown", out var unknown) ? unknown : default;

    /// <inheritdoc />
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var text = reader.GetString();
                return text is not null && ByName.TryGetValue(text, out var value) ? value : Fallback;
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
                return Fallback;
            default:
                throw new JsonException($"Expected a string for {typeof(TEnum).Name}, found {reader.TokenType}.");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ToName.TryGetValue(value, out var name) ? name : value.ToString());
    }

    private static Dictionary<string, TEnum> BuildNameTable()
    {
        var table = new Dictionary<string, TEnum>(StringComparer.Ordinal);
        foreach (var field in typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var wireName = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name;
            if (wireName is not null)
            {
                table[wireName] = (TEnum)field.GetValue(null)!;
            }
        }

        return table;
    }
}

/// <summary>Creates <see cref="ForwardCompatibleEnumConverter{TEnum}"/> instances for any enum type.</summary>
public sealed class ForwardCompatibleEnumConverterFactory : JsonConverterFactory
{
    private static readonly ConcurrentDictionary<Type, JsonConverter> Cache = new();

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert)
    {
        ArgumentNullException.ThrowIfNull(typeToConvert);
        return typeToConvert.IsEnum;
    }

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) => For(typeToConvert);

    /// <summary>The cached converter for <paramref name="enumType"/>.</summary>
    public static JsonConverter For(Type enumType) => Cache.GetOrAdd(enumType, static type =>
        (JsonConverter)Activator.CreateInstance(typeof(ForwardCompatibleEnumConverter<>).MakeGenericType(type))!);
}
