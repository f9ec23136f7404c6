using System.Text.Json;
using Stepflow.Client.Protocol;

namespace Stepflow.Client;

/// <summary>Turns what failed inside a call (a classified answer, a transport fault, a timeout) into the client's exceptions.</summary>
internal static class ErrorMapper
{
    /// <summary>
    /// The client exception for <paramref name="failure"/>, or <see langword="null"/> when the failure is
    /// the caller's own cancellation (or not the client's to translate) and must propagate unchanged.
    /// </summary>
    public static Exception? Map(Exception failure, string operation, CancellationToken callerToken) => failure switch
    {
        StepflowClientException => failure,
        OperationCanceledException when callerToken.IsCancellationRequested => null,
        OperationCanceledException => new StepflowTimeoutException($"{operation} did not complete within the operation timeout.", failure),
        AttemptTimeoutException => new StepflowTimeoutException($"{operation} timed out before the server answered.", failure),
        ServerAnswerException answer => FromAnswer(answer, operation),
        HttpRequestException or IOException or JsonException => new StepflowTransportException($"{operation} failed: {failure.Message}", null, failure),
        _ => null,
    };

    private static StepflowClientException FromAnswer(ServerAnswerException answer, string operation)
    {
        var error = answer.Error;
        var status = error.StatusCode;
        var message = error.Message is { } detail
            ? $"{operation} failed with HTTP {status}: {detail}"
            : $"{operation} failed with HTTP {status}.";
        return answer.Kind switch
        {
            AnswerKind.EndpointUnavailable => new StepflowEndpointUnavailableException(
                $"{operation} is not available on this server (HTTP {status}{(error.Message is { } why ? $": {why}" : " with no body")}).", error, answer),
            AnswerKind.Unreadable => new StepflowTransportException(
                $"{operation}: the server's answer (HTTP {status}) could not be read: {answer.InnerException?.Message ?? "empty body"}", error, answer),
            AnswerKind.UnsupportedServer => new StepflowUnsupportedServerException($"{operation}: {error.Message}", error, answer),
            AnswerKind.NotFound => new StepflowNotFoundException(message, error, answer),
            AnswerKind.Conflict => new StepflowConflictException(message, error, answer),
            AnswerKind.InvalidFlow => new StepflowInvalidFlowException(
                $"{operation} failed: the flow has fatal problems{(error.Details.Count > 0 ? $" ({string.Join("; ", error.Details)})" : ".")}",
                null, error, answer),
            AnswerKind.InvalidRequest => new StepflowInvalidRequestException(message, error, answer),
            AnswerKind.Unauthorized => new StepflowUnauthorizedException(message, error, answer),
            AnswerKind.RateLimited => new StepflowRateLimitedException(message, error, answer),
            AnswerKind.ServerFailure => new StepflowServerException(message, error, answer),
            _ => new StepflowClientException(message, error, answer),
        };
    }
}
