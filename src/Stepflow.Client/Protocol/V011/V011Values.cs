using System.Reflection;
using System.Text.Json.Serialization;
using Wire = Stepflow.Api;

namespace Stepflow.Client.Protocol.V011;

/// <summary>
/// Translates the 0.11 generated enums to the SDK's extensible values and back, through their wire names
/// (<c>running</c>, <c>COMPONENT_FAILED</c>, …), so both spell a value the same way.
/// </summary>
internal static class V011Values
{
    public static RunStatus FromWire(Wire.ExecutionStatus value) => new(Name(value));

    public static StepStatus FromWire(Wire.StepStatus value) => new(Name(value));

    public static TaskErrorCode FromWire(Wire.TaskErrorCode value) => new(Name(value));

    public static DiagnosticLevel FromWire(Wire.DiagnosticLevel value) => new(Name(value));

    public static BlobType FromWire(Wire.BlobType value) => new(Name(value));

    /// <exception cref="ArgumentException">The server generation has no such status (named after the caller's <c>query</c>).</exception>
    public static Wire.ExecutionStatus ToWire(RunStatus value) => Parse<Wire.ExecutionStatus>(value.ToString(), "run status", "query");

    /// <exception cref="ArgumentException">The server generation has no such blob type (named after the caller's <c>blobType</c>).</exception>
    public static Wire.BlobType ToWire(BlobType value) => Parse<Wire.BlobType>(value.ToString(), "blob type", "blobType");

    /// <summary>The wire name; a value the generated enum did not know reads as <c>unknown</c>.</summary>
    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => Names<TEnum>.ByValue.TryGetValue(value, out var name) ? name : "unknown";

    private static TEnum Parse<TEnum>(string name, string what, string parameter)
        where TEnum : struct, Enum =>
        Names<TEnum>.ByName.TryGetValue(name, out var value)
            ? value
            : throw new ArgumentException($"0.11 servers have no {what} '{name}'.", parameter);

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue = Build();

        public static readonly Dictionary<string, TEnum> ByName = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        private static Dictionary<TEnum, string> Build()
        {
            // The generated members carry their wire names; Unknown (the fallback for values the SDK did not know) has none.
            var names = new Dictionary<TEnum, string>();
            foreach (var field in typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name is { Length: > 0 } name)
                {
                    names[(TEnum)field.GetValue(null)!] = name;
                }
            }

            return names;
        }
    }
}
