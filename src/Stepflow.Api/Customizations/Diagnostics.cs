using System.Text.Json.Serialization;

namespace Stepflow.Api;

// CUSTOM: C# forbids a member named like its class, so NSwag calls the 'diagnostics' list Diagnostics1.
// Items is the name to use; the wire name is unchanged.
/// <summary>The problems the server found in a flow, with counts per level.</summary>
public partial class Diagnostics
{
    /// <summary>Every problem found (the <c>diagnostics</c> list).</summary>
    [JsonIgnore]
    public IList<Diagnostic> Items { get => Diagnostics1; set => Diagnostics1 = value; }
}
