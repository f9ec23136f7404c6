namespace Stepflow.Client;

/// <summary>
/// Base of every error the Stepflow client raises: the server refused or failed a request, the request
/// never completed, or the client could not use the caller's input (a flow file, an argument).
/// Catch a subclass to branch on a specific case. A run that fails is not an exception: its result says so.
/// </summary>
public class StepflowClientException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public StepflowClientException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public StepflowClientException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for an answer from the server.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="serverError">What the server answered; <see langword="null"/> when there was no answer.</param>
    /// <param name="innerException">The cause.</param>
    public StepflowClientException(string message, ServerError? serverError, Exception? innerException)
        : base(message, innerException)
    {
        ServerError = serverError;
    }

    /// <summary>What the server answered, when it answered.</summary>
    public ServerError? ServerError { get; }

    /// <summary>The HTTP status the server answered with; <see langword="null"/> when there was no answer.</summary>
    public int? StatusCode => ServerError?.StatusCode;

    /// <summary>The kind of failure in server-neutral terms (see <see cref="Client.ServerError.Code"/>), for example <c>NOT_FOUND</c>.</summary>
    public string? ErrorCode => ServerError?.Code;

    /// <summary>The server's message, when it gave one.</summary>
    public string? ServerMessage => ServerError?.Message;

    /// <summary>The chain of causes the server reported, newest first; empty when none.</summary>
    public IReadOnlyList<string> Details => ServerError?.Details ?? [];

    /// <summary>The request id a server or gateway sent back, when any.</summary>
    public string? RequestId => ServerError?.RequestId;

    /// <summary>The raw response body (for plain-text or HTML errors, the only information there is).</summary>
    public string? ResponseBody => ServerError?.ResponseBody;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = base.ToString();
        if (RequestId is { } requestId)
        {
            text = $"{text}{Environment.NewLine}Request id: {requestId}";
        }

        return ResponseBody is { Length: > 0 } body ? $"{text}{Environment.NewLine}Response body: {body}" : text;
    }
}
