using System.Globalization;
using System.Text.Json.Nodes;
using Wire = Stepflow.Api;

namespace Stepflow.Client.Protocol.V011;

/// <summary>Turns the 0.11 wire models into the SDK's model (<c>docs/server-api.md</c> §5–§10 for the shapes).</summary>
internal static class V011Mapper
{
    public static ServerHealth Health(Wire.HealthResponse health) => new()
    {
        Status = health.Status ?? string.Empty,
        // The server writes this timestamp with an offset (+00:00), not the Z form of its other times.
        Timestamp = DateTimeOffset.TryParse(health.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
        Version = health.Version,
        ApiGeneration = StepflowApiGeneration.V011,
    };

    public static ComponentList Components(Wire.ListComponentsResponse response) => new(
        [.. (response.Components ?? []).Select(c => new ComponentInfo
        {
            Path = c.Component,
            Description = c.Description,
            InputSchema = c.InputSchema,
            OutputSchema = c.OutputSchema,
        })],
        [.. (response.FailedPlugins ?? []).Select(f => new PluginFailure(f.Plugin, f.Error))]);

    public static StoreFlowResult StoredFlow(Wire.StoreFlowResponse response) =>
        new(response.FlowId, response.Stored, Diagnostics(response.Diagnostics));

    public static IReadOnlyList<Diagnostic> Diagnostics(Wire.Diagnostics? diagnostics) =>
        [.. (diagnostics?.Items ?? []).Select(d => new Diagnostic
        {
            Kind = d.Kind,
            Code = d.Code,
            Level = V011Values.FromWire(d.Level),
            Message = d.Formatted,
            Path = d.Path,
            Data = d.Data,
            Experimental = d.Experimental == true,
        })];

    /// <summary>A <c>{flow, flowId, allExamples?}</c> answer; <see langword="null"/> when it lacks the flow or its id.</summary>
    public static FlowDefinition? FlowDefinition(JsonNode body) =>
        body is JsonObject { } answer && answer["flow"] is JsonObject flow && answer["flowId"] is JsonValue id && id.TryGetValue(out string? flowId)
            ? new FlowDefinition
            {
                FlowId = flowId,
                Document = (JsonObject)flow.DeepClone(),
                Examples = answer["allExamples"] is JsonArray examples ? [.. examples.OfType<JsonObject>().Select(Example)] : [],
            }
            : null;

    private static FlowExample Example(JsonObject example) => new()
    {
        Name = Text(example["name"]) ?? string.Empty,
        Description = Text(example["description"]),
        Input = example["input"]?.DeepClone(),
    };

    /// <summary>
    /// Variables from the flow's variables schema (<c>properties</c> with <c>description</c>, <c>default</c>,
    /// <c>is_secret</c>, <c>env_var</c>; <c>required</c>) and the server's <c>envVars</c> map (<c>docs/server-api.md §7.6</c>).
    /// </summary>
    public static IReadOnlyList<FlowVariable> Variables(Wire.FlowVariablesResponse response)
    {
        var properties = response.Schema?["properties"] as JsonObject;
        var required = (response.Schema?["required"] as JsonArray)?.Select(Text).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
        var envVars = response.EnvVars ?? new Dictionary<string, string>();
        var names = (properties?.Select(p => p.Key) ?? []).Concat(envVars.Keys).Distinct(StringComparer.Ordinal);
        return [.. names.Select(name =>
        {
            var schema = properties?[name];
            return new FlowVariable
            {
                Name = name,
                Description = Text(schema?["description"]),
                DefaultValue = schema?["default"]?.DeepClone(),
                IsRequired = required.Contains(name),
                IsSecret = schema?["is_secret"] is JsonValue secret && secret.TryGetValue(out bool isSecret) && isSecret,
                EnvironmentVariable = envVars.TryGetValue(name, out var env) && !string.IsNullOrEmpty(env) ? env : Text(schema?["env_var"]),
                Schema = schema?.DeepClone(),
            };
        })];
    }

    public static Wire.WorkflowOverrides? Overrides(IReadOnlyDictionary<string, JsonNode?>? stepOverrides) =>
        stepOverrides is null or { Count: 0 }
            ? null
            : new Wire.WorkflowOverrides
            {
                Steps = stepOverrides.ToDictionary(p => p.Key, p => new Wire.StepOverride { Type = Wire.OverrideType.MergePatch, Value = p.Value?.DeepClone() },
                    StringComparer.Ordinal),
            };

    public static RunSummary Summary(Wire.CreateRunResponse run) => new(run.RunId, run.FlowId, run.FlowName, V011Values.FromWire(run.Status),
        Counts(run.Items), run.CreatedAt, run.CompletedAt, run.RootRunId, run.ParentRunId, run.OrchestratorId, run.CreatedAtSeqno, run.FinishedAtSeqno);

    public static RunSummary Summary(Wire.RunSummary run) => new(run.RunId, run.FlowId, run.FlowName, V011Values.FromWire(run.Status),
        Counts(run.Items), run.CreatedAt, run.CompletedAt, run.RootRunId, run.ParentRunId, run.OrchestratorId, run.CreatedAtSeqno, run.FinishedAtSeqno);

    public static IReadOnlyList<RunSummary> Summaries(IList<Wire.RunSummary>? runs) => runs is null ? [] : [.. runs.Select(Summary)];

    public static RunDetails Details(Wire.RunDetails run)
    {
        // A server that leaves itemDetails out reports no items (null), not an empty run.
        var items = run.ItemDetails ?? [];
        var runItems = new RunItem[items.Count];
        var stepCount = 0;
        foreach (var item in items)
        {
            stepCount += item.Steps.Count;
        }

        var steps = new StepRun[stepCount];
        var next = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var index = (int)item.ItemIndex;
            runItems[i] = new RunItem { ItemIndex = index, Input = item.Input, Status = V011Values.FromWire(item.Status), CompletedAt = item.CompletedAt };
            for (var s = 0; s < item.Steps.Count; s++)
            {
                // Steps come in flow order, so their position is the step index.
                steps[next++] = new StepRun { StepId = item.Steps[s].StepId, StepIndex = s, ItemIndex = index, Status = V011Values.FromWire(item.Steps[s].Status) };
            }
        }

        return new RunDetails(run.RunId, run.FlowId, run.FlowName, V011Values.FromWire(run.Status), Counts(run.Items), run.CreatedAt, run.CompletedAt,
            run.RootRunId, run.ParentRunId, run.OrchestratorId, run.CreatedAtSeqno, run.FinishedAtSeqno)
        {
            Steps = steps,
            Items = run.ItemDetails is null ? null : runItems,
            StepOverrides = run.Overrides?.Steps is { Count: > 0 } overrides
                ? overrides.ToDictionary(p => p.Key, p => p.Value?.Value, StringComparer.Ordinal)
                : null,
        };
    }

