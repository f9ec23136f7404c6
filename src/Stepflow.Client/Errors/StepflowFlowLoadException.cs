namespace Stepflow.Client;

/// <summary>A flow document could not be read: the file is missing, or it is not valid YAML or JSON, or not an object.</summary>
public class StepflowFlowLoadException : StepflowClientException
{
    /// <summary>Creates the exception.</summary>
    public StepflowFlowLoadException(string message, string? filePath, long? line, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        Line = line;
    }

    /// <summary>The file that was being read, when the flow came from a file.</summary>
    public string? FilePath { get; }

    /// <summary>The 1-based line of the problem, when known.</summary>
    public long? Line { get; }
}
