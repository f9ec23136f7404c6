using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>The test's settings that endpoints read on every request; each is replaced whole, never mutated.</summary>
internal sealed class FakeSettings
{
    /// <summary>The server's keep-alive interval on event streams (0.12/0.13, docs/server-api.md §10.1).</summary>
    public static readonly TimeSpan DefaultKeepAliveInterval = TimeSpan.FromSeconds(15);

    private volatile Func<JsonObject, IEnumerable<Diagnostic>>? _flowValidator;
    private volatile IReadOnlyList<ComponentInfo> _components = DefaultComponents();
    private volatile IReadOnlyList<PluginFailure> _failedPlugins = [];
    private long _keepAliveTicks = DefaultKeepAliveInterval.Ticks;

    public Func<JsonObject, IEnumerable<Diagnostic>>? FlowValidator
    {
        get => _flowValidator;
        set => _flowValidator = value;
    }

    public IReadOnlyList<ComponentInfo> Components
    {
        get => _components;
        set => _components = value;
    }

    public IReadOnlyList<PluginFailure> FailedPlugins
    {
        get => _failedPlugins;
        set => _failedPlugins = value;
    }

    /// <summary>How long an event stream stays silent before a keep-alive comment, on generations that send them.</summary>
    public TimeSpan KeepAliveInterval
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _keepAliveTicks));
        set => Interlocked.Exchange(ref _keepAliveTicks, value.Ticks);
    }

    /// <summary>A few of the server's built-in components, so listing is not empty by default.</summary>
    private static ComponentInfo[] DefaultComponents() =>
    [
        new() { Path = "/builtin/eval", Description = "Evaluate a nested flow on an input.", Plugin = "builtin" },
        new() { Path = "/builtin/get_blob", Description = "Read a blob by id.", Plugin = "builtin" },
        new() { Path = "/builtin/put_blob", Description = "Store a JSON value as a blob and return its id.", Plugin = "builtin" },
    ];
}
