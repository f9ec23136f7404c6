namespace Stepflow.Client.Protocol;

/// <summary>
/// An answer the protocol could not turn into a result, already classified. Thrown inside an attempt, where the
/// retry pipeline looks at it; the client turns it into its public exception once the call is over.
/// </summary>
internal sealed class ServerAnswerException(AnswerKind kind, ServerError error, Exception? innerException = null)
    : Exception($"HTTP {error.StatusCode}: {error.Message ?? kind.ToString()}", innerException)
{
    public AnswerKind Kind { get; } = kind;

    public ServerError Error { get; } = error;
}