    public static IReadOnlyList<ItemResult> Items(IList<Wire.ItemResult>? items)
    {
        if (items is null)
        {
            return [];
        }

        var results = new ItemResult[items.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Item(items[i]);
        }

        return results;
    }

    public static ItemResult Item(Wire.ItemResult item)
    {
        var (outcome, output, error) = Result(item.Result);
        return new ItemResult
        {
            ItemIndex = (int)item.ItemIndex,
            Status = V011Values.FromWire(item.Status),
            Outcome = outcome,
            Output = output,
            Error = error,
            CompletedAt = item.CompletedAt,
        };
    }

    /// <summary>
    /// <c>GET /runs/{id}/steps</c>: one entry per step in flow order, without results (the server never fills them),
    /// for <paramref name="itemIndex"/> or summarized over every item.
    /// </summary>
    public static IReadOnlyList<StepRun> Steps(Wire.ListStepRunsResponse response, int? itemIndex) =>
        [.. (response.Steps ?? new Dictionary<string, Wire.StepRunResponse>()).Select((entry, index) => new StepRun
        {
            StepId = entry.Value.StepId ?? entry.Key,
            StepIndex = index,
            ItemIndex = itemIndex,
            Component = entry.Value.Component,
            Status = V011Values.FromWire(entry.Value.Status),
        })];

