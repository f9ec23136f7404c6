using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>How one item of a run behaves: how long it takes and what it produces (null: it never finishes).</summary>
internal sealed record ItemPlan(TimeSpan Delay, Func<JsonNode?, ItemOutcome?> Respond);
