using Microsoft.AspNetCore.Http;

namespace Stepflow.Testing.Internal;

/// <summary>
/// How a <see cref="StepflowTestServer"/> is hosted beyond what the public constructors choose: used by the
/// repository's fake <c>stepflow-server</c> program (tests/Stepflow.FakeServerBinary), which serves the fake on a
/// port it was given and sees every request first. Not part of the package's public API.
/// </summary>
internal sealed class HostingOptions
{
    /// <summary>What the public constructors use: a free port and no extra middleware.</summary>
    public static readonly HostingOptions Default = new();

    /// <summary>The port to listen on, on <c>127.0.0.1</c> only; 0 (the default) lets the system pick a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// A middleware that runs before the fake's own for every request (event streams included), or none. It may
    /// answer a request itself instead of calling the next delegate.
    /// </summary>
    public Func<HttpContext, RequestDelegate, Task>? Middleware { get; init; }
}