    public static StepRun Step(Wire.StepStatusEntry step)
    {
        var (outcome, output, error) = Result(step.Result);
        return new StepRun
        {
            StepId = step.StepId,
            StepIndex = (int)step.StepIndex,
            ItemIndex = (int)step.ItemIndex,
            Component = step.Component,
            Status = V011Values.FromWire(step.Status),
            Outcome = outcome,
            Output = output,
            Error = error,
            JournalSequence = step.JournalSeqno,
            UpdatedAt = step.UpdatedAt,
        };
    }

    /// <summary>The SDK's event for a known wire event; <see langword="null"/> for an event type the generated model does not know.</summary>
    public static RunEvent? Event(Wire.StatusEvent wire)
    {
        RunEvent? mapped = wire switch
        {
            Wire.StatusEventRunCreated e => new RunCreatedEvent { FlowId = e.FlowId, ItemCount = (int)e.ItemCount },
            Wire.StatusEventStepsNeeded e => new StepsNeededEvent { ItemIndex = (int)e.ItemIndex, StepIds = [.. e.StepIds ?? []] },
            Wire.StatusEventStepReady e => new StepReadyEvent { ItemIndex = (int)e.ItemIndex, StepIndex = (int)e.StepIndex, StepId = e.StepId },
            Wire.StatusEventStepStarted e => new StepStartedEvent
            {
                ItemIndex = (int)e.ItemIndex, StepIndex = (int)e.StepIndex, StepId = e.StepId, Attempt = (int)e.Attempt,
            },
            Wire.StatusEventStepCompleted e => StepCompleted(e),
            Wire.StatusEventItemCompleted e => ItemCompleted(e),
            Wire.StatusEventRunCompleted e => new RunCompletedEvent { Status = V011Values.FromWire(e.Status) },
            Wire.StatusEventSubRunCreated e => new SubRunCreatedEvent { ParentRunId = e.ParentRunId, FlowId = e.FlowId, ItemCount = (int)e.ItemCount },
            _ => null,
        };
        return mapped is null ? null : Stamp(mapped, wire);
    }

    private static StepCompletedEvent StepCompleted(Wire.StatusEventStepCompleted e)
    {
        var (outcome, output, error) = Result(e.Result);
        return new StepCompletedEvent
        {
            ItemIndex = (int)e.ItemIndex, StepIndex = (int)e.StepIndex, StepId = e.StepId, Status = V011Values.FromWire(e.Status),
            Outcome = outcome, Output = output, Error = error,
        };
    }

    private static ItemCompletedEvent ItemCompleted(Wire.StatusEventItemCompleted e)
    {
        var (outcome, output, error) = Result(e.Result);
        return new ItemCompletedEvent { ItemIndex = (int)e.ItemIndex, Outcome = outcome, Output = output, Error = error };
    }

    /// <summary>Sets the fields every event has; the subclasses' initializers cannot reach the base's from a switch arm.</summary>
    private static RunEvent Stamp(RunEvent target, Wire.StatusEvent wire)
    {
        target.SetCommon(wire.SequenceNumber, wire.Timestamp, wire.RunId);
        return target;
    }

    private static (ResultOutcome Outcome, JsonNode? Output, FlowError? Error) Result(Wire.FlowResult? result) => result switch
    {
        Wire.FlowResultSuccess success => (ResultOutcome.Succeeded, success.Result, null),
        Wire.FlowResultFailed failed => (ResultOutcome.Failed, null, Error(failed.Error)),
        _ => (ResultOutcome.Pending, null, null),
    };

    private static FlowError Error(Wire.FlowError? error) => new()
    {
        Code = error is null ? TaskErrorCode.Unspecified : V011Values.FromWire(error.Code),
        Message = error?.Message ?? string.Empty,
        Data = error?.Data,
    };

    private static RunItemCounts Counts(Wire.ItemStatistics? items) => items is null
        ? default
        : new((int)items.Total, (int)items.Completed, (int)items.Running, (int)items.Failed, (int)items.Cancelled);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
