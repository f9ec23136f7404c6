using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>
/// What the server does when a step fails (a step's <c>onError</c>): fail the flow (the default), use a default value
/// in place of the step's output, or retry the step.
/// </summary>
public sealed class ErrorAction
{
    private ErrorAction(string action, JsonNode? defaultValue, int? maxRetries)
    {
        Action = action;
        _defaultValue = defaultValue;
        MaxRetries = maxRetries;
    }

    private readonly JsonNode? _defaultValue;

    /// <summary>The flow fails with the step: <c>{"action": "fail"}</c>.</summary>
    public static ErrorAction Fail { get; } = new("fail", null, null);

    /// <summary>The action's name on the wire: <c>fail</c>, <c>useDefault</c> or <c>retry</c>.</summary>
    public string Action { get; }

    /// <summary>For <c>useDefault</c>, the value used in place of the step's output (a copy); otherwise null.</summary>
    public JsonNode? DefaultValue => _defaultValue?.DeepClone();

    /// <summary>For <c>retry</c>, the most retries after component errors; null for the server's default (3).</summary>
    public int? MaxRetries { get; }

    /// <summary>
    /// The step's output becomes <paramref name="defaultValue"/> (null when absent) when it fails:
    /// <c>{"action": "useDefault", "defaultValue": …}</c>. The server takes a JSON value here, not an expression; for a
    /// computed fallback use <see cref="Expr.Coalesce"/> where the output is read.
    /// </summary>
    public static ErrorAction UseDefault(JsonNode? defaultValue = null) => new("useDefault", defaultValue?.DeepClone(), null);

    /// <summary>The step is retried up to <paramref name="maxRetries"/> times (the server's default, 3, when null): <c>{"action": "retry", "maxRetries": n}</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRetries"/> is negative.</exception>
    public static ErrorAction Retry(int? maxRetries = null)
    {
        if (maxRetries is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(maxRetries));
        }

        return new("retry", null, maxRetries);
    }

    /// <summary>The action as the flow document holds it.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["action"] = Action };
        if (Action == "useDefault" && _defaultValue is not null)
        {
            json["defaultValue"] = _defaultValue.DeepClone();
        }

        if (MaxRetries is { } retries)
        {
            json["maxRetries"] = retries;
        }

        return json;
    }

    /// <inheritdoc />
    public override string ToString() => ToJson().ToJsonString();

    /// <summary>Reads an <c>onError</c> object; null when it is not one of the three actions in its usual form.</summary>
    internal static ErrorAction? FromJson(JsonNode? json)
    {
        if (json is not JsonObject obj || obj["action"] is not JsonValue name || !name.TryGetValue<string>(out var action))
        {
            return null;
        }

        return action switch
        {
            "fail" when obj.Count == 1 => Fail,
            "useDefault" when obj.All(m => m.Key is "action" or "defaultValue") => UseDefault(obj["defaultValue"]),
            "retry" when obj.Count == 1 => Retry(),
            "retry" when obj.Count == 2 && obj["maxRetries"] is JsonValue count && count.TryGetValue<int>(out var retries) && retries >= 0 =>
                Retry(retries),
            _ => null,
        };
    }
}
