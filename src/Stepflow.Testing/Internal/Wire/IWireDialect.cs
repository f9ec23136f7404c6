using WireMock;

namespace Stepflow.Testing.Internal;

/// <summary>
/// One server generation's wire: how it reads requests (query names and types, bodies, ids) and writes answers
/// (JSON shapes, enums, timestamps, error bodies, event frames). <see cref="FakeApi"/> routes each request of the
/// shared URL space to one of these methods; each implementation parses, calls the shared behaviour in
/// <see cref="FakeCore"/>, and renders the outcome. No implementation keeps state or behaviour of its own.
/// </summary>
/// <remarks>
/// <see cref="V011Wire"/> speaks like the 0.11 line, <see cref="V013Wire"/> like 0.13 and <see cref="V012Wire"/>
/// like 0.12, which differs from 0.13 only in component entries (docs/server-api.md §12.3).
/// </remarks>
internal interface IWireDialect
{
    /// <summary>The generation this dialect speaks.</summary>
    StepflowServerEmulation Emulation { get; }

    /// <summary>Whether a GET route also answers <c>HEAD</c> (0.12/0.13, docs/server-api.md §2.3).</summary>
    bool AnswersHeadLikeGet { get; }

    /// <summary>The answer for a known path with a method it does not have.</summary>
    ResponseMessage MethodNotAllowed(IReadOnlyList<string> allowedMethods);

    /// <summary>An error in this generation's service-error shape: for an injected fault, or the fake's own failure.</summary>
    ResponseMessage ServiceError(IncomingRequest request, int status, string message);

    ResponseMessage Health(IncomingRequest request);

    ResponseMessage ListComponents(IncomingRequest request);

    ResponseMessage StoreBlob(IncomingRequest request);

    ResponseMessage GetBlob(IncomingRequest request, string blobId);

    ResponseMessage StoreFlow(IncomingRequest request);

    ResponseMessage GetFlow(IncomingRequest request, string flowId);

    ResponseMessage DeleteFlow(IncomingRequest request, string flowId);

    ResponseMessage GetFlowVariables(IncomingRequest request, string flowId);

    Task<ResponseMessage> CreateRunAsync(IncomingRequest request);

    ResponseMessage ListRuns(IncomingRequest request);

    Task<ResponseMessage> GetRunAsync(IncomingRequest request, string runId);

    ResponseMessage DeleteRun(IncomingRequest request, string runId);

    ResponseMessage GetRunItems(IncomingRequest request, string runId);

    ResponseMessage GetRunFlow(IncomingRequest request, string runId);

    ResponseMessage GetRunSteps(IncomingRequest request, string runId);

    ResponseMessage GetStepDetail(IncomingRequest request, string runId, string stepId);

    ResponseMessage CancelRun(IncomingRequest request, string runId);

    /// <summary>
    /// Reads an events request (<paramref name="pathRunId"/> is the path segment, which 0.12/0.13 ignore) into what
    /// the stream needs; throws <see cref="ReplyException"/> with the error answer when it cannot be streamed.
    /// </summary>
    EventSubscription OpenEventStream(IncomingRequest request, string pathRunId);
}

/// <summary>An event stream about to be served: which run, from where, and how to write it.</summary>
/// <param name="Run">The run whose journal is followed.</param>
/// <param name="Since">The first sequence number to send (inclusive).</param>
/// <param name="KeepAliveInterval">Silence after which <paramref name="KeepAliveFrame"/> is written; null for none.</param>
/// <param name="KeepAliveFrame">The keep-alive comment, when the generation sends one.</param>
/// <param name="Frame">The SSE frame of an event, or null for an event this request does not get.</param>
internal sealed record EventSubscription(RunState Run, ulong Since, TimeSpan? KeepAliveInterval, string? KeepAliveFrame, Func<JournalEvent, string?> Frame);

/// <summary>Creates the dialect of a generation.</summary>
internal static class WireDialects
{
    public static IWireDialect Create(StepflowServerEmulation emulation, FakeCore core) => emulation switch
    {
        StepflowServerEmulation.V0_11 => new V011Wire(core),
        StepflowServerEmulation.V0_12 => new V012Wire(core),
        StepflowServerEmulation.V0_13 => new V013Wire(core),
        _ => throw new ArgumentOutOfRangeException(nameof(emulation), emulation, "Not a known server generation."),
    };
}
