using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>Optional settings for starting a run.</summary>
public sealed class RunOptions
{
    /// <summary>Values for the flow's variables (<c>$variable</c>), each serialized to JSON.</summary>
    public IDictionary<string, object?> Variables { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>
    /// Fill variables not set in <see cref="Variables"/> from environment variables, using the
    /// <c>env_var</c> annotations of the flow's variable schema. Costs one extra request per run.
    /// </summary>
    public bool VariablesFromEnvironment { get; set; }

    /// <summary>Changes applied to the flow's steps for this run only (merge patches by step id).</summary>
    public WorkflowOverrides? Overrides { get; set; }

    /// <summary>The most items of a batch the server runs at once; <see langword="null"/> for the server's default.</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>
    /// How long to wait for the run to finish: for <see cref="IStepflowExecutor.RunAsync"/> the whole wait
    /// (default <see cref="StepflowClientOptions.DefaultWaitTimeout"/>); for
    /// <see cref="StepflowClient.CreateRunAsync(string, object?, RunOptions?, CancellationToken)"/> with
    /// <see cref="WaitForCompletion"/>, how long the server holds the response.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// For <c>CreateRunAsync</c>: ask the server to answer only when the run finishes or
    /// <see cref="Timeout"/> passes (it then answers with the status at that moment). Default false.
    /// </summary>
    public bool WaitForCompletion { get; set; }
}
