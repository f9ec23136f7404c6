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
    /// </list>
    /// </remarks>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AllowOutOfOrderMetadataProperties = true;
        var resolver = options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver();
        options.TypeInfoResolver = resolver.WithAddedModifier(ApplyForwardCompatibility);
    }

    private static void ApplyForwardCompatibility(JsonTypeInfo typeInfo)
    {
        if (typeInfo.PolymorphismOptions is { } polymorphism)
        {
            polymorphism.IgnoreUnrecognizedTypeDiscriminators = true;
            polymorphism.UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FallBackToNearestAncestor;
        }
    }
}
