using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>A variable a flow declares (<c>$variable</c>), as read from its variables schema.</summary>
public sealed class FlowVariable
{
    /// <summary>The variable's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Its description, when the server reports one (0.11 servers; 0.12+ servers never do).</summary>
    public string? Description { get; init; }

    /// <summary>Its default value, when declared.</summary>
    public JsonNode? DefaultValue { get; init; }

    /// <summary>True when the flow's variables schema lists it as required.</summary>
    public bool IsRequired { get; init; }

    /// <summary>True when it is marked secret (<c>is_secret</c>); reported by 0.11 servers only.</summary>
    public bool IsSecret { get; init; }

    /// <summary>The environment variable it is read from (<c>env_var</c>), when declared.</summary>
    public string? EnvironmentVariable { get; init; }

    /// <summary>The variable's JSON Schema, when the server reports it (0.11 servers; 0.12+ servers never do).</summary>
    public JsonNode? Schema { get; init; }
}
