using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Stepflow.Client.Protocol.V012;

/// <summary>
/// The REST API that 0.12 introduced and 0.13 serves (docs/server-api.md): every request written by hand so that no
/// body carries a <c>null</c> the server would refuse, every answer read with source-generated metadata and mapped
/// into the SDK's model. The operations are split over the partial files by area.
/// </summary>
internal sealed partial class V012Protocol : HttpProtocol, IStepflowProtocol
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_bodyBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_bodyWriter;

    public V012Protocol(HttpTransport transport)
        : base(transport)
    {
    }

    public HttpProtocol Http => this;

    /// <summary><c>eventTypes</c> cannot be sent over REST on 0.12/0.13 (any value is a 400): the client filters (docs/server-api.md §10.4).</summary>
    public bool FiltersEventTypes => false;

    /// <inheritdoc />
    public override ServerAnswerException Classify(int status, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers,
        Exception? cause = null) => V012Errors.Classify(status, body, headers, cause);

    /// <summary>This protocol throws only classified answers and transport failures; nothing needs translating.</summary>
    public Exception TranslateFailure(Exception failure) => failure;

    public async Task<ServerHealth> GetHealthAsync(CancellationToken cancellationToken) =>
        V012Mapper.Health(await GetJsonAsync("health", V012Json.Default.V012Health, cancellationToken).ConfigureAwait(false));

    /// <summary><c>GET /components</c>; 0.12/0.13 take the inverse flag, <c>excludeSchemas</c> (docs/server-api.md §6).</summary>
    public async Task<ComponentList> ListComponentsAsync(bool includeSchemas, CancellationToken cancellationToken) =>
        V012Mapper.Components(await GetJsonAsync(includeSchemas ? "components?excludeSchemas=false" : "components?excludeSchemas=true",
            V012Json.Default.V012Components, cancellationToken).ConfigureAwait(false));

    /// <summary>A GET whose JSON answer is read into <typeparamref name="T"/>.</summary>
    private Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        ExchangeJsonAsync(HttpMethod.Get, Transport.Uri(path), null, typeInfo, static wire => wire, cancellationToken);

    /// <summary>A GET whose JSON answer is read into <typeparamref name="TWire"/> and mapped, in one async step.</summary>
    private Task<TResult> GetJsonAsync<TWire, TResult>(Uri uri, JsonTypeInfo<TWire> typeInfo, Func<TWire, TResult> map,
        CancellationToken cancellationToken) =>
        ExchangeJsonAsync(HttpMethod.Get, uri, null, typeInfo, map, cancellationToken);

    /// <summary>A request with a JSON body (or none) whose JSON answer is read into <typeparamref name="T"/>.</summary>
    private Task<T> SendJsonAsync<T>(HttpMethod method, string path, HttpContent? body, JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken) =>
        ExchangeJsonAsync(method, Transport.Uri(path), body, typeInfo, static wire => wire, cancellationToken);

    /// <summary>A request whose answer (<c>{}</c> for deletes) is checked but not needed.</summary>
    private async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, Transport.Uri(path));
        request.Headers.Accept.Add(AcceptJson);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A JSON body written directly: keys with no value are left out, never written as <c>null</c> (docs/server-api.md §4.5).</summary>
    private static ByteArrayContent JsonBody<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        // One buffer and writer per thread, reset for each body (written synchronously): a request allocates only its bytes.
        var buffer = t_bodyBuffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_bodyWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        write(writer, state);
        writer.WriteEndObject();
        writer.Flush();
        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        if (buffer.Capacity > 64 * 1024)
        {
            // A large body (a big input) does not keep its buffer alive on the thread.
            t_bodyBuffer = null;
            t_bodyWriter = null;
        }

        // As text: a typed header value would be parsed and allocated for every request.
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
        return content;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}
