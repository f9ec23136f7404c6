using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>One status event of a run's journal, as the events endpoint replays it.</summary>
/// <param name="Sequence">Journal sequence number; events of one batch share it, as on the server.</param>
/// <param name="Timestamp">When it was journaled.</param>
/// <param name="Type">The snake_case event name (<c>run_created</c>, <c>step_completed</c>…).</param>
/// <param name="RunId">The run the event belongs to.</param>
/// <param name="Fields">The event's own fields, in wire order, without the common ones and without the result.</param>
/// <param name="Result">The outcome, sent only when the client asks with <c>includeResults=true</c>.</param>
internal sealed record JournalEvent(long Sequence, DateTimeOffset Timestamp, string Type, Guid RunId, JsonObject Fields, ItemOutcome? Result)
{
    /// <summary>The <c>data:</c> payload: <c>{sequenceNumber, timestamp, event, runId, …fields, result?}</c>.</summary>
    public JsonObject ToData(bool includeResults)
    {
        var data = new JsonObject
        {
            ["sequenceNumber"] = Sequence,
            ["timestamp"] = WireJson.Timestamp(Timestamp),
            ["event"] = Type,
            ["runId"] = RunId.ToString("D"),
        };
        foreach (var (key, value) in Fields)
        {
            data[key] = value?.DeepClone();
        }

        if (includeResults && Result is not null)
        {
            data["result"] = WireJson.FlowResult(Result);
        }

        return data;
    }

    /// <summary>The SSE frame: <c>id:</c>, <c>event:</c>, single-line <c>data:</c>, blank line (docs/server-api.md §10.1).</summary>
    public string ToFrame(bool includeResults) =>
        $"id: {Sequence}\nevent: {Type}\ndata: {ContentIds.CompactJson(ToData(includeResults))}\n\n";
}
