using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>
/// Base of every error the Stepflow client raises: the server refused or failed a request, the request
/// never completed, or the client could not use the caller's input (a flow file, an argument).
/// Catch a subclass to branch on a specific case.
/// </summary>
public class StepflowClientException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public StepflowClientException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public StepflowClientException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for an HTTP answer from the server.</summary>
    public StepflowClientException(string message, int? statusCode, ErrorResponse? error, string? responseBody, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Error = error;
        ResponseBody = responseBody;
    }

    /// <summary>The HTTP status the server answered with; <see langword="null"/> when there was no answer.</summary>
    public int? StatusCode { get; }

    /// <summary>The server's error document, when the body was one.</summary>
    public ErrorResponse? Error { get; }

    /// <summary>The server's message, when it sent an error document.</summary>
    public string? ServerMessage => Error?.Message;

    /// <summary>The chain of causes the server reported (its <c>stack</c>), newest first; empty when none.</summary>
    public IReadOnlyList<string> Details =>
        Error?.Stack?.Select(entry => entry.Error).Where(text => !string.IsNullOrEmpty(text)).ToList() ?? [];

    /// <summary>The raw response body (for plain-text or HTML errors, the only information there is).</summary>
    public string? ResponseBody { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = base.ToString();
        return ResponseBody is { Length: > 0 } body ? $"{text}{Environment.NewLine}Response body: {body}" : text;
    }
}
