using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Stepflow.Client.Protocol;

/// <summary>
/// The connection to one server: the <see cref="HttpClient"/>, the API's base address, and the headers every
/// request carries (user agent, default headers, credentials). Shared by the protocols; thread-safe.
/// </summary>
internal sealed class HttpTransport
{
    /// <summary>The path every server generation serves its API under.</summary>
    public const string ApiPrefix = "api/v1/";

    // Added as text (TryAddWithoutValidation): typed header values cost a parsed object and a collection per request.
    private static readonly string UserAgent = new ProductInfoHeaderValue("Stepflow.Client",
        typeof(HttpTransport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0").ToString();

    private readonly KeyValuePair<string, string>[] _defaultHeaders;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly KeyValuePair<string, string>? _apiKey;

    public HttpTransport(HttpClient http, Uri serverRoot, StepflowClientOptions options)
    {
        Http = http;
        ApiBase = new Uri(serverRoot, ApiPrefix);
        ApiBaseText = ApiBase.AbsoluteUri;
        _defaultHeaders = [.. options.DefaultHeaders];
        _authorization = string.IsNullOrEmpty(options.BearerToken) ? null : new AuthenticationHeaderValue("Bearer", options.BearerToken);
        _apiKey = string.IsNullOrEmpty(options.ApiKey) ? null : new KeyValuePair<string, string>(options.ApiKeyHeaderName, options.ApiKey);
    }

    public HttpClient Http { get; }

    /// <summary>The API's base address (<c>…/api/v1/</c>).</summary>
    public Uri ApiBase { get; }

    /// <summary><see cref="ApiBase"/> as text, for the generated clients' <c>BaseUrl</c>.</summary>
    public string ApiBaseText { get; }

    /// <summary>An absolute URI for a path relative to the API base (for example <c>runs/…/events?…</c>).</summary>
    /// <remarks>Parsed from the joined text: combining a base <see cref="System.Uri"/> with a relative one costs more per request.</remarks>
    public Uri Uri(string relative) => new(ApiBaseText + relative, UriKind.Absolute);

    /// <summary>An absolute URI for an interpolated path relative to the API base, built as one string.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The instance is the handler's argument: it supplies the API base.")]
    public Uri Uri([InterpolatedStringHandlerArgument("")] ref ApiPathHandler relative) => new(relative.ToStringAndClear(), UriKind.Absolute);

    /// <summary>Adds the client's headers to a request, whoever built it.</summary>
    public void Prepare(HttpRequestMessage request)
    {
        if (!request.Headers.Contains("User-Agent"))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        foreach (var (name, value) in _defaultHeaders)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (_authorization is not null)
        {
            request.Headers.Authorization = _authorization;
        }

        if (_apiKey is { } apiKey)
        {
            request.Headers.Remove(apiKey.Key);
            request.Headers.TryAddWithoutValidation(apiKey.Key, apiKey.Value);
        }
    }
}
