namespace Stepflow.Api;

/// <summary>
/// The server has no such endpoint. Stepflow servers that share their port with gRPC answer unknown
/// routes with <c>200</c>, an empty body and <c>content-type: application/grpc</c> instead of 404;
/// older servers (0.11.1) answer 404 for endpoints they predate (step detail, events).
/// </summary>
public class StepflowEndpointNotSupportedException : StepflowApiException
{
    /// <summary>Creates the exception for a response that says the endpoint does not exist.</summary>
    public StepflowEndpointNotSupportedException(
        string requestUri,
        int statusCode,
        IReadOnlyDictionary<string, IEnumerable<string>> headers)
        : base($"The Stepflow server does not support {requestUri} (it may be an older or newer server version).",
               statusCode, null, headers, null)
    {
        RequestUri = requestUri;
    }

    /// <summary>The request path the server did not recognise.</summary>
    public string RequestUri { get; }
}
