using System.Net.Http.Headers;

namespace Stepflow.Api;

/// <summary>
/// Recognises the gRPC router's answer to an unknown REST route: servers that share their port with
/// gRPC answer <c>200</c> with an empty <c>application/grpc</c> body instead of <c>404</c>.
/// </summary>
public static class GrpcFallback
{
    /// <summary>True when the response is the gRPC fallback rather than a REST answer.</summary>
    public static bool IsFallback(HttpResponseMessage response) =>
        response?.Content?.Headers.ContentType?.MediaType is { } mediaType &&
        mediaType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws <see cref="StepflowEndpointNotSupportedException"/> for a gRPC fallback response.</summary>
    /// <exception cref="StepflowEndpointNotSupportedException">The response is the gRPC fallback.</exception>
    public static void ThrowIfFallback(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!IsFallback(response))
        {
            return;
        }

        var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        Copy(response.Headers, headers);
        if (response.Content is not null)
        {
            Copy(response.Content.Headers, headers);
        }

        var uri = response.RequestMessage?.RequestUri?.AbsolutePath ?? "(unknown request)";
        throw new StepflowEndpointNotSupportedException(uri, (int)response.StatusCode, headers);
    }

    private static void Copy(HttpHeaders from, Dictionary<string, IEnumerable<string>> to)
    {
        foreach (var header in from)
        {
            to[header.Key] = header.Value;
        }
    }
}
