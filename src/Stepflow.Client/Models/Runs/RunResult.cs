using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Stepflow.Client;

/// <summary>
/// What a run produced, as far as it has got: its status and the result of every item. A run that has not
/// finished is reported as such (<see cref="IsFinished"/> false), never as a failure.
/// </summary>
public sealed class RunResult
{
    /// <summary>Creates a result from a run's status and its items' results (for tests and fakes too).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public RunResult(Guid runId, RunStatus status, IReadOnlyList<ItemResult> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        RunId = runId;
        Status = status;
        Items = items;
    }

    /// <summary>The run's id.</summary>
    public Guid RunId { get; }

    /// <summary>The run's status when the result was read.</summary>
    public RunStatus Status { get; }

    /// <summary>True once the run can no longer change: completed, failed, cancelled or recovery failed.</summary>
    public bool IsFinished => Status.IsTerminal;

    /// <summary>The result of every item, by index (one for a single run, one per input for a batch).</summary>
    public IReadOnlyList<ItemResult> Items { get; }

    /// <summary>The first (for a single run, the only) item's result; <see langword="null"/> for a run without items.</summary>
    public ItemResult? First => Items.Count > 0 ? Items[0] : null;

    /// <summary>True when the first item finished successfully.</summary>
    public bool IsSuccess => First?.IsSuccess == true;

    /// <summary>True when the first item finished with an error (see <see cref="Error"/>).</summary>
    public bool IsFailure => First?.IsFailure == true;

    /// <summary>The first item's output when it succeeded.</summary>
    public JsonNode? Output => First?.Output;

    /// <summary>The first item's error when it failed.</summary>
    public FlowError? Error => First?.Error;

    /// <summary>The first item's output converted to <typeparamref name="T"/> (camelCase web defaults unless options are given).</summary>
    /// <remarks>Uses reflection-based serialization for types it does not know; trimmed and native AOT applications
    /// call <see cref="GetOutput{T}(JsonTypeInfo{T})"/> with their own source-generated context instead.</remarks>
    /// <exception cref="InvalidOperationException">The item did not succeed.</exception>
    /// <exception cref="JsonException">The output does not fit <typeparamref name="T"/>.</exception>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public T? GetOutput<T>(JsonSerializerOptions? options = null)
    {
        var output = RequireOutput();
        return output is null ? default : output.Deserialize<T>(options ?? ValueJson.Web);
    }

    /// <summary>The first item's output converted to <typeparamref name="T"/> with source-generated metadata (trimming and AOT safe).</summary>
    /// <param name="typeInfo">The metadata of <typeparamref name="T"/>, for example <c>MyJsonContext.Default.Order</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The item did not succeed.</exception>
    /// <exception cref="JsonException">The output does not fit <typeparamref name="T"/>.</exception>
    public T? GetOutput<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var output = RequireOutput();
        return output is null ? default : output.Deserialize(typeInfo);
    }

    private const string ReflectionMessage =
        "Reads the output with reflection-based JSON; pass a JsonTypeInfo<T> from a source-generated context when trimming or publishing native AOT.";

    private JsonNode? RequireOutput()
    {
        if (!IsSuccess)
        {
            throw new InvalidOperationException(IsFinished
                ? $"Run {RunId} has no output: it finished with status {Status}{(Error is { } error ? $" ({error})" : string.Empty)}."
                : $"Run {RunId} has not finished (status {Status}).");
        }

        return Output;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Run {RunId}: {Status}{(IsSuccess ? $", output {Output?.ToJsonString() ?? "null"}" : Error is { } e ? $", {e}" : string.Empty)}";
}
