using System.Text.Json.Nodes;
using Stepflow.Client.Protocol;

namespace Stepflow.Client;

public partial class StepflowClient
{
    /// <summary>
    /// Sends a request the other methods do not cover, for example an endpoint newer than this SDK, through the
    /// same pipeline as every other call: the client's headers and credentials, timeouts, retries (for
    /// <c>GET</c>, <c>HEAD</c>, <c>PUT</c>, <c>DELETE</c> only), telemetry and error mapping.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path under <c>/api/v1/</c>, with any query (for example <c>runs?limit=5&amp;offset=0</c>).</param>
    /// <param name="body">A JSON body, sent as <c>application/json</c>; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The answer, whose body has been read in full.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank or an absolute URL.</exception>
    /// <exception cref="StepflowClientException">The server refused or failed the request (the subclass says how), or no answer came.</exception>
    /// <remarks>
    /// The answer is the server's own wire format, which differs between server generations
    /// (<c>docs/server-api.md</c>); the other methods translate it into the SDK's model.
    /// </remarks>
    public virtual Task<StepflowResponse> SendRequestAsync(HttpMethod method, string path, JsonNode? body = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        // On Unix "/runs" parses as an absolute file URI: only another scheme, or a scheme-relative "//host", leaves the API.
        if ((Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme != Uri.UriSchemeFile) || path.StartsWith("//", StringComparison.Ordinal))
        {
            throw new ArgumentException("The path must be relative to the API (for example 'runs'), not an absolute URL.", nameof(path));
        }

        var relative = path.TrimStart('/');

        var payload = body?.ToJsonString();
        var safety = method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete
            ? RetrySafety.Safe
            : RetrySafety.Never;
        return CallAsync(new Operation("Send"), safety, async (protocol, ct) =>
        {
            using var request = new HttpRequestMessage(method, protocol.Http.Transport.Uri(relative));
            if (payload is not null)
            {
                request.Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await protocol.Http.SendAsync(request, ct).ConfigureAwait(false);
            var content = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in response.Headers.Concat<KeyValuePair<string, IEnumerable<string>>>(response.Content.Headers))
            {
                headers[name] = [.. values];
            }

            return new StepflowResponse((int)response.StatusCode, headers, content, response.Content.Headers.ContentType?.MediaType);
        }, TimeSpan.Zero, cancellationToken);
    }
}
