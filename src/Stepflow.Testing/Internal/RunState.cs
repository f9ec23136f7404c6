using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Internal;

/// <summary>
/// One run: its items, its journal and its status. Every member is read and changed only under the store's
/// lock, so a reader always sees a consistent run.
/// </summary>
internal sealed class RunState
{
    public const string OrchestratorId = "stepflow-test-server";

    private readonly List<JournalEvent> _journal = [];
    private long _nextSequence;

    public RunState(Guid id, long order, FlowInfo flow, IReadOnlyList<JsonNode?> inputs, DateTimeOffset createdAt,
        JsonNode? overrides, JsonObject? variables, long? maxConcurrency, CancellationToken disposal)
    {
        Id = id;
        Order = order;
        Flow = flow;
        CreatedAt = createdAt;
        Overrides = overrides;
        Variables = variables;
        MaxConcurrency = maxConcurrency;
        Items = [.. inputs.Select((input, i) => new ItemState(i, input, flow.StepIds.Count))];
        Execution = CancellationTokenSource.CreateLinkedTokenSource(disposal);
    }

    public Guid Id { get; }

    /// <summary>Creation order, to sort runs created within the same clock tick.</summary>
    public long Order { get; }

    public FlowInfo Flow { get; }

    public DateTimeOffset CreatedAt { get; }

    public JsonNode? Overrides { get; }

    public JsonObject? Variables { get; }

    public long? MaxConcurrency { get; }

    public IReadOnlyList<ItemState> Items { get; }

    public RunStatus Status { get; set; } = RunStatus.Running;

    public DateTimeOffset? CompletedAt { get; set; }

    public long? FinishedAtSequence { get; set; }

    /// <summary>Stops the simulated execution (cancel, or the server being disposed).</summary>
    public CancellationTokenSource Execution { get; }

    public bool IsTerminal => Status.IsTerminal;

    public IReadOnlyList<JournalEvent> Journal => _journal;

    /// <summary>Appends events that share one journal sequence number (a batch); returns it.</summary>
    public long Append(DateTimeOffset now, params (string Type, JsonObject Fields, ItemOutcome? Result)[] events)
    {
        var sequence = _nextSequence++;
        foreach (var (type, fields, result) in events)
        {
            _journal.Add(new JournalEvent(sequence, now, type, Id, fields, result));
        }

        return sequence;
    }

    /// <summary>The <c>RunSummary</c> fields. <c>CreateRunResponse</c> never has orchestratorId or finishedAtSeqno (docs/server-api.md §8.1).</summary>
    public JsonObject ToSummary(bool forCreateResponse = false)
    {
        var json = new JsonObject
        {
            ["runId"] = Id.ToString("D"),
            ["flowId"] = Flow.FlowId,
            ["flowName"] = Flow.Name,                                   // Always present, maybe null.
            ["status"] = Status.ToString(),
            ["items"] = Statistics(),
            ["createdAt"] = WireJson.Timestamp(CreatedAt),
            ["completedAt"] = CompletedAt is { } done ? WireJson.Timestamp(done) : null, // Always present, maybe null.
            ["rootRunId"] = Id.ToString("D"),
        };
        if (!forCreateResponse)
        {
            json["orchestratorId"] = OrchestratorId;
        }

        json["createdAtSeqno"] = 0;
        if (!forCreateResponse && FinishedAtSequence is { } finished)
        {
            json["finishedAtSeqno"] = finished;
        }

        return json;
    }

    /// <summary><c>RunDetails</c>: the summary flattened, plus item details and overrides.</summary>
    public JsonObject ToDetails()
    {
        var json = ToSummary();
        json["itemDetails"] = new JsonArray([.. Items.Select(item =>
        {
            var detail = new JsonObject
            {
                ["itemIndex"] = item.Index,
                ["input"] = item.Input?.DeepClone(),
                ["status"] = item.Status.ToString(),
                ["steps"] = new JsonArray([.. Flow.StepIds.Select((stepId, i) => (JsonNode)new JsonObject
                {
                    ["stepId"] = stepId,
                    ["status"] = item.Steps[i].Status.ToString(),
                })]),
            };
            if (item.CompletedAt is { } done)
            {
                detail["completedAt"] = WireJson.Timestamp(done);
            }

            return (JsonNode)detail;
        })]);
        if (Overrides is not null)
        {
            json["overrides"] = Overrides.DeepClone();
        }

        return json;
    }

    /// <summary>An item's result; an item without one reports <c>running</c>, even in a cancelled run (docs/server-api.md §8.4).</summary>
    public static JsonObject ToItemResult(ItemState item)
    {
        var json = new JsonObject
        {
            ["itemIndex"] = item.Index,
            ["status"] = (item.Result is null ? RunStatus.Running : item.Status).ToString(),
        };
        if (item.Result is not null)
        {
            json["result"] = WireJson.FlowResult(item.Result);
        }

        if (item.CompletedAt is { } done)
        {
            json["completedAt"] = WireJson.Timestamp(done);
        }

        return json;
    }

    public JsonArray ItemResults() => new([.. Items.Select(item => (JsonNode)ToItemResult(item))]);

    private JsonObject Statistics() => new()
    {
        ["total"] = Items.Count,
        ["completed"] = Items.Count(i => i.Status == RunStatus.Completed),
        ["running"] = Items.Count(i => i.Status == RunStatus.Running),
        ["failed"] = Items.Count(i => i.Status == RunStatus.Failed),
        ["cancelled"] = Items.Count(i => i.Status == RunStatus.Cancelled),
    };
}
