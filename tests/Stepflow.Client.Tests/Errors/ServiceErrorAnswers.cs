using Stepflow.Client.Tests.Infrastructure;
using WireMock.ResponseBuilders;

namespace Stepflow.Client.Tests.Errors;

/// <summary>
/// Service errors as each generation sends them, for the error, fault and ecosystem tests: 0.11 sends its
/// <c>ErrorResponse</c> as <c>text/plain</c>, 0.12/0.13 send the envelope as <c>application/json</c>
/// (docs/server-api.md §3.1, §3.2). Framework rejections are plain text on both (§3.3) and need no helper.
/// </summary>
public static class ServiceErrorAnswers
{
    /// <summary>The content type a service error body carries on <paramref name="generation"/>.</summary>
    public static string ContentType(StepflowApiGeneration generation) =>
        generation == StepflowApiGeneration.V011 ? "text/plain; charset=utf-8" : "application/json";

    /// <summary>Answers <paramref name="method"/> <c>/api/v1{path}</c> with a service error body in the server's generation's content type.</summary>
    public static void ServiceError(this FakeServer server, string method, string path, int status, string body)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.Respond(method, path, status, body, ContentType(server.Generation));
    }

    /// <summary>The same answer as a WireMock response, for scripted sequences.</summary>
    public static IResponseBuilder Answer(StepflowApiGeneration generation, int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", ContentType(generation)).WithBody(body);
}
