namespace Stepflow.Client;

/// <summary>What the server's health check reported.</summary>
public sealed class ServerHealth
{
    /// <summary>The server's status text (<c>healthy</c> when it is up).</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>The server's clock when it answered, when it says.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The server's version (for example <c>0.11.1</c>); 0.11 servers only, <see langword="null"/> on 0.12+ servers.</summary>
    public string? Version { get; init; }

    /// <summary>How the server binary was built; 0.12+ servers only, <see langword="null"/> on 0.11 servers.</summary>
    public ServerBuild? Build { get; init; }

    /// <summary>
    /// The API generation that answered: <see cref="StepflowApiGeneration.V011"/> or <see cref="StepflowApiGeneration.V012"/>
    /// (0.12, 0.13 and later servers of that line); never <see cref="StepflowApiGeneration.Automatic"/> in an answer.
    /// </summary>
    public StepflowApiGeneration ApiGeneration { get; init; }

    /// <summary>
    /// A short description of the server for logs and messages: the generation and the version or build, for example
    /// <c>0.11 (version 0.11.1)</c> or <c>0.12/0.13 (build stepflow-0.13.0)</c>.
    /// </summary>
    public string Description => ApiGeneration switch
    {
        StepflowApiGeneration.V011 => $"0.11 (version {Version ?? "unknown"})",
        StepflowApiGeneration.V012 => $"0.12/0.13 (build {Build?.GitVersion ?? "unknown"})",
        _ => "unknown",
    };

    /// <summary>True when the server says it is healthy.</summary>
    public bool IsHealthy => string.Equals(Status, "healthy", StringComparison.OrdinalIgnoreCase);
}
