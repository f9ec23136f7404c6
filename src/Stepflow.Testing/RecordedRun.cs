using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing;

/// <summary>
/// A run on a <see cref="StepflowTestServer"/> as it was when read: what the client sent (inputs, variables,
/// overrides) and where the run has got. A snapshot; it does not change afterwards.
/// </summary>
public sealed class RecordedRun
{
    internal RecordedRun(Guid runId, string flowId, string? flowName, RunStatus status, IReadOnlyList<JsonNode?> inputs,
        IReadOnlyList<ItemOutcome?> results, IReadOnlyDictionary<string, JsonNode?> variables, JsonNode? overrides,
        long? maxConcurrency, DateTimeOffset createdAt, DateTimeOffset? completedAt)
    {
        RunId = runId;
        FlowId = flowId;
        FlowName = flowName;
        Status = status;
        Inputs = inputs;
        Results = results;
        Variables = variables;
        Overrides = overrides;
        MaxConcurrency = maxConcurrency;
        CreatedAt = createdAt;
        CompletedAt = completedAt;
    }

    /// <summary>The run's id.</summary>
    public Guid RunId { get; }

    /// <summary>The flow it runs.</summary>
    public string FlowId { get; }

    /// <summary>The flow's <c>name</c>, if the document has one.</summary>
    public string? FlowName { get; }

    /// <summary>The run's status.</summary>
    public RunStatus Status { get; }

    /// <summary>The inputs as received, one per item.</summary>
    public IReadOnlyList<JsonNode?> Inputs { get; }

    /// <summary>Each item's result so far, by index; null while an item has none.</summary>
    public IReadOnlyList<ItemOutcome?> Results { get; }

    /// <summary>The variables the client sent (empty when none).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Variables { get; }

    /// <summary>The step overrides the client sent, as JSON (<c>{"steps": {…}}</c>), or null.</summary>
    public JsonNode? Overrides { get; }

    /// <summary>The <c>maxConcurrency</c> the client sent, or null.</summary>
    public long? MaxConcurrency { get; }

    /// <summary>When the run was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When it finished or was cancelled; null while running.</summary>
    public DateTimeOffset? CompletedAt { get; }
}
