using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Stepflow.Client;

/// <summary>
/// Why an item or a step failed. An extensible value: it wraps the code as text, so a code this SDK does not
/// know still compares, prints and round-trips.
/// </summary>
/// <remarks>
/// The well-known values use the spelling of the later 0.11 builds (<c>COMPONENT_FAILED</c>). 0.12 and later
/// servers send integers, which the client translates; an unknown integer keeps its decimal text. The 0.11.0
/// and 0.11.1 releases send JSON-RPC style negative integers (for example <c>-32100</c>), kept as their text
/// (<c>docs/server-api.md §12.1</c>).
/// The <see langword="default"/> value is empty and equals no known code.
/// </remarks>
[JsonConverter(typeof(ExtensibleValueJsonConverter<TaskErrorCode>))]
public readonly struct TaskErrorCode : IEquatable<TaskErrorCode>, IExtensibleValue<TaskErrorCode>
{
    private readonly string? _value;

    /// <summary>Creates a code from its text, as a server sent it.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or blank.</exception>
    public TaskErrorCode(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>No code was given.</summary>
    public static TaskErrorCode Unspecified { get; } = new("UNSPECIFIED");

    /// <summary>The step took too long (retried automatically).</summary>
    public static TaskErrorCode Timeout { get; } = new("TIMEOUT");

    /// <summary>The component refused its input.</summary>
    public static TaskErrorCode InvalidInput { get; } = new("INVALID_INPUT");

    /// <summary>The component ran and failed.</summary>
    public static TaskErrorCode ComponentFailed { get; } = new("COMPONENT_FAILED");

    /// <summary>The task was cancelled.</summary>
    public static TaskErrorCode Cancelled { get; } = new("CANCELLED");

    /// <summary>The worker could not be reached (retried automatically).</summary>
    public static TaskErrorCode Unreachable { get; } = new("UNREACHABLE");

    /// <summary>No plugin provides the component.</summary>
    public static TaskErrorCode ComponentNotFound { get; } = new("COMPONENT_NOT_FOUND");

    /// <summary>A resource the component needs is unavailable.</summary>
    public static TaskErrorCode ResourceUnavailable { get; } = new("RESOURCE_UNAVAILABLE");

    /// <summary>An expression in the flow could not be evaluated.</summary>
    public static TaskErrorCode ExpressionFailure { get; } = new("EXPRESSION_FAILURE");

    /// <summary>The orchestrator itself failed.</summary>
    public static TaskErrorCode OrchestratorError { get; } = new("ORCHESTRATOR_ERROR");

    /// <summary>The worker failed outside the component.</summary>
    public static TaskErrorCode WorkerError { get; } = new("WORKER_ERROR");

    /// <summary>Compares two codes by their text (ordinal).</summary>
    public static bool operator ==(TaskErrorCode left, TaskErrorCode right) => left.Equals(right);

    /// <summary>Compares two codes by their text (ordinal).</summary>
    public static bool operator !=(TaskErrorCode left, TaskErrorCode right) => !left.Equals(right);

    /// <summary>Converts text to a code.</summary>
    public static implicit operator TaskErrorCode(string value) => new(value);

    static TaskErrorCode IExtensibleValue<TaskErrorCode>.Create(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(TaskErrorCode other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is TaskErrorCode other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The code as text (empty for the <see langword="default"/> value).</summary>
    public override string ToString() => _value ?? string.Empty;
}
