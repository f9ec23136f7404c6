namespace Stepflow.Client;

/// <summary>
/// What the server (or a gateway in front of it) answered to a failed request, in the same terms whatever the
/// server generation: the status, a code, the message and details, and the raw body.
/// </summary>
public sealed class ServerError
{
    /// <summary>Creates the description of an answer (for tests and fakes too).</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="code">The error code (see <see cref="Code"/>); derived from the status when <see langword="null"/>.</param>
    /// <param name="message">The server's message, when it gave one.</param>
    /// <param name="details">Further explanation the server gave (its chain of causes), newest first.</param>
    /// <param name="requestId">The request id a server or gateway sent back, when any.</param>
    /// <param name="responseBody">The raw response body.</param>
    /// <param name="retryAfter">How long the server asked the client to wait, when it said.</param>
    public ServerError(int statusCode, string? code = null, string? message = null, IReadOnlyList<string>? details = null,
        string? requestId = null, string? responseBody = null, TimeSpan? retryAfter = null)
    {
        StatusCode = statusCode;
        Code = string.IsNullOrEmpty(code) ? CodeFor(statusCode) : code;
        Message = message;
        Details = details ?? [];
        RequestId = requestId;
        ResponseBody = responseBody;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>
    /// A code for the kind of failure, in the vocabulary of gRPC status names that 0.12+ servers send
    /// (<c>NOT_FOUND</c>, <c>INVALID_ARGUMENT</c>, <c>FAILED_PRECONDITION</c>, <c>INTERNAL</c>, …). For servers
    /// that send no code (0.11) it is derived from the HTTP status, so it means the same on every server;
    /// <see langword="null"/> for a success status whose body could not be read.
    /// </summary>
    public string? Code { get; }

    /// <summary>The server's message: from its error document, or the start of a plain-text body; <see langword="null"/> when the body was empty.</summary>
    public string? Message { get; }

    /// <summary>The chain of causes the server reported, newest first (0.11 servers); empty when none.</summary>
    public IReadOnlyList<string> Details { get; }

    /// <summary>The request id from the <c>x-request-id</c> (or <c>request-id</c>) response header, when a server or gateway sent one.</summary>
    public string? RequestId { get; }

    /// <summary>The raw response body (for plain-text or HTML errors, the only information there is).</summary>
    public string? ResponseBody { get; }

    /// <summary>How long the server asked the client to wait (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The code an HTTP status stands for, in gRPC status names (the mapping 0.12+ servers use in reverse).</summary>
    internal static string? CodeFor(int status) => status switch
    {
        400 or 413 or 415 or 422 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        405 or 501 => "UNIMPLEMENTED",
        408 => "CANCELLED",
        409 or 412 => "FAILED_PRECONDITION",
        429 => "RESOURCE_EXHAUSTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        >= 500 => "INTERNAL",
        >= 200 and < 300 => null,
        _ => "UNKNOWN",
    };

    /// <inheritdoc />
    public override string ToString() => Message is null ? $"HTTP {StatusCode} {Code}" : $"HTTP {StatusCode} {Code}: {Message}";
}
