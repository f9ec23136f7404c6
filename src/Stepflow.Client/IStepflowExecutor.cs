namespace Stepflow.Client;

/// <summary>
/// Something that runs Stepflow flows: a remote <see cref="StepflowClient"/>, a local runtime, or a test
/// fake. Application code that depends on this interface can swap one for another.
/// </summary>
public interface IStepflowExecutor
{
    /// <summary>The address of the server this executor talks to.</summary>
    Uri BaseAddress { get; }

    /// <summary>Runs a flow once on <paramref name="input"/> and waits for it to finish.</summary>
    /// <param name="flow">The flow: a file, text, model, or stored flow id.</param>
    /// <param name="input">The input, any JSON-serializable value (a <c>JsonNode</c> is sent as is).</param>
    /// <param name="options">Variables, step overrides and how long to wait in all.</param>
    /// <param name="cancellationToken">Stops waiting (the run itself goes on on the server).</param>
    /// <returns>The finished run's result; a failed run is a result with <see cref="RunResult.IsFailure"/>.</returns>
    /// <exception cref="StepflowRunTimeoutException">The run did not finish in time.</exception>
    Task<RunResult> RunAsync(FlowSource flow, object? input, RunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Starts a run of a flow on <paramref name="input"/> and returns its id at once.</summary>
    Task<Guid> SubmitAsync(FlowSource flow, object? input, RunOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a run's result now, finished or not.</summary>
    Task<RunResult> GetResultAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>Analyses a flow without storing it.</summary>
    Task<ValidationResult> ValidateAsync(FlowSource flow, CancellationToken cancellationToken = default);

    /// <summary>Lists the components available to flows, with their descriptions and schemas.</summary>
    Task<ComponentList> ListComponentsAsync(CancellationToken cancellationToken = default);
}
