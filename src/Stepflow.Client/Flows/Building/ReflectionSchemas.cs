using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Stepflow.Client;

/// <summary>Schemas and contracts of the application's types by reflection, for the builder's convenience overloads.</summary>
internal static class ReflectionSchemas
{
    private const string Message = "Reads the type by reflection.";

    [RequiresUnreferencedCode(Message)]
    [RequiresDynamicCode(Message)]
    public static JsonSerializerOptions Options() => Cached.Options;

    [RequiresUnreferencedCode(Message)]
    [RequiresDynamicCode(Message)]
    public static JsonNode Of<T>() => FlowBuilder.SchemaOf(Options().GetTypeInfo(typeof(T)));

    [RequiresUnreferencedCode(Message)]
    [RequiresDynamicCode(Message)]
    private static class Cached
    {
        // The client's camelCase web naming, with reflection on whatever the application's settings.
        public static readonly JsonSerializerOptions Options = CreateOptions();

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
            options.MakeReadOnly();
            return options;
        }
    }
}
