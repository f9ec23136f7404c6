using System.Text.Json.Nodes;

namespace Stepflow.Testing.Internal;

internal sealed partial class V011Wire
{
    /// <summary>
    /// <c>GET /runs/{id}/events</c> on the 0.11 development builds: the run from the path, <c>since</c> (inclusive),
    /// <c>eventTypes</c> (snake_case names; present but empty matches none), <c>includeResults</c>; frames with
    /// <c>id:</c>, <c>event:</c> and <c>data:</c>, no keep-alives (docs/server-api.md §10).
    /// </summary>
    public EventSubscription OpenEventStream(IncomingRequest request, string pathRunId)
    {
        var id = ParseRunId(pathRunId);
        var since = request.QueryUnsigned("since") ?? 0;
        _ = request.QueryBool("includeSubRuns"); // The fake has no sub-runs; the flag is only checked for its form.
        var includeResults = request.QueryBool("includeResults") ?? false;
        var types = request.Query("eventTypes") is { } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : null;
        var run = RequireRun(id);
        return new EventSubscription(run, since, KeepAliveInterval: null, KeepAliveFrame: null, journalEvent =>
        {
            var name = EventName(journalEvent.Type);
            return types is null || types.Contains(name)
                ? $"id: {journalEvent.Sequence}\nevent: {name}\ndata: {ContentIds.CompactJson(EventData(journalEvent, name, includeResults))}\n\n"
                : null;
        });
    }

    private static string EventName(JournalEventType type) => type switch
    {
        JournalEventType.RunCreated => "run_created",
        JournalEventType.StepsNeeded => "steps_needed",
        JournalEventType.StepReady => "step_ready",
        JournalEventType.StepStarted => "step_started",
        JournalEventType.StepCompleted => "step_completed",
        JournalEventType.ItemCompleted => "item_completed",
        _ => "run_completed",
    };

    /// <summary>The <c>data:</c> payload: <c>{sequenceNumber, timestamp, event, runId, …fields, result?}</c>, flat and tagged by <c>event</c>.</summary>
    private static JsonObject EventData(JournalEvent journalEvent, string name, bool includeResults)
    {
        var data = new JsonObject
        {
            ["sequenceNumber"] = journalEvent.Sequence,
            ["timestamp"] = Timestamp(journalEvent.Timestamp),
            ["event"] = name,
            ["runId"] = journalEvent.RunId.ToString("D"),
        };
        switch (journalEvent.Type)
        {
            case JournalEventType.RunCreated:
                data["flowId"] = journalEvent.FlowId;
                data["itemCount"] = journalEvent.ItemCount;
                break;
            case JournalEventType.StepsNeeded:
                data["itemIndex"] = journalEvent.ItemIndex;
                data["stepIds"] = new JsonArray([.. journalEvent.StepIds.Select(id => (JsonNode)id)]);
                break;
            case JournalEventType.StepReady or JournalEventType.StepStarted or JournalEventType.StepCompleted:
                data["itemIndex"] = journalEvent.ItemIndex;
                data["stepIndex"] = journalEvent.StepIndex;
                data["stepId"] = journalEvent.StepId;
                if (journalEvent.Type == JournalEventType.StepStarted)
                {
                    data["attempt"] = journalEvent.Attempt;
                }
                else if (journalEvent.Type == JournalEventType.StepCompleted)
                {
                    data["status"] = journalEvent.StepStatus.ToString();
                }

                break;
            case JournalEventType.ItemCompleted:
                data["itemIndex"] = journalEvent.ItemIndex;
                break;
            case JournalEventType.RunCompleted:
                data["status"] = journalEvent.RunStatus.ToString();
                break;
        }

        if (includeResults && journalEvent.Result is not null)
        {
            data["result"] = FlowResult(journalEvent.Result);
        }

        return data;
    }
}
