using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Stepflow.Client.Protocol;

/// <summary>
/// What the protocols share for requests they send themselves: sending with the client's headers, recognising
/// the gRPC router's "no such route" answer, reading JSON bodies, and turning failed answers into
/// <see cref="ServerAnswerException"/> through the generation's own error rules (<see cref="Classify"/>).
/// </summary>
internal abstract class HttpProtocol(HttpTransport transport)
{
    protected static readonly System.Net.Http.Headers.MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    protected static readonly System.Net.Http.Headers.MediaTypeWithQualityHeaderValue AcceptBytes = new("application/octet-stream");

    public HttpTransport Transport { get; } = transport;

    /// <summary>
    /// Classifies a non-success answer (or a success whose body could not be read) by this generation's wire
    /// rules (<c>docs/server-api.md §3</c>).
    /// </summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body as text (empty when there was none).</param>
    /// <param name="headers">The response's headers.</param>
    /// <param name="cause">What went wrong reading a success answer, if that is the failure.</param>
    public abstract ServerAnswerException Classify(int status, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? cause = null);

    /// <summary>
    /// Sends a request (headers read, body not yet) and returns a success answer; anything else is thrown as a
    /// classified <see cref="ServerAnswerException"/>, the response disposed.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Transport.Prepare(request);
        var response = await Transport.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfRouteMissing(response);
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
            }

            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Reads a success answer's JSON body; an empty, cut-off or mistyped body is thrown as unreadable.</summary>
    public async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ThrowIfNoBody(response);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false) ?? throw JsonNull<T>();
        }
        catch (JsonException ex)
        {
            throw Unreadable(response, ex);
        }
    }

    /// <summary>
    /// One JSON exchange: sends a request (with <paramref name="body"/>, if any), reads a success answer's JSON and
    /// returns it mapped by <paramref name="map"/>; failures are thrown as <see cref="SendAsync"/> and
    /// <see cref="ReadJsonAsync"/> throw them.
    /// </summary>
    /// <remarks>
    /// The hot path of every read: sending, the status checks and reading are inline in one method (one async state
    /// machine per call, where the two helpers and a caller awaiting them took three), and the mapping runs after the
    /// body is read so a mapping failure is not mistaken for an unreadable body.
    /// </remarks>
    public Task<TResult> ExchangeJsonAsync<TWire, TResult>(HttpMethod method, Uri uri, HttpContent? body, JsonTypeInfo<TWire> typeInfo,
        Func<TWire, TResult> map, CancellationToken cancellationToken) =>
        ExchangeJsonAsync(method, uri, body, typeInfo, map, static (wire, map) => map(wire), cancellationToken);

    /// <summary><see cref="ExchangeJsonAsync{TWire, TResult}"/> with state for the mapping, so callers need no closure.</summary>
    public async Task<TResult> ExchangeJsonAsync<TWire, TState, TResult>(HttpMethod method, Uri uri, HttpContent? body,
        JsonTypeInfo<TWire> typeInfo, TState state, Func<TWire, TState, TResult> map, CancellationToken cancellationToken)
    {
        TWire wire;
        using (var request = new HttpRequestMessage(method, uri) { Content = body })
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            Transport.Prepare(request);
            using var response = await Transport.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            ThrowIfRouteMissing(response);
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
            }

            ThrowIfNoBody(response);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                try
                {
                    wire = await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false) ?? throw JsonNull<TWire>();
                }
                catch (JsonException ex)
                {
                    throw Unreadable(response, ex);
                }
            }
        }

        return map(wire, state);
    }

    /// <summary>A failed answer, classified with its body (read only on this path, so a success never awaits it).</summary>
    private async Task<ServerAnswerException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return Classify((int)response.StatusCode, body, Answers.HeadersOf(response));
    }

    /// <summary>A success answer with no body at all is no answer (the generation's rules say what it means).</summary>
    private void ThrowIfNoBody(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentLength == 0)
        {
            throw Classify((int)response.StatusCode, string.Empty, Answers.HeadersOf(response));
        }
    }

    private ServerAnswerException Unreadable(HttpResponseMessage response, JsonException cause) =>
        Classify((int)response.StatusCode, null, Answers.HeadersOf(response), cause);

    private static JsonException JsonNull<T>() => new($"The server answered with a JSON null instead of a {typeof(T).Name}.");

    /// <summary>
    /// Servers that share their port with gRPC answer a route they do not have with 200 and an empty
    /// <c>application/grpc</c> body instead of 404 (<c>docs/server-api.md §2</c>).
    /// </summary>
    public static void ThrowIfRouteMissing(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType is { } mediaType &&
            mediaType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            var path = response.RequestMessage?.RequestUri?.AbsolutePath ?? "(unknown request)";
            throw new ServerAnswerException(AnswerKind.EndpointUnavailable, new ServerError((int)response.StatusCode, "UNIMPLEMENTED",
                $"the server has no route {path} (it answered with its gRPC fallback)"));
        }
    }

    /// <summary>
    /// <c>GET /blobs/{id}</c> with <c>Accept: application/octet-stream</c>: the raw bytes of any blob type, on every
    /// generation (docs/server-api.md §9.2). The result owns the response.
    /// </summary>
    public async Task<BlobContent> DownloadBlobAsync(string blobId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Transport.Uri("blobs/" + Uri.EscapeDataString(blobId)));
        request.Headers.Accept.Add(AcceptBytes);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new BlobContent(blobId, response, stream);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A GET of a <c>{flow, flowId, …}</c> answer (a stored flow, a run's flow), read as JSON so the document comes back
    /// as the server sent it, then mapped by the generation's <paramref name="map"/>.
    /// </summary>
    public async Task<FlowDefinition> GetFlowDocumentAsync(string path, JsonTypeInfo<System.Text.Json.Nodes.JsonNode> nodeInfo,
        Func<System.Text.Json.Nodes.JsonNode, FlowDefinition?> map, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Transport.Uri(path));
        request.Headers.Accept.Add(AcceptJson);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await ReadJsonAsync(response, nodeInfo, cancellationToken).ConfigureAwait(false);
        return map(body) ?? throw Classify((int)response.StatusCode, body.ToJsonString(), Answers.HeadersOf(response),
            new JsonException("The answer has no 'flow' object or 'flowId'."));
    }

    /// <summary>JSON content for a request body.</summary>
    public static HttpContent JsonContent<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        return content;
    }
}
