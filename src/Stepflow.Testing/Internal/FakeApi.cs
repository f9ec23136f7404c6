using WireMock;

namespace Stepflow.Testing.Internal;

/// <summary>
/// The fake's HTTP entry point: one async WireMock callback that records each request, applies an injected fault,
/// and routes the URL space every generation shares (docs/server-api.md §5–§10) to the emulated generation's
/// <see cref="IWireDialect"/>, which parses, calls <see cref="FakeCore"/> and renders. The event stream is served
/// by a middleware in front of WireMock (FakeApi.Events.cs).
/// </summary>
internal sealed partial class FakeApi(IWireDialect wire, FakeCore core, FaultInjector faults, RequestLog log)
{
    /// <summary>The WireMock callback: records the request, applies an injected fault, or answers it.</summary>
    public async Task<IResponseMessage> HandleAsync(IRequestMessage message)
    {
        var request = IncomingRequest.From(message);
        log.Record(request);
        if (faults.Take(request) is { } fault)
        {
            return wire.ServiceError(request, fault.Status, fault.Message);
        }

        try
        {
            return await RouteAsync(request).ConfigureAwait(false);
        }
        catch (ReplyException early)
        {
            return early.Reply;
        }
#pragma warning disable CA1031 // A bug in a test's callback (validator, result) must come back as an answer, not kill the request.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return wire.ServiceError(request, 500, $"The Stepflow test server failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private Task<ResponseMessage> RouteAsync(IncomingRequest request) => request.Segments switch
    {
        // No trailing-slash or empty-segment variants: such paths are unknown routes on the server too (docs/server-api.md §2.1).
        null => Task.FromResult(Replies.GrpcFallback()),
        var segments when segments.Any(string.IsNullOrEmpty) => Task.FromResult(Replies.GrpcFallback()),
        ["health"] => Dispatch(request, Get(wire.Health)),
        ["components"] => Dispatch(request, Get(wire.ListComponents)),
        ["blobs"] => Dispatch(request, Post(wire.StoreBlob)),
        ["blobs", var blobId] => Dispatch(request, Get(r => wire.GetBlob(r, blobId))),
        ["flows"] => Dispatch(request, Post(wire.StoreFlow)),
        ["flows", var flowId] => Dispatch(request, Get(r => wire.GetFlow(r, flowId)), Delete(r => wire.DeleteFlow(r, flowId))),
        ["flows", var flowId, "variables"] => Dispatch(request, Get(r => wire.GetFlowVariables(r, flowId))),
        ["runs"] => Dispatch(request, Get(wire.ListRuns), new Endpoint("POST", wire.CreateRunAsync)),
        ["runs", var runId] => Dispatch(request, new Endpoint("GET", r => wire.GetRunAsync(r, runId)), Delete(r => wire.DeleteRun(r, runId))),
        ["runs", var runId, "items"] => Dispatch(request, Get(r => wire.GetRunItems(r, runId))),
        ["runs", var runId, "flow"] => Dispatch(request, Get(r => wire.GetRunFlow(r, runId))),
        ["runs", var runId, "steps"] => Dispatch(request, Get(r => wire.GetRunSteps(r, runId))),
        ["runs", var runId, "steps", var stepId] => Dispatch(request, Get(r => wire.GetStepDetail(r, runId, stepId))),
        ["runs", var runId, "cancel"] => Dispatch(request, Post(r => wire.CancelRun(r, runId))),
        ["runs", var runId, "events"] => Dispatch(request, new Endpoint("GET", r => EventsAsWholeBodyAsync(r, runId))),
        _ => Task.FromResult(Replies.GrpcFallback()),
    };

    /// <summary>One method of a route and what answers it.</summary>
    private sealed record Endpoint(string Method, Func<IncomingRequest, Task<ResponseMessage>> Answer);

    private static Endpoint Get(Func<IncomingRequest, ResponseMessage> answer) => new("GET", r => Task.FromResult(answer(r)));

    private static Endpoint Post(Func<IncomingRequest, ResponseMessage> answer) => new("POST", r => Task.FromResult(answer(r)));

    private static Endpoint Delete(Func<IncomingRequest, ResponseMessage> answer) => new("DELETE", r => Task.FromResult(answer(r)));

    /// <summary>Answers with the endpoint for the request's method (HEAD as GET where the generation does so), else the dialect's 405.</summary>
    private Task<ResponseMessage> Dispatch(IncomingRequest request, params Endpoint[] endpoints)
    {
        var method = request.Method == "HEAD" && wire.AnswersHeadLikeGet ? "GET" : request.Method;
        if (endpoints.FirstOrDefault(e => e.Method == method) is { } endpoint)
        {
            return endpoint.Answer(request);
        }

        var allowed = endpoints.Select(e => e.Method).ToList();
        if (wire.AnswersHeadLikeGet && allowed.Contains("GET"))
        {
            allowed.Insert(allowed.IndexOf("GET") + 1, "HEAD");
        }

        return Task.FromResult(wire.MethodNotAllowed(allowed));
    }
}
