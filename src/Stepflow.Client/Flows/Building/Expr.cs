using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>
/// Creates the values and expressions of a flow (<see cref="ValueExpr"/>): references to the flow's input, a step's
/// output or a variable, literals, conditions, fallbacks, and objects or arrays of them.
/// </summary>
/// <remarks>
/// Paths given as text are dotted paths: <c>customer.email</c>, <c>lines[0].sku</c>, <c>["odd.name"]</c>; they are
/// written the way the server reads paths, <c>$.customer.email</c>. Text that starts with <c>$</c> is used as it is.
/// The empty path and <c>$</c> mean the whole value.
/// </remarks>
public static class Expr
{
    /// <summary>The flow's input, or the value at <paramref name="path"/> in it: <c>{"$input": "$.path"}</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not a valid path.</exception>
    public static ValueExpr Input(string path = ExprPath.Root) => ValueExpr.InputAt(ExprPath.FromUser(path, nameof(path)));

    /// <summary>
    /// The value of the input of type <typeparamref name="TInput"/> that <paramref name="path"/> reaches, such as
    /// <c>o =&gt; o.Customer.Email</c> (written <c>$.customer.email</c>) or <c>o =&gt; o.Lines[0].Sku</c>. Names follow
    /// <c>[JsonPropertyName]</c> and the client's camelCase naming of inputs.
    /// </summary>
    /// <exception cref="ArgumentException">The lambda does more than read properties, fields and indexers.</exception>
    public static ValueExpr Input<TInput>(Expression<Func<TInput, object?>> path) => Input(path, null);

    /// <summary>
    /// As <see cref="Input{TInput}(Expression{Func{TInput, object}})"/>, with names taken from
    /// <paramref name="options"/> (its naming policy and the contracts of its resolver).
    /// </summary>
    /// <exception cref="ArgumentException">The lambda does more than read properties, fields and indexers.</exception>
    public static ValueExpr Input<TInput>(Expression<Func<TInput, object?>> path, JsonSerializerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ValueExpr.InputAt(TypedPath.Of(path, options ?? ValueJson.Web));
    }

    /// <summary>The output of step <paramref name="stepId"/>, or the value at <paramref name="path"/> in it: <c>{"$step": "id", "path": "$.path"}</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="stepId"/> is null or blank, or <paramref name="path"/> is not a valid path.</exception>
    public static ValueExpr Step(string stepId, string path = ExprPath.Root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stepId);
        return ValueExpr.StepAt(stepId, ExprPath.FromUser(path, nameof(path)));
    }

    /// <summary>The variable <paramref name="name"/>, or <paramref name="defaultValue"/> when the run does not set it: <c>{"$variable": "name", "default": …}</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or blank.</exception>
    public static ValueExpr Variable(string name, ValueExpr? defaultValue = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return ValueExpr.VariableAt(name, ExprPath.Root, defaultValue);
    }

    /// <summary>
    /// A JSON value taken as it is, even where it looks like an expression: <c>{"$literal": value}</c>. Use it for data
    /// that holds keys such as <c>$input</c>.
    /// </summary>
    public static ValueExpr Literal(JsonNode? value) => ValueExpr.Wire(new JsonObject { ["$literal"] = value?.DeepClone() });

    /// <summary>
    /// A JSON value as a literal. It is written as it is, unless an object in it has a key starting with <c>$</c>
    /// (which the server would read as an expression): then it is wrapped in <c>$literal</c>.
    /// </summary>
    public static ValueExpr Value(JsonNode? value) => HasDollarKey(value) ? Literal(value) : ValueExpr.Wire(value?.DeepClone());

    /// <summary>
    /// A value already written in the flow language, such as <c>{"$input": "name"}</c> read from a flow file: its
    /// expressions stay expressions.
    /// </summary>
    public static ValueExpr FromJson(JsonNode? json) => ValueExpr.Wire(json?.DeepClone());

    /// <summary><paramref name="then"/> when <paramref name="condition"/> is true, otherwise <paramref name="otherwise"/> (null when absent): <c>{"$if": …, "then": …, "else": …}</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="condition"/> or <paramref name="then"/> is null.</exception>
    public static ValueExpr If(ValueExpr condition, ValueExpr then, ValueExpr? otherwise = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(then);
        var json = new JsonObject { ["$if"] = condition.ToJson(), ["then"] = then.ToJson() };
        if (otherwise is not null)
        {
            json["else"] = otherwise.ToJson();
        }

        return ValueExpr.Wire(json);
    }

    /// <summary>The first of <paramref name="values"/> that is not null: <c>{"$coalesce": [...]}</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or holds a null.</exception>
    public static ValueExpr Coalesce(params ValueExpr[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0 || values.Any(v => v is null))
        {
            throw new ArgumentException("$coalesce takes one or more values, none of them null (use ValueExpr.Null for a JSON null).", nameof(values));
        }

        return ValueExpr.Wire(new JsonObject { ["$coalesce"] = new JsonArray([.. values.Select(v => v.ToJson())]) });
    }

    /// <summary>An object whose members are values or expressions: <c>Expr.Object(("name", Expr.Input("name")), ("count", 3))</c>.</summary>
    /// <exception cref="ArgumentException">A name is null, starts with <c>$</c> (use <see cref="Literal"/>), or appears twice.</exception>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named for the JSON object it writes, beside Array.")]
    public static ValueExpr Object(params (string Name, ValueExpr? Value)[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var json = new JsonObject();
        foreach (var (name, value) in members)
        {
            if (name is null || name.StartsWith('$'))
            {
                throw new ArgumentException(
                    $"A member name must not be null or start with '$' (got {name ?? "null"}): the server would read it as an expression. Wrap such data in Expr.Literal.",
                    nameof(members));
            }

            if (!json.TryAdd(name, value?.ToJson()))
            {
                throw new ArgumentException($"The member '{name}' appears twice.", nameof(members));
            }
        }

        return ValueExpr.Wire(json);
    }

    /// <summary>An array whose items are values or expressions.</summary>
    public static ValueExpr Array(params ValueExpr?[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return ValueExpr.Wire(new JsonArray([.. items.Select(item => item?.ToJson())]));
    }

    private static bool HasDollarKey(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Any(member => member.Key.StartsWith('$') || HasDollarKey(member.Value)),
        JsonArray array => array.Any(HasDollarKey),
        _ => false,
    };
}
