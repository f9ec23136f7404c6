namespace Stepflow.Client;

/// <summary>
/// A run did not finish within the time the caller allowed. The run goes on on the server: wait again,
/// read its result later, or cancel it.
/// </summary>
public class StepflowRunTimeoutException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    public StepflowRunTimeoutException(Guid runId, RunStatus lastStatus, TimeSpan waited)
        : base($"Run {runId} did not finish within {waited:g}; its last status was {(lastStatus == default ? "unknown" : lastStatus)}.")
    {
        RunId = runId;
        LastStatus = lastStatus;
        Waited = waited;
    }

    /// <summary>The run that was being waited for.</summary>
    public Guid RunId { get; }

    /// <summary>The run's status at the last check (the <see langword="default"/> value when it was never read).</summary>
    public RunStatus LastStatus { get; }

    /// <summary>How long the client waited.</summary>
    public TimeSpan Waited { get; }
}
