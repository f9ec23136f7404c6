namespace Stepflow.Client;

/// <summary>A request took longer than <see cref="StepflowClientOptions.RequestTimeout"/> and was abandoned.</summary>
public class StepflowTimeoutException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    public StepflowTimeoutException(string message, Exception? innerException) : base(message, innerException) { }
}
