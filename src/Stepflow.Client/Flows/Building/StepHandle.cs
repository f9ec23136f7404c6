using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>
/// A step of a <see cref="FlowBuilder"/>: gives references to its output for later steps and the flow's output, and
/// lets its component, input and error action be changed until the flow is built.
/// </summary>
public sealed class StepHandle
{
    private string _component;
    private JsonNode? _input;
    private JsonNode? _onError;
    private bool? _mustExecute;

    internal StepHandle(string id, string component, JsonNode? input, JsonNode? onError, bool? mustExecute, JsonObject? extras, IReadOnlyList<string>? keyOrder)
    {
        Id = id;
        _component = component;
        _input = input;
        _onError = onError;
        _mustExecute = mustExecute;
        Extras = extras ?? [];
        KeyOrder = keyOrder;
    }

    /// <summary>The step's id.</summary>
    public string Id { get; }

    /// <summary>The component the step runs, such as <c>/builtin/eval</c> or <c>/python/udf</c>.</summary>
    /// <exception cref="ArgumentNullException">The value set is null.</exception>
    public string Component
    {
        get => _component;
        set => _component = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The step's input; null for none.</summary>
    public ValueExpr? Input
    {
        get => _input is null ? null : Expr.FromJson(_input);
        set => _input = value?.ToJson();
    }

    /// <summary>
    /// What happens when the step fails; null for the server's default (fail the flow). A loaded <c>onError</c> that
    /// is not one of the <see cref="ErrorAction"/> forms reads as null but is kept until this is set.
    /// </summary>
    public ErrorAction? OnError
    {
        get => ErrorAction.FromJson(_onError);
        set => _onError = value?.ToJson();
    }

    /// <summary>True when the step runs even if nothing reads its output (for side effects).</summary>
    public bool MustExecute
    {
        get => _mustExecute ?? false;
        set => _mustExecute = value || _mustExecute is not null ? value : null;
    }

    /// <summary>The step's whole output: <c>{"$step": "id"}</c>. Narrow it with the indexers: <c>Output["a"][0]</c>.</summary>
    public ValueExpr Output => ValueExpr.StepAt(Id, ExprPath.Root);

    /// <summary>The field <paramref name="field"/> of the step's output: <c>{"$step": "id", "path": "$.field"}</c>.</summary>
    public ValueExpr this[string field] => Output[field];

    /// <summary>The value at <paramref name="path"/> in the step's output, a dotted path such as <c>a.b[0]</c> or a path starting with <c>$</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not a valid path.</exception>
    public ValueExpr Path(string path) => ValueExpr.StepAt(Id, ExprPath.FromUser(path, nameof(path)));

    /// <inheritdoc />
    public override string ToString() => $"step {Id} ({_component})";

    /// <summary>Keys of a loaded step that the builder does not model (such as <c>metadata</c>), kept as they were.</summary>
    internal JsonObject Extras { get; }

    internal IReadOnlyList<string>? KeyOrder { get; }

    internal JsonObject ToJson() => DocumentOrder.Write(KeyOrder, Extras,
        ("id", JsonValue.Create(Id)),
        ("component", JsonValue.Create(_component)),
        ("onError", _onError?.DeepClone()),
        ("input", _input?.DeepClone()),
        ("mustExecute", _mustExecute is { } must ? JsonValue.Create(must) : null));
}
