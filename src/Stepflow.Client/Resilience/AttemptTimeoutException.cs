namespace Stepflow.Client;

/// <summary>One attempt ran past the request timeout (the caller did not cancel). Retried like a transient fault.</summary>
internal sealed class AttemptTimeoutException(string message, Exception innerException) : TimeoutException(message, innerException);
