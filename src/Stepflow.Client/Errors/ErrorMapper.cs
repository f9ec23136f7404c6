using System.Globalization;
using System.Text.Json;
using Stepflow.Api;

namespace Stepflow.Client;

/// <summary>Turns failures of the generated layer and of the transport into the client's exception family.</summary>
internal static class ErrorMapper
{
    private const string AnalysisFailure = "error analyzing workflow";

    /// <summary>
    /// The client exception for <paramref name="failure"/>, or <see langword="null"/> when the failure is
    /// the caller's own cancellation and must propagate unchanged.
    /// </summary>
    public static Exception? Map(Exception failure, string operation, CancellationToken callerToken)
    {
        switch (failure)
        {
            case StepflowClientException:
                return failure;
            case OperationCanceledException when callerToken.IsCancellationRequested:
                return null;
            case OperationCanceledException:
                return new StepflowTimeoutException($"{operation} did not complete within the operation timeout.", failure);
            case AttemptTimeoutException:
                return new StepflowTimeoutException($"{operation} timed out before the server answered.", failure);
            case StepflowEndpointNotSupportedException unsupported:
                return new StepflowEndpointUnavailableException(
                    $"{operation} is not available on this server ({unsupported.RequestUri}).",
                    unsupported.StatusCode, null, null, failure);
            case StepflowApiException api:
                return FromStatus(api, operation);
            case HttpRequestException or IOException or JsonException:
                return new StepflowTransportException($"{operation} failed: {failure.Message}", null, null, failure);
            default:
                return null;
        }
    }

    private static StepflowClientException FromStatus(StepflowApiException api, string operation)
    {
        var status = api.StatusCode;
        var error = api.GetError<ErrorResponse>();
        var body = api.Response;
        var detail = api.ServerMessage;
        var message = detail is null
            ? $"{operation} failed with HTTP {status}."
            : $"{operation} failed with HTTP {status}: {detail}";

        if (status is >= 200 and < 300 && IsEmptyBody(api.Headers))
        {
            // A success status with no body where JSON was due: what a gRPC-multiplexed server sends for a
            // route it does not have (contract §1), seen without its application/grpc content type.
            return new StepflowEndpointUnavailableException(
                $"{operation} is not available on this server (HTTP {status} with an empty body).", status, null, body, api);
        }

        if (status is >= 200 and < 300)
        {
            // The server said yes but the body was unusable: truncated, empty, not JSON.
            return new StepflowTransportException(
                $"{operation}: the server's answer (HTTP {status}) could not be read: {api.InnerException?.Message ?? api.Message.Split('\n')[0]}",
                status, body, api);
        }

        return status switch
        {
            404 when string.IsNullOrWhiteSpace(body) => new StepflowEndpointUnavailableException(
                $"{operation} is not available on this server (HTTP 404 with no body).", status, error, body, api),
            404 => new StepflowNotFoundException(message, status, error, body, api),
            409 => new StepflowConflictException(message, status, error, body, api),
            400 when error?.Message == AnalysisFailure => new StepflowInvalidFlowException(
                $"{operation} failed: the flow has fatal problems ({string.Join("; ", error.Stack?.Select(s => s.Error) ?? [])}).",
                null, status, error, body, api),
            400 or 413 or 415 or 422 => new StepflowInvalidRequestException(message, status, error, body, api),
            401 or 403 => new StepflowUnauthorizedException(message, status, error, body, api),
            429 => new StepflowRateLimitedException(message, RetryAfter(api.Headers), status, error, body, api),
            >= 500 or 408 => new StepflowServerException(message, status, error, body, api),
            _ => new StepflowClientException(message, status, error, body, api),
        };
    }

    private static bool IsEmptyBody(IReadOnlyDictionary<string, IEnumerable<string>>? headers) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            .Value?.FirstOrDefault()?.Trim() == "0";

    /// <summary>Reads <c>Retry-After</c> as delta-seconds or an HTTP date.</summary>
    internal static TimeSpan? RetryAfter(IReadOnlyDictionary<string, IEnumerable<string>>? headers)
    {
        var value = headers?.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase))
            .Value?.FirstOrDefault()?.Trim();
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
}
