using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.Client.Protocol.V012;

// The 0.12/0.13 answers as they travel (docs/server-api.md §4–§10): camelCase keys, enums as integers, 64-bit
// numbers as JSON numbers, free-form values as JSON. Every property is optional: a key may be missing on a
// future server, and readers decide what a missing value means. Request bodies are written by hand (no nulls).

internal sealed class V012Health
{
    public string? Status { get; set; }

    public string? Timestamp { get; set; }

    public string? Version { get; set; }

    public V012Build? Build { get; set; }
}

internal sealed class V012Build
{
    public string? GitVersion { get; set; }

    public bool Dirty { get; set; }

    public string? RustcVersion { get; set; }

    public string? Profile { get; set; }

    public List<string>? Features { get; set; }

    public string? Target { get; set; }
}

internal sealed class V012Components
{
    public List<V012Component>? Components { get; set; }

    public bool? Complete { get; set; }

    public List<V012PluginFailure>? FailedPlugins { get; set; }
}

/// <summary>A component entry: 0.12 names it <c>component</c>, 0.13 <c>componentId</c> and <c>path</c> (docs/server-api.md §6).</summary>
internal sealed class V012Component
{
    public string? ComponentId { get; set; }

    public string? Component { get; set; }

    public string? Path { get; set; }

    public string? Plugin { get; set; }

    public string? Description { get; set; }

    public JsonNode? InputSchema { get; set; }

    public JsonNode? OutputSchema { get; set; }
}

internal sealed class V012PluginFailure
{
    public string? Plugin { get; set; }

    public string? Error { get; set; }
}

internal sealed class V012StoreFlowResponse
{
    public string? FlowId { get; set; }

    public bool Stored { get; set; }

    public V012Diagnostics? Diagnostics { get; set; }
}

internal sealed class V012Diagnostics
{
    public List<V012Diagnostic>? Diagnostics { get; set; }
}

internal sealed class V012Diagnostic
{
    public string? Kind { get; set; }

    public int Code { get; set; }

    public WireEnum Level { get; set; }

    public string? Formatted { get; set; }

    public JsonNode? Data { get; set; }

    public string? Path { get; set; }

    public bool Experimental { get; set; }
}

internal sealed class V012FlowVariables
{
    public string? FlowId { get; set; }

    public Dictionary<string, V012FlowVariable>? Variables { get; set; }
}

internal sealed class V012FlowVariable
{
    public string? Description { get; set; }

    public JsonNode? DefaultValue { get; set; }

    public bool Required { get; set; }

    public JsonNode? Schema { get; set; }

    public string? EnvVar { get; set; }
}

internal sealed class V012RunSummary
{
    public WireId RunId { get; set; }

    public string? FlowId { get; set; }

    public string? FlowName { get; set; }

    public WireEnum Status { get; set; }

    public V012ItemStatistics? Items { get; set; }

    public WireTime CreatedAt { get; set; }

    public WireTime CompletedAt { get; set; }

    public WireId RootRunId { get; set; }

    public WireId ParentRunId { get; set; }

    public string? OrchestratorId { get; set; }

    public long CreatedAtSeqno { get; set; }

    public long? FinishedAtSeqno { get; set; }
}

internal sealed class V012ItemStatistics
{
    public int Total { get; set; }

    public int Completed { get; set; }

    public int Running { get; set; }

    public int Failed { get; set; }

    public int Cancelled { get; set; }
}

internal sealed class V012ItemResult
{
    public int ItemIndex { get; set; }

    public WireEnum Status { get; set; }

    // Repaired as it is read (IntegralJson): no second pass over the nodes.
    [JsonConverter(typeof(IntegralNodeConverter))]
    public JsonNode? Output { get; set; }

    public string? ErrorMessage { get; set; }

    public WireEnum? ErrorCode { get; set; }

    public WireTime CompletedAt { get; set; }
}

internal sealed class V012StepStatus
{
    public string? StepId { get; set; }

    public int? StepIndex { get; set; }

    public int? ItemIndex { get; set; }

    public WireEnum Status { get; set; }

    public string? Component { get; set; }

    // Repaired as it is read (IntegralJson): no second pass over the nodes.
    [JsonConverter(typeof(IntegralNodeConverter))]
    public JsonNode? Output { get; set; }

    public string? ErrorMessage { get; set; }

    public WireEnum? ErrorCode { get; set; }

    public long? JournalSeqno { get; set; }

    public WireTime UpdatedAt { get; set; }
}

internal sealed class V012CreateRunResponse
{
    public V012RunSummary? Summary { get; set; }

    public List<V012ItemResult>? Results { get; set; }
}

internal sealed class V012GetRunResponse
{
    public V012RunSummary? Summary { get; set; }

    public List<V012StepStatus>? Steps { get; set; }
}

internal sealed class V012SummaryResponse
{
    public V012RunSummary? Summary { get; set; }
}

internal sealed class V012ItemsResponse
{
    public List<V012ItemResult>? Results { get; set; }
}

internal sealed class V012StepsResponse
{
    public List<V012StepStatus>? Steps { get; set; }
}

internal sealed class V012StepResponse
{
    public V012StepStatus? Step { get; set; }
}

internal sealed class V012ListRunsResponse
{
    public List<V012RunSummary>? Runs { get; set; }
}

internal sealed class V012StoreBlobResponse
{
    public string? BlobId { get; set; }

    public string? Filename { get; set; }
}

internal sealed class V012Blob
{
    public JsonNode? Data { get; set; }

    public string? BlobType { get; set; }

    public string? BlobId { get; set; }

    public string? Filename { get; set; }

    public string? ContentType { get; set; }
}

internal sealed class V012ErrorEnvelope
{
    public V012ErrorBody? Error { get; set; }
}

internal sealed class V012ErrorBody
{
    public int? Code { get; set; }

    public string? Message { get; set; }

    public string? Status { get; set; }
}
