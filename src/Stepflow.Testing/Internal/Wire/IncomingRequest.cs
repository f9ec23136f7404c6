using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using WireMock;

namespace Stepflow.Testing.Internal;

/// <summary>
/// What the fake reads from a request: method, the path segments after <c>/api/v1</c>, the query as sent
/// (WireMock's own query dictionary splits values on commas, which would break <c>eventTypes</c>), headers
/// and body bytes. Built from a WireMock request or, for event streams, from the ASP.NET Core context.
/// </summary>
internal sealed class IncomingRequest
{
    public const string ApiPrefix = "/api/v1";

    private readonly Dictionary<string, string> _query = new(StringComparer.Ordinal);
    private readonly HashSet<string> _repeated = new(StringComparer.Ordinal);
    private readonly Func<string, string?> _header;
    private readonly Func<byte[]> _body;

    private IncomingRequest(string method, string path, string? rawQuery, Func<string, string?> header, Func<byte[]> body)
    {
        Method = method.ToUpperInvariant();
        Path = path;
        RawQuery = (rawQuery ?? string.Empty).TrimStart('?');
        _header = header;
        _body = body;
        Segments = Path.StartsWith(ApiPrefix + "/", StringComparison.Ordinal)
            ? Path[(ApiPrefix.Length + 1)..].Split('/').Select(Uri.UnescapeDataString).ToArray()
            : null;

        foreach (var pair in RawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Unescape(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Unescape(pair[(equals + 1)..]);
            if (!_query.TryAdd(key, value))
            {
                _query[key] = value; // The last occurrence wins, as with serde's query decoding of a scalar on 0.11.
                _repeated.Add(key);
            }
        }
    }

    /// <summary>A request WireMock matched to the fake's general mapping.</summary>
    public static IncomingRequest From(IRequestMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new IncomingRequest(message.Method, message.Path, message.RawQuery,
            name => message.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) is { Value: { } values }
                ? string.Join(',', values)
                : null,
            () => message.BodyData?.BodyAsBytes ?? (message.Body is { } text ? Encoding.UTF8.GetBytes(text) : []));
    }

    /// <summary>A request seen by the event-stream middleware, before WireMock (the body is never read there).</summary>
    public static IncomingRequest From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        return new IncomingRequest(request.Method, (request.PathBase + request.Path).Value ?? "/", request.QueryString.Value,
            name => request.Headers.TryGetValue(name, out var values) ? values.ToString() : null,
            () => []);
    }

    public string Method { get; }

    /// <summary>The path as received, e.g. <c>/api/v1/runs</c>.</summary>
    public string Path { get; }

    /// <summary>The query string as sent, without the leading <c>?</c>.</summary>
    public string RawQuery { get; }

    /// <summary>The unescaped segments after <c>/api/v1/</c>; null for paths outside the API.</summary>
    public string[]? Segments { get; }

    public string? Header(string name) => _header(name);

    /// <summary>The body bytes as sent (empty when there was none).</summary>
    public byte[] Body => _body();

    public string? Query(string name) => _query.TryGetValue(name, out var value) ? value : null;

    /// <summary>True when the query has <paramref name="name"/> more than once (a 400 on 0.12/0.13, docs/server-api.md §2.2).</summary>
    public bool IsRepeated(string name) => _repeated.Contains(name);

    /// <summary>A query boolean: only the literal <c>true</c>/<c>false</c> (anything else is a 400 plain-text rejection).</summary>
    public bool? QueryBool(string name) => Query(name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var other => throw new ReplyException(Replies.Rejection(400,
            $"Failed to deserialize query string: {name}: provided string was not `true` or `false` (got `{other}`)")),
    };

    /// <summary>A query unsigned integer (anything else is a 400 plain-text rejection).</summary>
    public ulong? QueryUnsigned(string name) => Query(name) switch
    {
        null => null,
        var text when ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) => value,
        var other => throw new ReplyException(Replies.Rejection(400,
            $"Failed to deserialize query string: {name}: invalid digit found in string (got `{other}`)")),
    };

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
