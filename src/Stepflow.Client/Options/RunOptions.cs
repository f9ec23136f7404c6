using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>Optional settings for starting a run.</summary>
public sealed class RunOptions
{
    /// <summary>Values for the flow's variables (<c>$variable</c>), each serialized to JSON (camelCase web defaults).</summary>
    public IDictionary<string, object?> Variables { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>
    /// Fill variables not set in <see cref="Variables"/> from environment variables, using the
    /// <c>env_var</c> annotations of the flow's variable schema. Costs one extra request per run.
    /// </summary>
    public bool VariablesFromEnvironment { get; set; }

    /// <summary>
    /// Changes applied to the flow's steps for this run only: for each step id, a JSON merge patch
    /// (RFC 7396) applied to the step, for example <c>{"input": {"model": "small"}}</c>.
    /// </summary>
    public IDictionary<string, JsonNode?> StepOverrides { get; } = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);

    /// <summary>The most items of a batch the server runs at once; <see langword="null"/> for the server's default.</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>
    /// How long the methods that wait for the result (<see cref="IStepflowExecutor.RunAsync"/>,
    /// <see cref="StepflowClient.RunBatchAsync"/>) wait in all before giving up with
    /// <see cref="StepflowRunTimeoutException"/>; default <see cref="StepflowClientOptions.DefaultWaitTimeout"/>,
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> to wait until cancelled. Methods that only start a
    /// run do not wait and ignore it.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Checks the settings; the exceptions name the caller's parameter, <c>options</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    internal void Validate()
    {
        const string parameter = "options";
        if (MaxConcurrency is < 1)
        {
            throw new ArgumentOutOfRangeException(parameter, MaxConcurrency, "RunOptions.MaxConcurrency must be at least 1.");
        }

        if (Timeout is { } timeout && timeout <= TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(parameter, Timeout, "RunOptions.Timeout must be positive or infinite.");
        }

        foreach (var (stepId, _) in StepOverrides)
        {
            if (string.IsNullOrWhiteSpace(stepId))
            {
                throw new ArgumentException("Every entry of RunOptions.StepOverrides needs a step id.", parameter);
            }
        }
    }
}
