using System.Net.Http.Headers;

namespace Stepflow.OpenApi.Normalizer;

/// <summary>Downloads a server's live OpenAPI document and checks it is one before it is saved.</summary>
public static class SpecFetcher
{
    /// <summary>The path a Stepflow server serves its OpenAPI document on.</summary>
    public const string SpecPath = "api/v1/openapi.json";

    /// <summary>Fetches <c>{serverUrl}/api/v1/openapi.json</c> and returns it in the repository's stable form.</summary>
    /// <exception cref="NormalizationException">The server did not answer with an OpenAPI 3.x JSON document.</exception>
    public static async Task<string> FetchAsync(HttpClient http, Uri serverUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(serverUrl);
        var root = serverUrl.AbsoluteUri.EndsWith('/') ? serverUrl : new Uri(serverUrl.AbsoluteUri + "/");
        var url = new Uri(root, SpecPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new NormalizationException($"Could not reach {url}: {ex.Message}", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "(none)";
            if (!response.IsSuccessStatusCode)
            {
                throw new NormalizationException($"{url} answered {(int)response.StatusCode}: {Excerpt(body)}");
            }

            // Servers from 0.12 on no longer serve this path; their gRPC router answers 200 with an empty body.
            if (mediaType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) || body.Length == 0)
            {
                throw new NormalizationException(
                    $"{url} is not served by this server (content-type {mediaType}, {body.Length} bytes); " +
                    "servers from 0.12 on no longer publish openapi.json.");
            }

            var document = SpecFormatter.Parse(body, url.ToString());
            var version = document["openapi"]?.ToString();
            if (version is null || !version.StartsWith("3.", StringComparison.Ordinal))
            {
                throw new NormalizationException($"{url} did not return an OpenAPI 3.x document (openapi='{version}').");
            }

            return SpecFormatter.Format(document);
        }
    }

    private static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
