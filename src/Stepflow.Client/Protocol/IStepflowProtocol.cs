using System.Text.Json.Nodes;

namespace Stepflow.Client.Protocol;

/// <summary>
/// One server API generation's wire format: every operation the client performs, as one attempt, in and out of
/// the SDK's own model. Everything that is not about the wire (retries, timeouts, waiting, stream resumption,
/// paging, telemetry, argument checks) is the client's and is written once, above this seam.
/// </summary>
/// <remarks>
/// Implementations throw <see cref="ServerAnswerException"/> for answers they cannot use, classified by their
/// generation's rules (or exceptions that <see cref="TranslateFailure"/> classifies), and let transport failures
/// (<see cref="HttpRequestException"/>, <see cref="IOException"/>) through unchanged, so the client can tell a
/// request that never left from one that may have been processed.
/// </remarks>
internal interface IStepflowProtocol
{
    /// <summary>The classification of failed answers this generation uses (for requests the client sends raw).</summary>
    HttpProtocol Http { get; }

    /// <summary>
    /// Turns what one attempt threw into what the client's retry and error rules understand: this generation's
    /// own exceptions (those of its generated client) become <see cref="ServerAnswerException"/>; everything else
    /// is returned unchanged. Called for every failed attempt, so implementations need no wrapper per call.
    /// </summary>
    Exception TranslateFailure(Exception failure);

    /// <summary>True when the server filters events by type itself (otherwise the client filters).</summary>
    bool FiltersEventTypes { get; }

    Task<ServerHealth> GetHealthAsync(CancellationToken cancellationToken);

    Task<ComponentList> ListComponentsAsync(bool includeSchemas, CancellationToken cancellationToken);

    Task<StoreFlowResult> StoreFlowAsync(JsonObject flow, bool dryRun, CancellationToken cancellationToken);

    Task<FlowDefinition> GetFlowAsync(string flowId, CancellationToken cancellationToken);

    Task DeleteFlowAsync(string flowId, CancellationToken cancellationToken);

    Task<IReadOnlyList<FlowVariable>> GetFlowVariablesAsync(string flowId, CancellationToken cancellationToken);

    Task<CreatedRun> CreateRunAsync(RunRequest request, CancellationToken cancellationToken);

    /// <summary>Reads a run; with <paramref name="wait"/>, the server holds the answer until the run ends or the wait passes.</summary>
    Task<RunDetails> GetRunAsync(Guid runId, TimeSpan? wait, CancellationToken cancellationToken);

    Task<IReadOnlyList<ItemResult>> GetRunItemsAsync(Guid runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StepRun>> GetRunStepsAsync(Guid runId, int? itemIndex, CancellationToken cancellationToken);

    Task<StepRun> GetStepDetailAsync(Guid runId, string stepId, int? itemIndex, long? asOf, CancellationToken cancellationToken);

    Task<FlowDefinition> GetRunFlowAsync(Guid runId, CancellationToken cancellationToken);

    Task<RunSummary> CancelRunAsync(Guid runId, CancellationToken cancellationToken);

    Task DeleteRunAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>One page of runs, newest first; <paramref name="limit"/> and <paramref name="offset"/> are sent together or not at all.</summary>
    Task<IReadOnlyList<RunSummary>> ListRunsAsync(RunQuery query, long? limit, long? offset, CancellationToken cancellationToken);

    Task<StoredBlob> StoreBlobAsync(JsonNode? data, BlobType blobType, string? filename, CancellationToken cancellationToken);

    /// <summary>Uploads bytes from the stream's current position; the stream is left open.</summary>
    Task<StoredBlob> StoreBinaryBlobAsync(Stream content, string? filename, CancellationToken cancellationToken);

    Task<BlobData> GetBlobAsync(string blobId, CancellationToken cancellationToken);

    /// <summary>Opens a blob's bytes; the result owns the response.</summary>
    Task<BlobContent> DownloadBlobAsync(string blobId, CancellationToken cancellationToken);

    /// <summary>Opens a run's event stream from <paramref name="since"/> (inclusive); the caller owns the response.</summary>
    Task<HttpResponseMessage> OpenEventStreamAsync(Guid runId, EventStreamOptions options, long? since, CancellationToken cancellationToken);

    /// <summary>Reads one event's data; an event type the SDK does not know becomes <see cref="UnknownRunEvent"/>.</summary>
    /// <exception cref="System.Text.Json.JsonException">The data is not a readable event.</exception>
    RunEvent ParseEvent(string sseEventType, ReadOnlySpan<byte> data);
}
