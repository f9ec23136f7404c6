using System.Net.Http.Headers;
using System.Text.Json;
using Stepflow.Client.Protocol.V012;

namespace Stepflow.Client.Protocol;

/// <summary>
/// Tells the server generations apart with one <c>GET /health</c> (docs/server-api.md §1.2): a string <c>version</c>
/// is 0.11, a <c>build</c> object 0.12 or later. Anything else is an unsupported server, named by what it sent.
/// </summary>
internal static class ServerDetector
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    /// <summary>Asks the server's health; transient failures are thrown as such so the caller retries them like any read.</summary>
    public static async Task<ServerHealth> ProbeAsync(HttpTransport transport, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, transport.Uri("health"));
        request.Headers.Accept.Add(AcceptJson);
        transport.Prepare(request);
        using var response = await transport.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var headers = Answers.HeadersOf(response);
        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (contentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw Unsupported(status, contentType, body, headers, "it answered with a gRPC server's fallback, so no Stepflow REST API is served at this address");
        }

        if (!response.IsSuccessStatusCode)
        {
            var kind = Answers.KindOf(status);
            if (kind is AnswerKind.ServerFailure or AnswerKind.RateLimited or AnswerKind.Unauthorized)
            {
                // Worth retrying, or the caller's credentials: not a verdict on the server's generation.
                throw new ServerAnswerException(kind, Answers.ErrorOf(status, body, headers));
            }

            throw Unsupported(status, contentType, body, headers, "a Stepflow server answers it with 200");
        }

        V012Health? health;
        try
        {
            health = JsonSerializer.Deserialize(body, V012Json.Default.V012Health);
        }
        catch (JsonException)
        {
            health = null;
        }

        if (health is { Version: { Length: > 0 } version })
        {
            return new ServerHealth
            {
                Status = health.Status ?? string.Empty,
                Timestamp = V012Mapper.Time(health.Timestamp),
                Version = version,
                ApiGeneration = StepflowApiGeneration.V011,
            };
        }

        if (health is { Build: not null })
        {
            return V012Mapper.Health(health);
        }

        throw Unsupported(status, contentType, body, headers, "its body has neither a 'version' string (0.11) nor a 'build' object (0.12 and later)");
    }

    private static ServerAnswerException Unsupported(int status, string? contentType, string body, IReadOnlyDictionary<string, IEnumerable<string>> headers,
        string why)
    {
        var sent = Answers.Excerpt(body) is { } excerpt ? $"'{excerpt}'" : "an empty body";
        var message = $"the server is not a Stepflow server this SDK supports: GET /api/v1/health answered HTTP {status}" +
            $" ({contentType ?? "no content type"}) with {sent}, and {why}. Check the URL (the server's root, without /api/v1).";
        return new ServerAnswerException(AnswerKind.UnsupportedServer, new ServerError(status, null, message, null, Answers.RequestId(headers), body));
    }
}
