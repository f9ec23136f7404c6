using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>
/// How the 0.12/0.13 REST layer encodes values: integer enums, timestamps, and free-form values rendered through a
/// protobuf <c>Struct</c>, where every number is a double written with a decimal point (docs/server-api.md §4).
/// </summary>
internal static class ProtoJson
{
    /// <summary>
    /// A copy of a free-form value as a <c>Struct</c>/<c>Value</c> renders it: every number becomes a double and is
    /// written as one (<c>7</c> → <c>7.0</c>, <c>0</c> → <c>0.0</c>), the way serde_json prints an <c>f64</c>;
    /// integers beyond 2^53 lose precision (docs/server-api.md §4.3). Key order is kept (the server's is arbitrary).
    /// </summary>
    public static JsonNode? Struct(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Struct(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Struct)]),
        _ when node.GetValueKind() == JsonValueKind.Number => Float(node),
        _ => node.DeepClone(),
    };

    /// <summary>
    /// An <c>f64</c> as serde_json writes it (ryu's shortest form): a decimal point always (<c>7.0</c>), exponent
    /// form from 1e16 up and below 1e-5 (<c>1e16</c>, <c>1.5e-7</c>).
    /// </summary>
    public static string FormatDouble(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // The shortest round-trip digits and the decimal exponent, from .NET's "E16"-free shortest form.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? text : text[..point] + text[(point + 1)..];
        var pointPosition = (point < 0 ? text.Length : point) + exponent; // Where the decimal point falls in `digits`.
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointPosition -= leadingZeros;
        if (digits.Length == 0)
        {
            return negative ? "-0.0" : "0.0";
        }

        // ryu's format64: k is the exponent of the last digit, kk the position of the decimal point.
        var length = digits.Length;
        var kk = pointPosition;
        var k = kk - length;
        string body;
        if (k >= 0 && kk <= 16)
        {
            body = digits + new string('0', k) + ".0";
        }
        else if (kk > 0 && kk <= 16)
        {
            body = digits[..kk] + "." + digits[kk..];
        }
        else if (kk > -5 && kk <= 0)
        {
            body = "0." + new string('0', -kk) + digits;
        }
        else
        {
            var mantissa = length == 1 ? digits : digits[..1] + "." + digits[1..];
            body = mantissa + "e" + (kk - 1).ToString(CultureInfo.InvariantCulture);
        }

        return negative ? "-" + body : body;
    }

    /// <summary>RFC 3339 UTC with a <c>Z</c>; the fraction left out when zero, otherwise 3, 6 or 9 digits, whichever is exact (docs/server-api.md §2.6).</summary>
    public static string Timestamp(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var ticks = utc.Ticks % TimeSpan.TicksPerSecond; // 100 ns units: 7 digits.
        var fraction = ticks switch
        {
            0 => string.Empty,
            _ when ticks % 10_000 == 0 => "." + (ticks / 10_000).ToString("D3", CultureInfo.InvariantCulture),
            _ when ticks % 10 == 0 => "." + (ticks / 10).ToString("D6", CultureInfo.InvariantCulture),
            _ => "." + (ticks * 100).ToString("D9", CultureInfo.InvariantCulture),
        };
        return $"{seconds}{fraction}Z";
    }

    /// <summary>An <c>ExecutionStatus</c> integer (docs/server-api.md §4.1); a status the table lacks is 0.</summary>
    public static int Status(RunStatus status)
    {
        for (var i = 0; i < RunStatuses.Length; i++)
        {
            if (RunStatuses[i] == status)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>The run status of an <c>ExecutionStatus</c> integer, or null for 0 and unknown numbers (no filter).</summary>
    public static RunStatus? StatusOf(int value) => value > 0 && value < RunStatuses.Length ? RunStatuses[value] : (RunStatus?)null;

    /// <summary>A step status folded into an <c>ExecutionStatus</c>: blocked and runnable 0, skipped 2 (docs/server-api.md §4.1).</summary>
    public static int Status(StepStatus status) =>
        status == StepStatus.Running ? 1
        : status == StepStatus.Completed || status == StepStatus.Skipped ? 2
        : status == StepStatus.Failed ? 3
        : 0;

    /// <summary>A <c>TaskErrorCode</c> integer; a code the table lacks keeps its number when it is one (0.11.0 codes), else 0.</summary>
    public static int ErrorCode(TaskErrorCode code)
    {
        for (var i = 0; i < ErrorCodes.Length; i++)
        {
            if (ErrorCodes[i] == code)
            {
                return i;
            }
        }

        return int.TryParse(code.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : 0;
    }

    /// <summary>A <c>DiagnosticLevel</c> integer: fatal 1, error 2, warning 3; anything else 0.</summary>
    public static int Level(DiagnosticLevel level) =>
        level == DiagnosticLevel.Fatal ? 1 : level == DiagnosticLevel.Error ? 2 : level == DiagnosticLevel.Warning ? 3 : 0;

    private static readonly RunStatus[] RunStatuses =
    [
        RunStatus.Unspecified, RunStatus.Running, RunStatus.Completed, RunStatus.Failed, RunStatus.Cancelled, RunStatus.Paused,
        RunStatus.RecoveryFailed,
    ];

    private static readonly TaskErrorCode[] ErrorCodes =
    [
        TaskErrorCode.Unspecified, TaskErrorCode.Timeout, TaskErrorCode.InvalidInput, TaskErrorCode.ComponentFailed, TaskErrorCode.Cancelled,
        TaskErrorCode.Unreachable, TaskErrorCode.ComponentNotFound, TaskErrorCode.ResourceUnavailable, TaskErrorCode.ExpressionFailure,
        TaskErrorCode.OrchestratorError, TaskErrorCode.WorkerError,
    ];

    /// <summary>A number as a JSON token with a decimal point. Parsed from its text, so the node writes that text as it is.</summary>
    private static JsonNode Float(JsonNode number)
    {
        var text = number.ToJsonString();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? JsonNode.Parse(FormatDouble(value))!
            : number.DeepClone();
    }
}
