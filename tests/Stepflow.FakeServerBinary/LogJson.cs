using System.Text.Json.Serialization;

namespace Stepflow.FakeServerBinary;

/// <summary>One line of tracing-subscriber's JSON format: <c>{"timestamp", "level", "fields": {"message"}, "target"}</c>.</summary>
internal sealed record JsonLine(
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("fields")] JsonFields Fields,
    [property: JsonPropertyName("target")] string Target);

/// <summary>The fields of a JSON log line: only the message (so no line but the readiness line has a top-level <c>port</c>).</summary>
internal sealed record JsonFields([property: JsonPropertyName("message")] string Message);

[JsonSerializable(typeof(JsonLine))]
internal sealed partial class LogJsonContext : JsonSerializerContext;
