namespace Stepflow.Client;

/// <summary>A plugin whose components could not be listed.</summary>
/// <param name="Plugin">The plugin's name.</param>
/// <param name="Error">Why listing failed, in the server's words.</param>
public sealed record PluginFailure(string Plugin, string Error);
