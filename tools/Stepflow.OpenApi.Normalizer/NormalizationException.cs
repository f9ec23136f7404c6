namespace Stepflow.OpenApi.Normalizer;

/// <summary>Raised when a document cannot be normalized (not OpenAPI 3.x, or malformed JSON).</summary>
public sealed class NormalizationException : Exception
{
    /// <summary>Creates the exception with a message saying what is wrong.</summary>
    public NormalizationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public NormalizationException(string message, Exception innerException) : base(message, innerException) { }
}
