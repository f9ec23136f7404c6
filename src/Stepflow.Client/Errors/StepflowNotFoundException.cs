namespace Stepflow.Client;

/// <summary>
/// The server has no such resource (404): no run, flow, step or blob with this id.
/// </summary>
public class StepflowNotFoundException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="serverError">What the server answered, when it answered.</param>
    /// <param name="innerException">The cause.</param>
    public StepflowNotFoundException(string message, ServerError? serverError = null, Exception? innerException = null)
        : base(message, serverError, innerException) { }
}
