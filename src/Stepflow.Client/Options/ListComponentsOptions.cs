namespace Stepflow.Client;

/// <summary>What <see cref="StepflowClient.ListComponentsAsync(ListComponentsOptions?, CancellationToken)"/> asks for.</summary>
public sealed class ListComponentsOptions
{
    /// <summary>Include each component's input and output JSON Schema (a larger answer). Default true.</summary>
    public bool IncludeSchemas { get; set; } = true;
}
