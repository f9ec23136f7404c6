using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>One item of a run as <see cref="RunDetails.Items"/> reports it (0.11 servers).</summary>
public sealed class RunItem
{
    /// <summary>The item's position in the run's inputs, from 0.</summary>
    public int ItemIndex { get; init; }

    /// <summary>The item's input.</summary>
    public JsonNode? Input { get; init; }

    /// <summary>The item's status.</summary>
    public RunStatus Status { get; init; }

    /// <summary>When the item finished, once it has.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
