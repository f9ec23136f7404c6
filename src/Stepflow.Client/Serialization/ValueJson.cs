using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Stepflow.Client;

/// <summary>
/// How the client turns the application's own values (run inputs, variables, outputs read back) into JSON:
/// web defaults (camelCase). Common value shapes are source-generated (<see cref="ValueJsonContext"/>); any other
/// type goes through reflection, but only while the application allows it
/// (<see cref="JsonSerializer.IsReflectionEnabledByDefault"/>, which trimmed and native AOT applications turn off).
/// </summary>
internal static class ValueJson
{
    /// <summary>The frozen options for the application's values.</summary>
    public static JsonSerializerOptions Web { get; } = Create(JsonSerializer.IsReflectionEnabledByDefault);

    /// <summary>Builds the options, with or without the reflection fallback (a parameter so tests can see both).</summary>
    internal static JsonSerializerOptions Create(bool reflectionEnabled)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // The feature switch is read here too, so the trimmer sees a constant and drops the reflection branch.
            TypeInfoResolver = reflectionEnabled && JsonSerializer.IsReflectionEnabledByDefault
                ? JsonTypeInfoResolver.Combine(ValueJsonContext.Default, ReflectionResolver())
                : ValueJsonContext.Default,
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Converts one value of the application to JSON, sending a <see cref="JsonNode"/> or <see cref="JsonElement"/> as it is.</summary>
    /// <exception cref="ArgumentException">The value's type cannot be serialized without reflection, which the application disabled.</exception>
    public static JsonNode? ToNode(object? value, string parameterName) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        _ => ToNode(value, Web, parameterName),
    };

    internal static JsonNode? ToNode(object value, JsonSerializerOptions options, string parameterName)
    {
        if (!options.TryGetTypeInfo(value.GetType(), out var typeInfo))
        {
            throw new ArgumentException(
                $"A {value.GetType()} cannot be turned into JSON here: this application has reflection-based serialization " +
                "off (trimmed or native AOT). Pass a JsonNode or JsonElement instead, for example " +
                $"JsonSerializer.SerializeToNode(value, YourJsonContext.Default.{value.GetType().Name}).",
                parameterName);
        }

        return JsonSerializer.SerializeToNode(value, typeInfo);
    }

    // Reached only while JsonSerializer.IsReflectionEnabledByDefault is true; trimmed and AOT publishing set that
    // feature switch to false, the trimmer then removes this call, and the context above is all that remains.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only used when reflection-based serialization is enabled.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only used when reflection-based serialization is enabled.")]
    private static DefaultJsonTypeInfoResolver ReflectionResolver() => new();
}

/// <summary>The value shapes applications pass most often, serializable without reflection.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<object>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, JsonNode>))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class ValueJsonContext : JsonSerializerContext;
