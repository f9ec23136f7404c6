using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>
/// A value in a flow: a plain JSON value, or an expression the server evaluates when the step runs (a reference to
/// the flow's input, a step's output or a variable; a condition; a fallback), or an object or array mixing both.
/// Create one with <see cref="Expr"/>, from a step with <see cref="StepHandle.Output"/>, or by conversion from a
/// string, number, boolean or <see cref="JsonNode"/> (all literals). Immutable.
/// </summary>
/// <remarks>
/// A reference can be narrowed with the indexers: <c>step.Output["customer"]["email"]</c> reads
/// <c>$.customer.email</c> of the step's output, <c>Expr.Input()["lines"][0]</c> the first line of the input.
/// </remarks>
public sealed class ValueExpr
{
    private readonly JsonNode? _json;
    private readonly ReferenceKind _kind;
    private readonly string? _target;
    private readonly string _path;

    private ValueExpr(JsonNode? json, ReferenceKind kind = ReferenceKind.None, string? target = null, string path = ExprPath.Root)
    {
        _json = json;
        _kind = kind;
        _target = target;
        _path = path;
    }

    private enum ReferenceKind
    {
        None,
        Input,
        Step,
        Variable,
    }

    /// <summary>The JSON <c>null</c> literal.</summary>
    public static ValueExpr Null { get; } = new(null);

    /// <summary>True when this is a reference (to the input, a step's output or a variable) that the indexers can narrow.</summary>
    public bool IsReference => _kind != ReferenceKind.None;

    /// <summary>The field <paramref name="field"/> of the referenced value.</summary>
    /// <exception cref="InvalidOperationException">This is not a reference (see <see cref="IsReference"/>).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> is null.</exception>
    public ValueExpr this[string field]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(field);
            return Narrow(PathSegment.OfField(field));
        }
    }

    /// <summary>The element at <paramref name="index"/> of the referenced array.</summary>
    /// <exception cref="InvalidOperationException">This is not a reference (see <see cref="IsReference"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public ValueExpr this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            return Narrow(PathSegment.OfIndex(index));
        }
    }

    /// <summary>The expression as the flow document holds it (a copy).</summary>
    public JsonNode? ToJson() => _json?.DeepClone();

    /// <summary>The expression as compact JSON.</summary>
    public override string ToString() => _json?.ToJsonString() ?? "null";

    /// <summary>A string literal (<see langword="null"/> is the JSON null).</summary>
    public static implicit operator ValueExpr(string? value) => value is null ? Null : new(JsonValue.Create(value));

    /// <summary>A boolean literal.</summary>
    public static implicit operator ValueExpr(bool value) => new(JsonValue.Create(value));

    /// <summary>A number literal.</summary>
    public static implicit operator ValueExpr(int value) => new(JsonValue.Create(value));

    /// <summary>A number literal.</summary>
    public static implicit operator ValueExpr(long value) => new(JsonValue.Create(value));

    /// <summary>A number literal.</summary>
    public static implicit operator ValueExpr(double value) => FromDouble(value);

    /// <summary>A number literal.</summary>
    public static implicit operator ValueExpr(decimal value) => new(JsonValue.Create(value));

    /// <summary>A JSON literal, kept a literal (see <see cref="Expr.Value"/>).</summary>
    public static implicit operator ValueExpr(JsonNode? value) => Expr.Value(value);

    internal static ValueExpr Wire(JsonNode? json) => new(json);

    internal static ValueExpr InputAt(string path) => new(new JsonObject { ["$input"] = path }, ReferenceKind.Input, null, path);

    internal static ValueExpr StepAt(string stepId, string path)
    {
        var json = new JsonObject { ["$step"] = stepId };
        if (path != ExprPath.Root)
        {
            json["path"] = path;
        }

        return new(json, ReferenceKind.Step, stepId, path);
    }

    internal static ValueExpr VariableAt(string name, string path, ValueExpr? defaultValue)
    {
        // A variable read whole is written by its bare name, as flow files usually write it.
        var json = new JsonObject { ["$variable"] = path == ExprPath.Root ? name : path };
        if (defaultValue is not null)
        {
            json["default"] = defaultValue.ToJson();
        }

        return new(json, ReferenceKind.Variable, name, path);
    }

    private static ValueExpr FromDouble(double value) =>
        double.IsFinite(value)
            ? new(JsonValue.Create(value))
            : throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no infinity or NaN.");

    private ValueExpr Narrow(PathSegment segment) => _kind switch
    {
        ReferenceKind.Input => InputAt(ExprPath.Append(_path, segment)),
        ReferenceKind.Step => StepAt(_target!, ExprPath.Append(_path, segment)),
        ReferenceKind.Variable => VariableAt(_target!, ExprPath.Append(VariablePath, segment), _json?["default"] is { } d ? Wire(d.DeepClone()) : null),
        _ => throw new InvalidOperationException(
            $"Only a reference ($input, $step, $variable) can be narrowed to a field or index; this is {this}."),
    };

    // The path of a variable starts with the variable's name.
    private string VariablePath => _path == ExprPath.Root ? ExprPath.Append(ExprPath.Root, PathSegment.OfField(_target!)) : _path;
}
