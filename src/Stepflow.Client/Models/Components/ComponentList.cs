using System.Collections;

namespace Stepflow.Client;

/// <summary>
/// The components a server offers, sorted by path, with whether every plugin could report its own. A
/// read-only list of <see cref="ComponentInfo"/>.
/// </summary>
public sealed class ComponentList : IReadOnlyList<ComponentInfo>
{
    private readonly IReadOnlyList<ComponentInfo> _components;

    /// <summary>Creates a list (for tests and fakes too).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="components"/> is null.</exception>
    public ComponentList(IReadOnlyList<ComponentInfo> components, IReadOnlyList<PluginFailure>? failedPlugins = null)
    {
        ArgumentNullException.ThrowIfNull(components);
        _components = components;
        FailedPlugins = failedPlugins ?? [];
    }

    /// <summary>True when every plugin reported its components.</summary>
    public bool IsComplete => FailedPlugins.Count == 0;

    /// <summary>The plugins that could not report their components (listing still succeeds without them).</summary>
    public IReadOnlyList<PluginFailure> FailedPlugins { get; }

    /// <inheritdoc />
    public int Count => _components.Count;

    /// <inheritdoc />
    public ComponentInfo this[int index] => _components[index];

    /// <inheritdoc />
    public IEnumerator<ComponentInfo> GetEnumerator() => _components.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
