using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.LocalServer;

/// <summary>One routing rule: the components under a route prefix go to <see cref="Plugin"/> (when its conditions match).</summary>
public sealed class StepflowRouteRule
{
    /// <summary>Creates a rule that sends a prefix's components to the named plugin.</summary>
    /// <param name="plugin">The plugin's name in <see cref="StepflowServerConfig.Plugins"/>.</param>
    public StepflowRouteRule(string plugin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plugin);
        Plugin = plugin;
    }

    /// <summary>The plugin's name (<c>plugin</c>).</summary>
    [JsonPropertyName("plugin")]
    public string Plugin { get; }

    /// <summary>Other settings of the rule, written next to <c>plugin</c> (for example <c>conditions</c>, <c>componentAllow</c>).</summary>
    [JsonIgnore]
    public JsonObject Settings { get; } = [];

    /// <summary>What the serializer writes for <see cref="Settings"/>, next to the named properties.</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement> SettingsForJson => ConfigJsonContext.ToElements(Settings);
}
