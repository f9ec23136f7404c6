using System.Globalization;
using System.Net.Http.Headers;

namespace Stepflow.Client.Protocol;

/// <summary>What every server generation shares in reading a failed answer: the default meaning of a status, headers, body excerpts.</summary>
internal static class Answers
{
    private const int ExcerptLength = 500;

    /// <summary>The meaning of a status when the protocol knows nothing more specific.</summary>
    public static AnswerKind KindOf(int status) => status switch
    {
        >= 200 and < 300 => AnswerKind.Unreadable,
        404 => AnswerKind.NotFound,
        409 or 412 => AnswerKind.Conflict,
        400 or 413 or 415 or 422 => AnswerKind.InvalidRequest,
        401 or 403 => AnswerKind.Unauthorized,
        429 => AnswerKind.RateLimited,
        408 or >= 500 => AnswerKind.ServerFailure,
        _ => AnswerKind.Other,
    };

    /// <summary>
    /// What a failed answer says, read alike on every generation (docs/server-api.md §3.6): the 0.12+ envelope
    /// (its message and gRPC status), else 0.11's <c>ErrorResponse</c> (its message and stack), else the text itself.
    /// </summary>
    public static ServerError ErrorOf(int status, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers)
    {
        var envelope = V012.V012Errors.ReadEnvelope(body);
        var (message, details) = envelope is null ? V011.V011Errors.ReadErrorResponse(body) : (envelope.Message, null);
        return new ServerError(status, envelope?.Status, message ?? PlainMessage(body), details, RequestId(headers), body, RetryAfter(headers));
    }

    /// <summary>
    /// The server's message in a body that is no error document: plain text (a framework rejection) is the
    /// message, shortened; markup (a proxy's HTML page) and empty bodies carry none.
    /// </summary>
    public static string? PlainMessage(string? body) =>
        body is null || body.AsSpan().TrimStart().StartsWith("<", StringComparison.Ordinal) ? null : Excerpt(body);

    /// <summary>The first characters of a non-empty body, whitespace collapsed, for messages.</summary>
    public static string? Excerpt(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var collapsed = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= ExcerptLength ? collapsed : collapsed[..ExcerptLength] + "…";
    }

    /// <summary>The first value of a header (response or content headers), by case-insensitive name.</summary>
    public static string? Header(IReadOnlyDictionary<string, IEnumerable<string>>? headers, string name)
    {
        if (headers is null)
        {
            return null;
        }

        foreach (var (key, values) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return values.FirstOrDefault()?.Trim();
            }
        }

        return null;
    }

    /// <summary>The request id a server or gateway sent back.</summary>
    public static string? RequestId(IReadOnlyDictionary<string, IEnumerable<string>>? headers) =>
        Header(headers, "x-request-id") ?? Header(headers, "request-id");

    /// <summary>Reads <c>Retry-After</c> as delta-seconds or an HTTP date.</summary>
    public static TimeSpan? RetryAfter(IReadOnlyDictionary<string, IEnumerable<string>>? headers)
    {
        var value = Header(headers, "Retry-After");
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var delay = date - DateTimeOffset.UtcNow;
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>A response's headers, content headers included, as one case-insensitive dictionary.</summary>
    public static IReadOnlyDictionary<string, IEnumerable<string>> HeadersOf(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        Copy(response.Headers, headers);
        if (response.Content is not null)
        {
            Copy(response.Content.Headers, headers);
        }

        return headers;
    }

    /// <summary>True when the content headers say the body is empty.</summary>
    public static bool IsEmptyBody(IReadOnlyDictionary<string, IEnumerable<string>>? headers) => Header(headers, "Content-Length") == "0";

    private static void Copy(HttpHeaders from, Dictionary<string, IEnumerable<string>> to)
    {
        foreach (var (name, values) in from)
        {
            to[name] = values;
        }
    }
}
