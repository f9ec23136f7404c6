namespace Stepflow.Testing;

public sealed partial class StepflowTestServer
{
    /// <summary>
    /// Answers the next <paramref name="times"/> requests matching <paramref name="method"/> and
    /// <paramref name="pathPrefix"/> with <paramref name="status"/> and an error body in the emulated generation's
    /// shape: on 0.11 an <c>ErrorResponse</c> (<c>{code, message, stack}</c>) sent as <c>text/plain</c>; on 0.12/0.13
    /// the JSON envelope <c>{"error": {code, message, status}}</c> (plain text for 413, 415 and 422, which only the
    /// framework sends, and an empty body on the blob routes, which answer every error with a bare status). Such a
    /// request is otherwise ignored (a faulted <c>POST /runs</c> creates no run). Faults are used in the order they
    /// were added.
    /// </summary>
    /// <param name="method">The HTTP method (any case), or <c>*</c> for any.</param>
    /// <param name="pathPrefix">
    /// A path prefix relative to <c>/api/v1</c> (<c>/runs</c>, <c>runs/</c>), or a full path starting with <c>/api/</c>.
    /// A prefix with a <c>?</c> is matched against the path and query, so <c>/runs/x/events?runId=…</c> targets a
    /// 0.12/0.13 event stream by the run named in its query.
    /// </param>
    /// <param name="status">The HTTP status, 100–599. Note that the client retries 408, 429, 500, 502, 503 and 504 on safe requests.</param>
    /// <param name="message">The error message; by default one that says the fault was injected.</param>
    /// <param name="times">How many matching requests get the fault.</param>
    /// <example><code>server.FailNext("GET", "/runs/", 404, "Execution not found");</code></example>
    public void FailNext(string method, string pathPrefix, int status, string? message = null, int times = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(pathPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        _faults.Add(method, pathPrefix, status, message ?? $"Fault injected by the Stepflow test server (HTTP {status})", times);
    }
}
