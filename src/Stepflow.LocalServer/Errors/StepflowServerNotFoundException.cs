namespace Stepflow.LocalServer;

/// <summary>
/// No <c>stepflow-server</c> binary was found: not at <see cref="StepflowLocalServerOptions.BinaryPath"/>, not at
/// <c>STEPFLOW_DEV_BINARY</c>, not on <c>PATH</c>. The message lists every place looked and how to install one.
/// </summary>
public sealed class StepflowServerNotFoundException : StepflowLocalServerException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was looked for, where, and how to get it.</param>
    /// <param name="searchedLocations">Each place looked, with why it did not do.</param>
    public StepflowServerNotFoundException(string message, IReadOnlyList<string> searchedLocations)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(searchedLocations);
        SearchedLocations = searchedLocations;
    }

    /// <summary>Each place looked, in order, with why it did not do (for example <c>/usr/bin/stepflow-server (PATH): no such file</c>).</summary>
    public IReadOnlyList<string> SearchedLocations { get; }
}
