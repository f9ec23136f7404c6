namespace Stepflow.Client;

/// <summary>
/// Starting a run failed after the request may have reached the server, so a run may exist. The client
/// does not repeat the request (that could start a second run). Look for the run with
/// <see cref="StepflowClient.FindRunsStartedSinceAsync"/>, using <see cref="FlowId"/> and <see cref="SentAt"/>.
/// </summary>
public class StepflowRunCreationUncertainException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    public StepflowRunCreationUncertainException(string flowId, int itemCount, DateTimeOffset sentAt, StepflowClientException cause)
        : base($"Starting a run of flow {flowId} failed after the request may have reached the server ({cause?.Message}); " +
               "a run may have been created. It was not retried.", cause?.ServerError, cause)
    {
        FlowId = flowId;
        ItemCount = itemCount;
        SentAt = sentAt;
    }

    /// <summary>The flow the run was for.</summary>
    public string FlowId { get; }

    /// <summary>How many inputs (items) the request carried.</summary>
    public int ItemCount { get; }

    /// <summary>When the request was first sent (client clock); a created run's <c>CreatedAt</c> is close to it.</summary>
    public DateTimeOffset SentAt { get; }
}
