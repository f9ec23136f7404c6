using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Stepflow.Client;

public partial class FlowBuilder
{
    /// <summary>
    /// Starts a flow whose input is a <typeparamref name="TInput"/>: the input schema comes from
    /// <paramref name="inputType"/>, and <see cref="FlowBuilder{TInput}.Input"/> writes input paths with its names.
    /// Safe for trimming and native AOT.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or blank.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="inputType"/> is null.</exception>
    public static FlowBuilder<TInput> For<TInput>(string name, JsonTypeInfo<TInput> inputType) => new(name, inputType);

    /// <summary>
    /// Starts a flow whose input is a <typeparamref name="TInput"/>, named with the client's camelCase naming; the input
    /// schema is built by reflection.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or blank.</exception>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static FlowBuilder<TInput> For<TInput>(string name) =>
        new(name, (JsonTypeInfo<TInput>)ReflectionSchemas.Options().GetTypeInfo(typeof(TInput)));
}

/// <summary>A <see cref="FlowBuilder"/> whose input is a <typeparamref name="TInput"/>, so input paths can be lambdas.</summary>
/// <typeparam name="TInput">The type of the flow's input.</typeparam>
public sealed class FlowBuilder<TInput> : FlowBuilder
{
    private readonly JsonSerializerOptions _options;

    internal FlowBuilder(string name, JsonTypeInfo<TInput> inputType)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(inputType);
        _options = inputType.Options;
        WithInputSchema(inputType);
    }

    /// <summary>
    /// The value of the input that <paramref name="path"/> reaches, such as <c>o =&gt; o.Customer.Email</c> (written
    /// <c>{"$input": "$.customer.email"}</c>), named as the input's serializer names it.
    /// </summary>
    /// <exception cref="ArgumentException">The lambda does more than read properties, fields and indexers.</exception>
    public ValueExpr Input(Expression<Func<TInput, object?>> path) => Expr.Input(path, _options);
}
