using System.Net.Sockets;
using System.Text.Json;
using Stepflow.Client.Protocol;

namespace Stepflow.Client;

/// <summary>Decides which failures are worth another attempt.</summary>
internal static class FailureClassifier
{
    private static readonly HashSet<int> TransientStatuses = [408, 429, 500, 502, 503, 504];

    /// <summary>True when <paramref name="failure"/> may go away on a retry and repeating the request is safe.</summary>
    public static bool ShouldRetry(Exception failure, RetrySafety safety, TimeSpan maxRetryAfter) => safety switch
    {
        RetrySafety.Never => false,
        RetrySafety.OnlyIfNeverSent => NeverSent(failure) || (failure is ServerAnswerException { Error.StatusCode: 429 } throttled &&
                                                              WithinRetryAfter(throttled, maxRetryAfter)),
        _ => failure switch
        {
            ServerAnswerException { Kind: AnswerKind.Unreadable } => true,
            ServerAnswerException answer => TransientStatuses.Contains(answer.Error.StatusCode) && WithinRetryAfter(answer, maxRetryAfter),
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
    public static TimeSpan? RetryAfter(Exception failure) => (failure as ServerAnswerException)?.Error.RetryAfter;

    private static bool WithinRetryAfter(ServerAnswerException answer, TimeSpan maxRetryAfter) =>
        answer.Error.RetryAfter is not { } wait || wait <= maxRetryAfter;
}
