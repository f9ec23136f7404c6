using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>One problem the server found when it analysed a flow.</summary>
public sealed class Diagnostic
{
    /// <summary>The kind of problem, a camelCase name such as <c>selfReference</c> or <c>missingFlowDescription</c>.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The problem's numeric code (fatal 3xxx, error 2xxx, warning 1xxx).</summary>
    public int Code { get; init; }

    /// <summary>How serious the problem is.</summary>
    public DiagnosticLevel Level { get; init; }

    /// <summary>The server's description of the problem.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>Where in the flow the problem is, as a JSON path (for example <c>$.steps[0].input</c>), when known.</summary>
    public string? Path { get; init; }

    /// <summary>Structured details; keys are the server's (snake_case in practice, for example <c>step_id</c>).</summary>
    public JsonNode? Data { get; init; }

    /// <summary>True when the check that found it is experimental.</summary>
    public bool Experimental { get; init; }

    /// <inheritdoc />
    public override string ToString() => Path is null ? $"{Level}: {Message}" : $"{Level}: {Message} (at {Path})";
}
