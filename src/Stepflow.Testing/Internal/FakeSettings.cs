using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>The test's settings that endpoints read on every request; each is replaced whole, never mutated.</summary>
internal sealed class FakeSettings
{
    private volatile Func<JsonObject, IEnumerable<Diagnostic>>? _flowValidator;
    private volatile IReadOnlyList<ComponentInfo> _components = DefaultComponents();
    private volatile IReadOnlyList<PluginFailure> _failedPlugins = [];

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

    /// <summary>A few of the server's built-in components, so listing is not empty by default.</summary>
    private static ComponentInfo[] DefaultComponents() =>
    [
        new() { Path = "/builtin/eval", Description = "Evaluate a nested flow on an input." },
        new() { Path = "/builtin/get_blob", Description = "Read a blob by id." },
        new() { Path = "/builtin/put_blob", Description = "Store a JSON value as a blob and return its id." },
    ];
}
