using System.Text.Json.Nodes;

namespace Stepflow.Testing.Internal;

internal partial class V013Wire
{
    /// <summary>The comment the server writes after a quiet interval (docs/server-api.md §10.1).</summary>
    private const string KeepAlive = ": keep-alive\n\n";

    /// <summary>
    /// <c>GET /runs/{any}/events?runId=…</c>: the run comes only from the query (absent: 400 <c>invalid UUID: ''</c>;
    /// unknown: 404), <c>since</c> inclusive, <c>includeResults</c>, <c>includeSubRuns</c>; any <c>eventTypes</c> is a
    /// plain-text 400. Frames are one <c>data:</c> line each, with <c>: keep-alive</c> comments while idle (docs/server-api.md §10).
    /// </summary>
    public EventSubscription OpenEventStream(IncomingRequest request, string pathRunId)
    {
        if (QueryText(request, "eventTypes") is { } types)
        {
            // A repeated enum in the message, which a query string cannot fill.
            throw FrameworkRequests.BadQuery($"eventTypes: invalid type: string \"{types}\", expected a sequence");
        }

        var since = QueryUnsigned(request, "since") ?? 0;
        var includeResults = QueryBool(request, "includeResults") ?? false;
        _ = QueryBool(request, "includeSubRuns"); // The fake has no sub-runs: only the run's own events exist.
        var text = QueryText(request, "runId") ?? string.Empty;
        var run = RequireRun(ParseRunId(text), text);
        return new EventSubscription(run, since, Core.Settings.KeepAliveInterval, KeepAlive,
            journalEvent => Payload(journalEvent, includeResults) is { } payload ? $"data: {ContentIds.CompactJson(payload)}\n\n" : null);
    }

    /// <summary>
    /// <c>{sequenceNumber, timestamp, event: {Variant: {runId, …}}}</c>, externally tagged by a PascalCase variant;
    /// null for <c>ItemCompleted</c>, which 0.13 never emits (docs/server-api.md §10.2).
    /// </summary>
    private static JsonObject? Payload(JournalEvent journalEvent, bool includeResults)
    {
        var fields = new JsonObject { ["runId"] = journalEvent.RunId.ToString("D") };
        string variant;
        switch (journalEvent.Type)
        {
            case JournalEventType.RunCreated:
                variant = "RunCreated";
                fields["flowId"] = journalEvent.FlowId;
                fields["itemCount"] = journalEvent.ItemCount;
                break;
            case JournalEventType.StepsNeeded:
                variant = "StepsNeeded";
                fields["itemIndex"] = journalEvent.ItemIndex;
                fields["stepIds"] = new JsonArray([.. journalEvent.StepIds.Select(id => (JsonNode)id)]);
                break;
            case JournalEventType.StepReady or JournalEventType.StepStarted or JournalEventType.StepCompleted:
                variant = journalEvent.Type.ToString();
                fields["itemIndex"] = journalEvent.ItemIndex;
                fields["stepIndex"] = journalEvent.StepIndex;
                if (journalEvent.StepId is not null)
                {
                    fields["stepId"] = journalEvent.StepId;
                }

                if (journalEvent.Type == JournalEventType.StepStarted)
                {
                    fields["attempt"] = journalEvent.Attempt;
                }
                else if (journalEvent.Type == JournalEventType.StepCompleted)
                {
                    fields["status"] = ProtoJson.Status(journalEvent.StepStatus);
                    if (includeResults && journalEvent.Result is { IsSuccess: true } success)
                    {
                        fields["result"] = ProtoJson.Struct(success.Output);
                    }
                }

                break;
            case JournalEventType.RunCompleted:
                variant = "RunCompleted";
                fields["status"] = ProtoJson.Status(journalEvent.RunStatus);
                break;
            default:
                return null;
        }

        return new JsonObject
        {
            ["sequenceNumber"] = journalEvent.Sequence,
            ["timestamp"] = ProtoJson.Timestamp(journalEvent.Timestamp),
            ["event"] = new JsonObject { [variant] = fields },
        };
    }
}
