namespace Stepflow.Testing;

/// <summary>A request the <see cref="StepflowTestServer"/> received, recorded as it arrived.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The path as received, including <c>/api/v1</c>, for example <c>/api/v1/runs</c>.</param>
/// <param name="Query">The query string without the leading <c>?</c>; empty when there was none.</param>
/// <param name="ReceivedAt">When the server received it.</param>
public sealed record RecordedRequest(string Method, string Path, string Query, DateTimeOffset ReceivedAt);
