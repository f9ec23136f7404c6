using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepflow.LocalServer;

/// <summary>Where the server keeps its state (<c>storageConfig</c>): its <see cref="Type"/> and that type's settings.</summary>
public sealed class StepflowStorageConfig
{
    /// <summary>Creates a storage entry of the given type with no settings.</summary>
    /// <param name="type">The store type as the server names it: <c>inMemory</c>, <c>sqlite</c>, …</param>
    public StepflowStorageConfig(string type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        Type = type;
    }

    /// <summary>The store type (<c>type</c>).</summary>
    [JsonPropertyName("type")]
    public string Type { get; }

    /// <summary>The type's settings, written next to <c>type</c> (for SQLite: <c>databaseUrl</c>, <c>autoMigrate</c>, <c>maxConnections</c>).</summary>
    [JsonIgnore]
    public JsonObject Settings { get; } = [];

    /// <summary>What the serializer writes for <see cref="Settings"/>, next to the named properties.</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement> SettingsForJson => ConfigJsonContext.ToElements(Settings);

    /// <summary>Everything in memory, gone when the server stops (<c>{"type": "inMemory"}</c>, the server's default).</summary>
    public static StepflowStorageConfig InMemory() => new("inMemory");

    /// <summary>A SQLite database, kept across restarts (<c>{"type": "sqlite", "databaseUrl", "autoMigrate": true}</c>).</summary>
    /// <param name="databaseUrl">The database, for example <c>sqlite:stepflow.db?mode=rwc</c> (relative to the server's working directory).</param>
    public static StepflowStorageConfig Sqlite(string databaseUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseUrl);
        var storage = new StepflowStorageConfig("sqlite");
        storage.Settings["databaseUrl"] = databaseUrl;
        storage.Settings["autoMigrate"] = true;
        return storage;
    }
}
