using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.Benchmarks.Clients;

// What an application would declare for the 0.11 answers it reads (docs/server-api.md §8, §10): plain records of the
// same shape, camelCase like the wire, statuses as text. No extension data, no unions: the baseline the SDK is
// weighed against (the SDK reads into its generated wire models first, then into its own model).

/// <summary>A 0.11 <c>GET /runs/{id}</c> answer.</summary>
public sealed record Raw011RunDetails(Guid RunId, string FlowId, string? FlowName, string Status, Raw011Items Items, DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt, Guid RootRunId, Guid? ParentRunId, string? OrchestratorId, long CreatedAtSeqno, long? FinishedAtSeqno,
    IReadOnlyList<Raw011ItemDetails>? ItemDetails);

/// <summary>A run's summary, as <c>POST /runs</c> answers it (with the item results when it waited).</summary>
public sealed record Raw011RunSummary(Guid RunId, string FlowId, string? FlowName, string Status, Raw011Items Items, DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt, Guid RootRunId, Guid? ParentRunId, string? OrchestratorId, long CreatedAtSeqno, long? FinishedAtSeqno,
    IReadOnlyList<Raw011ItemResult>? Results);

/// <summary>Item counts.</summary>
public sealed record Raw011Items(int Total, int Completed, int Running, int Failed, int Cancelled);

/// <summary>One item of a run's details: its input and step statuses.</summary>
public sealed record Raw011ItemDetails(int ItemIndex, JsonNode? Input, string Status, IReadOnlyList<Raw011StepStatus> Steps, DateTimeOffset? CompletedAt);

/// <summary>A step's status.</summary>
public sealed record Raw011StepStatus(string StepId, string Status);

/// <summary><c>GET /runs/{id}/items</c>.</summary>
public sealed record Raw011ItemList(int ItemCount, IReadOnlyList<Raw011ItemResult> Items);

/// <summary>One item's result.</summary>
public sealed record Raw011ItemResult(int ItemIndex, string Status, Raw011FlowResult? Result, DateTimeOffset? CompletedAt);

/// <summary>A flow result: <c>outcome</c> with <c>result</c> or <c>error</c>.</summary>
public sealed record Raw011FlowResult(string Outcome, JsonNode? Result, Raw011FlowError? Error);

/// <summary>A failed result's error.</summary>
public sealed record Raw011FlowError(string Code, string Message, JsonNode? Data);

/// <summary>A 0.11 status event: every variant's fields, <c>event</c> naming the variant.</summary>
public sealed record Raw011Event(long SequenceNumber, DateTimeOffset Timestamp, string Event, Guid RunId, string? FlowId, int? ItemCount, int? ItemIndex,
    int? StepIndex, string? StepId, int? Attempt, string? Status, IReadOnlyList<string>? StepIds);

/// <summary>Source-generated metadata for the 0.11 baselines.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Raw011RunDetails))]
[JsonSerializable(typeof(Raw011RunSummary))]
[JsonSerializable(typeof(Raw011ItemList))]
[JsonSerializable(typeof(Raw011Event))]
public sealed partial class Raw011Json : JsonSerializerContext;
