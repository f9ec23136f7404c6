using System.Text.Json.Nodes;

namespace Stepflow.Client.Protocol;

/// <summary>A run to create, in the SDK's terms; each protocol writes it in its own wire form.</summary>
/// <param name="FlowId">The stored flow.</param>
/// <param name="Inputs">One input per item.</param>
/// <param name="Variables">Variable values, or <see langword="null"/> for none.</param>
/// <param name="StepOverrides">A merge patch per step id, or <see langword="null"/> for none.</param>
/// <param name="MaxConcurrency">The most items run at once, or <see langword="null"/> for the server's default.</param>
/// <param name="Wait">How long the server may hold the answer waiting for the run to end; <see langword="null"/> answers at once.</param>
internal sealed record RunRequest(
    string FlowId,
    IReadOnlyList<JsonNode?> Inputs,
    IReadOnlyDictionary<string, JsonNode?>? Variables,
    IReadOnlyDictionary<string, JsonNode?>? StepOverrides,
    int? MaxConcurrency,
    TimeSpan? Wait);
