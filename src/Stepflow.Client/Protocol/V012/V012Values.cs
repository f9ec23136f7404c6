using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepflow.Client.Protocol.V012;

/// <summary>
/// The 0.12/0.13 value encodings (docs/server-api.md §4): integer enums translated through explicit tables into the
/// SDK's values (the 0.11 spellings) and back, and free-form values with their integral floats made integers again.
/// </summary>
internal static class V012Values
{
    // ExecutionStatus, by number (docs/server-api.md §4.1).
    private static readonly RunStatus[] RunStatuses =
        [RunStatus.Unspecified, RunStatus.Running, RunStatus.Completed, RunStatus.Failed, RunStatus.Cancelled, RunStatus.Paused, RunStatus.RecoveryFailed];

    // Step rows reuse ExecutionStatus; 0 folds blocked and runnable, 2 folds completed and skipped.
    private static readonly StepStatus[] StepStatuses =
        [StepStatus.Runnable, StepStatus.Running, StepStatus.Completed, StepStatus.Failed, new("cancelled"), new("paused"), new("recoveryFailed")];

    private static readonly TaskErrorCode[] ErrorCodes =
    [
        TaskErrorCode.Unspecified, TaskErrorCode.Timeout, TaskErrorCode.InvalidInput, TaskErrorCode.ComponentFailed, TaskErrorCode.Cancelled,
        TaskErrorCode.Unreachable, TaskErrorCode.ComponentNotFound, TaskErrorCode.ResourceUnavailable, TaskErrorCode.ExpressionFailure,
        TaskErrorCode.OrchestratorError, TaskErrorCode.WorkerError,
    ];

    // DiagnosticLevel starts at 1 on the wire.
    private static readonly DiagnosticLevel[] Levels = [default, DiagnosticLevel.Fatal, DiagnosticLevel.Error, DiagnosticLevel.Warning];

    // 2^53: the largest range in which every integer has an exact double.
    private const double ExactIntegerLimit = 9007199254740992d;

    // The repaired integers shared as parsed elements: 0 to 4095 covers counts, indexes and token limits.
    private const int SharedIntegers = 4096;

    // Boxed so each slot is written and read as one reference; filled without a lock (a race parses an integer twice,
    // and either copy serves).
    private static readonly StrongBox<JsonElement>?[] IntegerElements = new StrongBox<JsonElement>?[SharedIntegers];

    public static RunStatus RunStatusOf(WireEnum value) => From(value, RunStatuses, "EXECUTION_STATUS_", static text => new RunStatus(text));

    public static StepStatus StepStatusOf(WireEnum value) => From(value, StepStatuses, "EXECUTION_STATUS_", static text => new StepStatus(text));

    public static TaskErrorCode ErrorCodeOf(WireEnum value) => From(value, ErrorCodes, "TASK_ERROR_CODE_", static text => new TaskErrorCode(text), upper: true);

    public static DiagnosticLevel LevelOf(WireEnum value) => From(value, Levels, "DIAGNOSTIC_LEVEL_", static text => new DiagnosticLevel(text));

    /// <summary>The integer a run status filter is sent as; <see langword="null"/> for a status without one.</summary>
    public static int? NumberOf(RunStatus status)
    {
        var index = Array.IndexOf(RunStatuses, status);
        if (index >= 0)
        {
            return index;
        }

        // A status read from a newer server keeps its decimal text: send it back as it came.
        return int.TryParse(status.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>
    /// A free-form value as the SDK hands it out: every number that is a whole double within ±2^53 becomes an
    /// integer token (<c>7.0</c> → <c>7</c>), recursively (docs/server-api.md §4.3). Non-integral numbers stay.
    /// </summary>
    public static JsonNode? Integral(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                List<KeyValuePair<string, JsonNode?>>? replaced = null;
                foreach (var (name, child) in obj)
                {
                    if (child is JsonValue leaf)
                    {
                        if (IntegralNumber(leaf) is { } integer)
                        {
                            (replaced ??= []).Add(new(name, integer));
                        }
                    }
                    else
                    {
                        Integral(child);
                    }
                }

                if (replaced is not null)
                {
                    foreach (var (name, value) in replaced)
                    {
                        obj[name] = value;
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue leaf)
                    {
                        if (IntegralNumber(leaf) is { } integer)
                        {
                            array[i] = integer;
                        }
                    }
                    else
                    {
                        Integral(array[i]);
                    }
                }

                return array;
            case JsonValue value:
                return IntegralNumber(value) ?? value;
            default:
                return node;
        }
    }

    /// <summary><see cref="Integral(JsonNode?)"/> for an object (a flow document, a schema).</summary>
    public static JsonObject Integral(JsonObject node) => (JsonObject)Integral((JsonNode)node)!;

    private static JsonValue? IntegralNumber(JsonValue value)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        // Only numbers written with a fraction or exponent need rewriting; integers already read as integers.
        if (value.TryGetValue(out JsonElement element))
        {
            // A number token that parses as an integer as a whole has no fraction or exponent: nothing to rewrite.
            if (element.TryGetInt64(out _))
            {
                return null;
            }
        }
        else if (value.TryGetValue(out long _) || value.TryGetValue(out int _))
        {
            return null;
        }

        if (!value.TryGetValue(out double number) || !IsExactInteger(number))
        {
            return null;
        }

        // Backed by a JsonElement rather than JsonValue.Create(long): such a value converts to every numeric type, so
        // GetValue<int>() works as it does on a 0.11 answer; a JsonValue<long> would only give a long.
        return JsonValue.Create(IntegerElement((long)number))!;
    }

    /// <summary>A whole double that a long holds exactly (within ±2^53).</summary>
    public static bool IsExactInteger(double number) =>
        !double.IsNaN(number) && !double.IsInfinity(number) && Math.Floor(number) == number && Math.Abs(number) <= ExactIntegerLimit;

    /// <summary>An integer as a parsed element, the common ones shared.</summary>
    /// <remarks>
    /// Parsed elements are immutable and thread-safe, so the integers met most are parsed once; each repair then costs
    /// one small <see cref="JsonValue"/>, not a parsed document.
    /// </remarks>
    public static JsonElement IntegerElement(long number)
    {
        if (number is < 0 or >= SharedIntegers)
        {
            return ParseInteger(number);
        }

        var cached = Volatile.Read(ref IntegerElements[number]);
        if (cached is null)
        {
            cached = new StrongBox<JsonElement>(ParseInteger(number));
            Volatile.Write(ref IntegerElements[number], cached);
        }

        return cached.Value;
    }

    private static JsonElement ParseInteger(long number) => JsonSerializer.SerializeToElement(number, V012Json.Default.Int64);

    private static T From<T>(WireEnum value, T[] table, string namePrefix, Func<string, T> create, bool upper = false)
        where T : struct
    {
        if (value.Number is { } number)
        {
            return number >= 0 && number < table.Length && !table[number].Equals(default(T))
                ? table[number]
                : create(number.ToString(CultureInfo.InvariantCulture));
        }

        if (value.Name is not { Length: > 0 } name)
        {
            return default;
        }

        // A server that follows its OpenAPI document sends EXECUTION_STATUS_COMPLETED: read the part after the prefix.
        var bare = name.StartsWith(namePrefix, StringComparison.Ordinal) ? name[namePrefix.Length..] : name;
        foreach (var known in table)
        {
            if (!known.Equals(default(T)) && string.Equals(Canonical(known.ToString()!), Canonical(bare), StringComparison.Ordinal))
            {
                return known;
            }
        }

        return create(upper ? bare : bare.ToLowerInvariant());
    }

    private static string Canonical(string text) => text.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
