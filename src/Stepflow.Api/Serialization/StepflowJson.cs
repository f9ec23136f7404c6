using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Stepflow.Api.Serialization;

/// <summary>
/// The System.Text.Json settings every Stepflow client uses, exposed so applications (and the SSE
/// reader) parse Stepflow JSON exactly as the generated clients do.
/// </summary>
public static class StepflowJson
{
    private static readonly Lazy<JsonSerializerOptions> SharedOptions = new(() =>
    {
        var options = new JsonSerializerOptions();
        Configure(options);
        options.MakeReadOnly();
        return options;
    });

    /// <summary>A frozen, shared instance of the Stepflow serializer options.</summary>
    public static JsonSerializerOptions Options => SharedOptions.Value;

    /// <summary>Applies the Stepflow settings to <paramref name="options"/>.</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>String enumerations are extensible values (see <see cref="IExtensibleEnumValue{TSelf}"/>): each carries
    /// its own <see cref="ExtensibleEnumConverter{TValue}"/>, which keeps a value this SDK does not know (a new
    /// run status, an integer error code from a 0.11.1 server) as its text, so nothing needs configuring here. Integer enumerations (the 0.11 documents have none)
    /// stay C# enums and are read and written as numbers.</item>
    /// <item>Union tags (<c>outcome</c>, <c>event</c>, <c>action</c>) may appear anywhere in an object: the
    /// server writes <c>event</c> after <c>sequenceNumber</c>.</item>
    /// <item>An unknown union tag (a new event type) yields the base type instead of an exception.</item>
    /// <item>Unknown properties are ignored, or kept in <c>AdditionalProperties</c> where a model has it.</item>
    /// <item>The models' metadata is source-generated (one context per server generation), so the SDK's own
    /// calls use no reflection and work in trimmed and native AOT applications. A resolver already set on
    /// <paramref name="options"/> is asked first, so an application can serialize its own types with the same
    /// options; without one, other types (a dictionary of statuses, say) go through reflection, but only while
    /// <see cref="JsonSerializer.IsReflectionEnabledByDefault"/> allows it (trimmed and AOT publishing turn it
    /// off).</item>
    /// </list>
    /// </remarks>
    public static void Configure(JsonSerializerOptions options) => Configure(options, JsonSerializer.IsReflectionEnabledByDefault);

    /// <summary>Configures with or without the reflection fallback (a parameter so tests can see both).</summary>
    internal static void Configure(JsonSerializerOptions options, bool reflectionEnabled)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AllowOutOfOrderMetadataProperties = true;
        var resolver = options.TypeInfoResolver switch
        {
            { } own => JsonTypeInfoResolver.Combine(own, GeneratedModels),
            // The feature switch is read here, not only by the caller, so the trimmer sees a constant and drops the branch.
            null when reflectionEnabled && JsonSerializer.IsReflectionEnabledByDefault => JsonTypeInfoResolver.Combine(GeneratedModels, ReflectionResolver()),
            null => GeneratedModels,
        };
        options.TypeInfoResolver = resolver.WithAddedModifier(ApplyForwardCompatibility);
    }

    /// <summary>The contexts written at code generation (Generated/*.JsonContext.g.cs), every model of each generation.</summary>
    /// <remarks>The 0.13 one exists only when that generation's pass runs (the build defines STEPFLOW_V013 then).</remarks>
    internal static IJsonTypeInfoResolver GeneratedModels { get; } =
#if STEPFLOW_V013
        JsonTypeInfoResolver.Combine(StepflowApiJsonContext.Default, V013.StepflowApiV013JsonContext.Default);
#else
        StepflowApiJsonContext.Default;
#endif

    // Reached only while JsonSerializer.IsReflectionEnabledByDefault is true and only for types the contexts
    // lack (never one of the SDK's own); trimmed and AOT publishing turn that feature switch off, and the
    // trimmer then drops this call.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only used when reflection-based serialization is enabled.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only used when reflection-based serialization is enabled.")]
    private static DefaultJsonTypeInfoResolver ReflectionResolver() => new();

    private static void ApplyForwardCompatibility(JsonTypeInfo typeInfo)
    {
        if (typeInfo.PolymorphismOptions is { } polymorphism)
        {
            polymorphism.IgnoreUnrecognizedTypeDiscriminators = true;
            polymorphism.UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FallBackToNearestAncestor;
        }
    }
}
