using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing;

/// <summary>
/// What one item of a run on a <see cref="StepflowTestServer"/> ends with: an output, or an error. Build one with
/// <see cref="Success"/> or <see cref="Failure(TaskErrorCode, string, JsonNode?)"/>.
/// </summary>
public sealed class ItemOutcome
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private ItemOutcome(JsonNode? output, FlowError? error)
    {
        Output = output;
        Error = error;
    }

    /// <summary>True for a success.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>The output of a success (<see langword="null"/> for a JSON <c>null</c> output).</summary>
    public JsonNode? Output { get; }

    /// <summary>The error of a failure.</summary>
    public FlowError? Error { get; }

    /// <summary>The item succeeds with <paramref name="output"/> (a <see cref="JsonNode"/>, or any value serialized with camelCase web defaults).</summary>
    public static ItemOutcome Success(object? output = null) => new(ToJson(output), null);

    /// <summary>The item fails with <paramref name="code"/> and <paramref name="message"/>, so the run fails.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static ItemOutcome Failure(TaskErrorCode code, string message, JsonNode? data = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(null, new FlowError { Code = code == default ? TaskErrorCode.Unspecified : code, Message = message, Data = data?.DeepClone() });
    }

    /// <summary>The item fails with <paramref name="error"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static ItemOutcome Failure(FlowError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Failure(error.Code, error.Message, error.Data);
    }

    /// <summary>A copy whose JSON can be handed out without sharing nodes.</summary>
    internal ItemOutcome Clone() => new(Output?.DeepClone(), Error is null ? null : new FlowError { Code = Error.Code, Message = Error.Message, Data = Error.Data?.DeepClone() });

    internal static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), WebJson),
    };

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"success: {Output?.ToJsonString() ?? "null"}" : $"failure: {Error}";
}
