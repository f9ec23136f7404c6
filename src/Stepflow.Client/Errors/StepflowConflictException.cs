namespace Stepflow.Client;

/// <summary>
/// The request conflicts with the resource's state: cancelling a run that has finished or deleting one still running
/// (409 on 0.11, 412 FAILED_PRECONDITION on 0.12+), or asking for step state newer than the server has recorded.
/// </summary>
public class StepflowConflictException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="serverError">What the server answered, when it answered.</param>
    /// <param name="innerException">The cause.</param>
    public StepflowConflictException(string message, ServerError? serverError = null, Exception? innerException = null)
        : base(message, serverError, innerException) { }
}
