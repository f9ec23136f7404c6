using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>Why an item or a step failed: a code, a message and, when the server sends them, details.</summary>
public sealed class FlowError
{
    /// <summary>The error's category.</summary>
    public TaskErrorCode Code { get; init; }

    /// <summary>What went wrong, in the component's or orchestrator's words.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>Structured details, when the server sends them (0.11 servers; 0.12+ servers drop them).</summary>
    public JsonNode? Data { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
