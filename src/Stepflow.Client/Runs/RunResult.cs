using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Api;
using Stepflow.Api.Serialization;

namespace Stepflow.Client;

/// <summary>
/// What a run produced, as far as it has got. A run that has not finished is reported as such
/// (<see cref="IsFinished"/> false, no <see cref="Outcome"/>), never as a failure.
/// </summary>
public sealed class RunResult
{
    /// <summary>Creates a result from a run's status and its items' results (for tests and fakes too).</summary>
    public RunResult(Guid runId, ExecutionStatus status, IReadOnlyList<ItemResult> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        RunId = runId;
        Status = status;
        Items = items;
    }

    /// <summary>The run's id.</summary>
    public Guid RunId { get; }

    /// <summary>The run's status when the result was read.</summary>
    public ExecutionStatus Status { get; }

    /// <summary>True once the run can no longer change: completed, failed, cancelled or recovery failed.</summary>
    public bool IsFinished => Status.IsTerminal();

    /// <summary>The result of every item, by index (one for a single run, one per input for a batch).</summary>
    public IReadOnlyList<ItemResult> Items { get; }

    /// <summary>
    /// The outcome of the first (for a single run, the only) item: <see cref="FlowResultSuccess"/> or
    /// <see cref="FlowResultFailed"/>; <see langword="null"/> while it has none (not finished, or cancelled).
    /// </summary>
    public FlowResult? Outcome => Items.Count > 0 ? Items[0].Result : null;

    /// <summary>True when the first item finished successfully.</summary>
    public bool IsSuccess => Outcome is FlowResultSuccess;

    /// <summary>True when the first item finished with an error (see <see cref="Error"/>).</summary>
    public bool IsFailure => Outcome is FlowResultFailed;

    /// <summary>The first item's output when it succeeded.</summary>
    public JsonNode? Output => (Outcome as FlowResultSuccess)?.Result;

    /// <summary>The first item's error when it failed.</summary>
    public FlowError? Error => (Outcome as FlowResultFailed)?.Error;

    /// <summary>The first item's output converted to <typeparamref name="T"/> (camelCase web defaults unless options are given).</summary>
    /// <exception cref="InvalidOperationException">The item did not succeed.</exception>
    public T? GetOutput<T>(JsonSerializerOptions? options = null)
    {
        if (!IsSuccess)
        {
            throw new InvalidOperationException(IsFinished
                ? $"Run {RunId} has no output: it finished with status {Status}{(Error is { } error ? $" ({error.Code}: {error.Message})" : string.Empty)}."
                : $"Run {RunId} has not finished (status {Status}).");
        }

        return Output is null ? default : Output.Deserialize<T>(options ?? WebJson);
    }

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public override string ToString() =>
        $"Run {RunId}: {Status}{(IsSuccess ? $", output {Output?.ToJsonString(StepflowJson.Options) ?? "null"}" : Error is { } e ? $", {e.Code}: {e.Message}" : string.Empty)}";
}
