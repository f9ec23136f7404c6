using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>Decides which failures are worth another attempt.</summary>
internal static class FailureClassifier
{
    private static readonly HashSet<int> TransientStatuses = [408, 429, 500, 502, 503, 504];

    /// <summary>True when <paramref name="failure"/> may go away on a retry and repeating the request is safe.</summary>
    public static bool ShouldRetry(Exception failure, RetrySafety safety, TimeSpan maxRetryAfter) => safety switch
    {
        RetrySafety.Never => false,
        RetrySafety.OnlyIfNeverSent => NeverSent(failure) || (failure is StepflowApiException { StatusCode: 429 } throttled &&
                                                              WithinRetryAfter(throttled, maxRetryAfter)),
        _ => failure switch
        {
            StepflowEndpointNotSupportedException => false,
            StepflowApiException api when TransientStatuses.Contains(api.StatusCode) => WithinRetryAfter(api, maxRetryAfter),
            // A success status whose body could not be read (cut off, empty, not JSON).
            StepflowApiException { StatusCode: >= 200 and < 300 } => true,
            StepflowApiException => false,
            HttpRequestException or IOException or JsonException or AttemptTimeoutException => true,
            _ => false,
        },
    };

    /// <summary>
    /// True when the request certainly did not reach the server: the name did not resolve, or the
    /// connection (or its TLS handshake) was never established. Only then can a run creation be repeated.
    /// </summary>
    public static bool NeverSent(Exception failure)
    {
        if (failure is not HttpRequestException http)
        {
            return false;
        }

        if (http.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            return true;
        }

        return http.InnerException is SocketException
        {
            SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable
                or SocketError.NetworkUnreachable or SocketError.TryAgain,
        };
    }

    /// <summary>The wait the server asked for, when it named one in <c>Retry-After</c>.</summary>
    public static TimeSpan? RetryAfter(Exception failure) =>
        failure is StepflowApiException api ? ErrorMapper.RetryAfter(api.Headers) : null;

    private static bool WithinRetryAfter(StepflowApiException api, TimeSpan maxRetryAfter) =>
        ErrorMapper.RetryAfter(api.Headers) is not { } wait || wait <= maxRetryAfter;
}
