namespace Stepflow.Client;

/// <summary>Build facts a 0.12+ server reports in its health check.</summary>
public sealed class ServerBuild
{
    /// <summary>
    /// The source version it was built from: the release tag (for example <c>stepflow-0.13.0</c>) for a build of a
    /// tagged checkout, otherwise a description such as <c>tag-N-gHASH</c>, a short hash, or <c>unknown</c>.
    /// </summary>
    public string? GitVersion { get; init; }

    /// <summary>True when it was built from a checkout with uncommitted changes.</summary>
    public bool Dirty { get; init; }

    /// <summary>The Rust compiler that built it.</summary>
    public string? RustcVersion { get; init; }

    /// <summary>The build profile (<c>release</c>, <c>debug</c>).</summary>
    public string? Profile { get; init; }

    /// <summary>The cargo features it was built with.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>The platform it was built for (for example <c>x86_64-unknown-linux-gnu</c>).</summary>
    public string? Target { get; init; }
}
