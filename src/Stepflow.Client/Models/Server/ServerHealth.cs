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

    /// <summary>True when the server says it is healthy.</summary>
    public bool IsHealthy => string.Equals(Status, "healthy", StringComparison.OrdinalIgnoreCase);
}
