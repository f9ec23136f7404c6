using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.LocalServer;

/// <summary>
/// The server's configuration file as a typed model of what is set most: plugins, routes and storage. It is
/// written as JSON to the server's standard input (<c>--config-stdin</c>); anything the model lacks goes in
/// <see cref="AdditionalSettings"/>. Property names and shapes follow the 0.13 server.
/// </summary>
/// <example>
/// <code>
/// var config = StepflowServerConfig.CreateDefault()
///     .AddPlugin("python", StepflowPluginConfig.Of("stepflow", new() { ["command"] = "uv", ["args"] = new JsonArray("run", "worker.py") }));
/// config.Storage = StepflowStorageConfig.Sqlite("sqlite:stepflow.db?mode=rwc");
/// </code>
/// </example>
public sealed class StepflowServerConfig
{
    /// <summary>The plugins by name (<c>plugins</c>); routes refer to them by this name.</summary>
    [JsonPropertyName("plugins")]
    public IDictionary<string, StepflowPluginConfig> Plugins { get; } = new Dictionary<string, StepflowPluginConfig>(StringComparer.Ordinal);

    /// <summary>
    /// The routes (<c>routes</c>): a single-segment path prefix such as <c>/builtin</c> (or <c>/</c>) to the ordered rules
    /// that pick a plugin for the components under it; the first rule whose conditions match wins. 0.13 rejects the
    /// 0.12 pattern keys (<c>/builtin/{*component}</c>).
    /// </summary>
    [JsonPropertyName("routes")]
    public IDictionary<string, IList<StepflowRouteRule>> Routes { get; } = new Dictionary<string, IList<StepflowRouteRule>>(StringComparer.Ordinal);

    /// <summary>Where the server keeps flows, runs and blobs (<c>storageConfig</c>); in memory when null.</summary>
    [JsonPropertyName("storageConfig")]
    public StepflowStorageConfig? Storage { get; set; }

    /// <summary>The directory relative paths in plugin settings resolve against (<c>workingDirectory</c>); the server's current directory when null.</summary>
    [JsonPropertyName("workingDirectory")]
    public string? WorkingDirectory { get; set; }

    /// <summary>Top-level settings the model does not name, written as they are (for example <c>{"blobApi": {...}}</c>).</summary>
    [JsonIgnore]
    public JsonObject AdditionalSettings { get; } = [];

    /// <summary>What the serializer writes for <see cref="AdditionalSettings"/>, next to the named properties.</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement> AdditionalSettingsForJson => ConfigJsonContext.ToElements(AdditionalSettings);

    /// <summary>
    /// The minimal configuration that makes the builtin components callable, in 0.13 syntax:
    /// <c>{"plugins":{"builtin":{"type":"builtin"}},"routes":{"/builtin":[{"plugin":"builtin"}]}}</c>. The server
    /// is started with it when the options set no configuration.
    /// </summary>
    public static StepflowServerConfig CreateDefault() => new StepflowServerConfig().AddPlugin("builtin", StepflowPluginConfig.Builtin());

    /// <summary>
    /// Adds a plugin and a route to it: <paramref name="routePrefix"/> (default <c>/</c> + <paramref name="name"/>)
    /// gets a rule that sends its components to the plugin.
    /// </summary>
    /// <param name="name">The plugin's name, for example <c>builtin</c> or <c>python</c>.</param>
    /// <param name="plugin">The plugin's settings.</param>
    /// <param name="routePrefix">The single-segment prefix its components are called under; default <c>/{name}</c>.</param>
    /// <returns>This configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">A plugin of that name is already configured, or a name is empty.</exception>
    public StepflowServerConfig AddPlugin(string name, StepflowPluginConfig plugin, string? routePrefix = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(plugin);
        if (routePrefix is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(routePrefix);
        }

        if (Plugins.ContainsKey(name))
        {
            throw new ArgumentException($"A plugin named '{name}' is already configured.", nameof(name));
        }

        Plugins[name] = plugin;
        var prefix = routePrefix ?? "/" + name;
        if (!Routes.TryGetValue(prefix, out var rules))
        {
            Routes[prefix] = rules = new List<StepflowRouteRule>();
        }

        rules.Add(new StepflowRouteRule(name));
        return this;
    }

    /// <summary>The configuration as the server reads it: compact JSON, unset values left out.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ConfigJsonContext.Default.StepflowServerConfig);
}
