using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;

namespace Stepflow.Api;

// CUSTOM: the generated clients used to copy every response header into a new dictionary on every call,
// although only exceptions (and response wrappers) ever read them. This view copies on first read.
/// <summary>
/// The headers of one response (content headers included) as the read-only dictionary that
/// <see cref="StepflowApiException.Headers"/> exposes; names compare case-insensitively.
/// </summary>
internal sealed class ResponseHeaders : IReadOnlyDictionary<string, IEnumerable<string>>
{
    private readonly HttpResponseHeaders _headers;
    private readonly HttpContentHeaders? _contentHeaders;
    private Dictionary<string, IEnumerable<string>>? _copy;

    public ResponseHeaders(HttpResponseMessage response)
    {
        // Kept as header collections, which outlive the response's disposal; copied when first read.
        _headers = response.Headers;
        _contentHeaders = response.Content?.Headers;
    }

    private Dictionary<string, IEnumerable<string>> Copy => _copy ??= Snapshot();

    public IEnumerable<string> this[string key] => Copy[key];

    public IEnumerable<string> Keys => Copy.Keys;

    public IEnumerable<IEnumerable<string>> Values => Copy.Values;

    public int Count => Copy.Count;

    public bool ContainsKey(string key) => Copy.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IEnumerable<string> value) => Copy.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, IEnumerable<string>>> GetEnumerator() => Copy.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private Dictionary<string, IEnumerable<string>> Snapshot()
    {
        var copy = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in _headers)
        {
            copy[name] = values;
        }

        foreach (var (name, values) in (IEnumerable<KeyValuePair<string, IEnumerable<string>>>?)_contentHeaders ?? [])
        {
            copy[name] = values;
        }

        return copy;
    }
}
