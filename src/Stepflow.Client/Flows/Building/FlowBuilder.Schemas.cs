using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Stepflow.Client;

public partial class FlowBuilder
{
    private const string ReflectionMessage =
        "Builds the schema from the type by reflection; pass the type's JsonTypeInfo from a JsonSerializerContext instead when trimming or publishing native AOT.";

    /// <summary>Sets the JSON schema of the flow's input (<c>schemas.properties.input</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is null.</exception>
    public FlowBuilder WithInputSchema(JsonNode schema) => SetSchema("input", schema);

    /// <summary>Sets the input schema to the schema of <typeparamref name="T"/> as <paramref name="typeInfo"/> serializes it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    public FlowBuilder WithInputSchema<T>(JsonTypeInfo<T> typeInfo) => SetSchema("input", SchemaOf(typeInfo));

    /// <summary>Sets the input schema to the schema of <typeparamref name="T"/> under the client's camelCase naming.</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public FlowBuilder WithInputSchema<T>() => SetSchema("input", ReflectionSchemas.Of<T>());

    /// <summary>Sets the JSON schema of the flow's output (<c>schemas.properties.output</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is null.</exception>
    public FlowBuilder WithOutputSchema(JsonNode schema) => SetSchema("output", schema);

    /// <summary>Sets the output schema to the schema of <typeparamref name="T"/> as <paramref name="typeInfo"/> serializes it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    public FlowBuilder WithOutputSchema<T>(JsonTypeInfo<T> typeInfo) => SetSchema("output", SchemaOf(typeInfo));

    /// <summary>Sets the output schema to the schema of <typeparamref name="T"/> under the client's camelCase naming.</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public FlowBuilder WithOutputSchema<T>() => SetSchema("output", ReflectionSchemas.Of<T>());

    /// <summary>
    /// Sets the JSON schema of the flow's variables (<c>schemas.properties.variables</c>): an object schema whose
    /// <c>properties</c> declare the variables. Once it is set, <see cref="Build"/> reports variables read but not declared.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is null.</exception>
    public FlowBuilder WithVariablesSchema(JsonNode schema) => SetSchema("variables", schema);

    /// <summary>Declares one variable in the variables schema, creating the schema when there is none.</summary>
    /// <param name="name">The variable's name, as <see cref="Expr.Variable"/> reads it.</param>
    /// <param name="schema">Its JSON schema; null for any value.</param>
    /// <param name="required">True when every run must set it.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or blank.</exception>
    /// <exception cref="InvalidOperationException">The variables schema set before is not an object schema.</exception>
    public FlowBuilder AddVariable(string name, JsonNode? schema = null, bool required = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var properties = SchemaProperties();
        if (properties["variables"] is null)
        {
            properties["variables"] = new JsonObject { ["type"] = "object" };
        }

        if (properties["variables"] is not JsonObject variables || variables["properties"] is not (null or JsonObject))
        {
            throw new InvalidOperationException("The variables schema is not an object schema with 'properties'; set it whole with WithVariablesSchema.");
        }

        var declared = variables["properties"] as JsonObject ?? [];
        variables["properties"] = declared;
        declared[name] = schema?.DeepClone() ?? new JsonObject();
        if (required)
        {
            var list = variables["required"] as JsonArray ?? [];
            variables["required"] = list;
            if (!list.Any(item => item is JsonValue v && v.TryGetValue<string>(out var s) && s == name))
            {
                list.Add((JsonNode?)JsonValue.Create(name));
            }
        }

        return this;
    }

    private FlowBuilder SetSchema(string which, JsonNode schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        SchemaProperties()[which] = schema.DeepClone();
        return this;
    }

    // The server reads schemas in the JSON-schema form: { "type": "object", "properties": { input, output, variables, steps } }.
    private JsonObject SchemaProperties()
    {
        _schemas ??= new JsonObject { ["type"] = "object" };
        if (_schemas["properties"] is JsonObject properties)
        {
            return properties;
        }

        properties = [];
        _schemas["properties"] = properties;
        return properties;
    }

    internal static JsonNode SchemaOf(JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonSchemaExporter.GetJsonSchemaAsNode(typeInfo, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
    }
}
