using Wire = Stepflow.Api;

namespace Stepflow.Client.Protocol.V011;

/// <summary>
/// Translates the 0.11 generated values to the SDK's extensible values and back, through their wire text
/// (<c>running</c>, <c>COMPONENT_FAILED</c>, <c>-32100</c>, …). Both layers keep any text a server sends, so
/// a value this SDK does not know (a newer server's status) passes through unchanged.
/// </summary>
internal static class V011Values
{
    public static RunStatus FromWire(Wire.ExecutionStatus value) => Text(value.ToString()) is { } text ? new(text) : default;

    public static StepStatus FromWire(Wire.StepStatus value) => Text(value.ToString()) is { } text ? new(text) : default;

    public static TaskErrorCode FromWire(Wire.TaskErrorCode value) => Text(value.ToString()) is { } text ? new(text) : default;

    public static DiagnosticLevel FromWire(Wire.DiagnosticLevel value) => Text(value.ToString()) is { } text ? new(text) : default;

    public static BlobType FromWire(Wire.BlobType value) => Text(value.ToString()) is { } text ? new(text) : default;

    /// <summary>Any status, known to this SDK or not; the empty <see langword="default"/> stays empty.</summary>
    public static Wire.ExecutionStatus ToWire(RunStatus value) => value == default ? default : new(value.ToString());

    /// <summary>Any blob type, known to this SDK or not; the empty <see langword="default"/> stays empty.</summary>
    public static Wire.BlobType ToWire(BlobType value) => value == default ? default : new(value.ToString());

    /// <summary>
    /// The text, or null for the empty <see langword="default"/> value or a blank text, which the SDK's values
    /// do not accept (they read as their own <see langword="default"/>).
    /// </summary>
    private static string? Text(string text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
