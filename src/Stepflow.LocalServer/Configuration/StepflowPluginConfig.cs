using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.LocalServer;

/// <summary>
/// One plugin of the server's configuration: its <see cref="Type"/> (<c>builtin</c>, <c>mcp</c>, <c>stepflow</c>, …)
/// and the settings of that type, which differ between plugin types and server releases and so are kept as JSON.
/// </summary>
public sealed class StepflowPluginConfig
{
    /// <summary>Creates a plugin of the given type with no settings.</summary>
    /// <param name="type">The plugin type as the server names it, for example <c>builtin</c>.</param>
    public StepflowPluginConfig(string type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        Type = type;
    }

    /// <summary>The plugin type (<c>type</c>).</summary>
    [JsonPropertyName("type")]
    public string Type { get; }

    /// <summary>The type's settings, written next to <c>type</c> (for an MCP server: <c>command</c>, <c>args</c>, <c>env</c>).</summary>
    [JsonIgnore]
    public JsonObject Settings { get; } = [];

    /// <summary>What the serializer writes for <see cref="Settings"/>, next to the named properties.</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement> SettingsForJson => ConfigJsonContext.ToElements(Settings);

    /// <summary>The server's builtin components (<c>{"type": "builtin"}</c>).</summary>
    public static StepflowPluginConfig Builtin() => new("builtin");

    /// <summary>
    /// An MCP server the Stepflow server starts as its own child process (<c>{"type": "mcp", "command", "args", "env"}</c>).
    /// Values in <paramref name="environment"/> go to the server's standard input and are never logged by this package.
    /// </summary>
    /// <param name="command">The program to run.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="environment">Environment variables for it, when any.</param>
    public static StepflowPluginConfig Mcp(string command, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(args);
        var plugin = new StepflowPluginConfig("mcp");
        plugin.Settings["command"] = command;
        plugin.Settings["args"] = new JsonArray([.. args.Select(a => (JsonNode?)JsonValue.Create(a))]);
        if (environment is { Count: > 0 })
        {
            var env = new JsonObject();
            foreach (var (name, value) in environment)
            {
                env[name] = value;
            }

            plugin.Settings["env"] = env;
        }

        return plugin;
    }

    /// <summary>A plugin of any type with the given settings, for types this model has no shortcut for.</summary>
    /// <param name="type">The plugin type as the server names it.</param>
    /// <param name="settings">Its settings (copied).</param>
    public static StepflowPluginConfig Of(string type, JsonObject settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var plugin = new StepflowPluginConfig(type);
        foreach (var (name, value) in settings)
        {
            plugin.Settings[name] = value?.DeepClone();
        }

        return plugin;
    }
}
