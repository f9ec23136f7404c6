using System.Globalization;
using System.Text.Json.Nodes;

namespace Stepflow.Client.Protocol.V012;

/// <summary>The 0.12/0.13 answers, mapped into the SDK's model (docs/server-api.md §4–§9).</summary>
internal static class V012Mapper
{
    public static ServerHealth Health(V012Health health) => new()
    {
        Status = health.Status ?? string.Empty,
        Timestamp = Time(health.Timestamp),
        Version = health.Version,
        Build = health.Build is { } build
            ? new ServerBuild
            {
                GitVersion = build.GitVersion,
                Dirty = build.Dirty,
                RustcVersion = build.RustcVersion,
                Profile = build.Profile,
                Features = build.Features ?? [],
                Target = build.Target,
            }
            : null,
        ApiGeneration = StepflowApiGeneration.V012,
    };

    /// <summary>Both entry shapes: 0.12's <c>component</c>, 0.13's <c>componentId</c>/<c>path</c>/<c>plugin</c> (docs/server-api.md §6).</summary>
    public static ComponentList Components(V012Components response) => new(
        [.. (response.Components ?? []).Select(c => new ComponentInfo
        {
            Path = c.Path ?? c.ComponentId ?? c.Component ?? string.Empty,
            Description = c.Description,
            InputSchema = V012Values.Integral(c.InputSchema),
            OutputSchema = V012Values.Integral(c.OutputSchema),
            Plugin = c.Plugin,
        })],
        [.. (response.FailedPlugins ?? []).Select(f => new PluginFailure(f.Plugin ?? string.Empty, f.Error ?? string.Empty))]);

    public static StoreFlowResult StoredFlow(V012StoreFlowResponse response) =>
        new(response.FlowId ?? string.Empty, response.Stored, Diagnostics(response.Diagnostics));

    public static IReadOnlyList<Diagnostic> Diagnostics(V012Diagnostics? diagnostics) =>
        [.. (diagnostics?.Diagnostics ?? []).Select(d => new Diagnostic
        {
            Kind = d.Kind ?? string.Empty,
            Code = d.Code,
            Level = V012Values.LevelOf(d.Level),
            Message = d.Formatted ?? string.Empty,
            Path = d.Path,
            Data = V012Values.Integral(d.Data),
            Experimental = d.Experimental,
        })];

    /// <summary>A <c>{flow, flowId, allExamples}</c> answer; <see langword="null"/> when it lacks the flow or its id.</summary>
    public static FlowDefinition? FlowDefinition(JsonNode body) =>
        body is JsonObject answer && answer["flow"] is JsonObject flow && answer["flowId"] is JsonValue id && id.TryGetValue(out string? flowId)
            ? new FlowDefinition
            {
                FlowId = flowId,
                Document = V012Values.Integral((JsonObject)flow.DeepClone()),
                Examples = answer["allExamples"] is JsonArray examples ? [.. examples.OfType<JsonObject>().Select(Example)] : [],
            }
            : null;

    private static FlowExample Example(JsonObject example) => new()
    {
        Name = Text(example["name"]) ?? string.Empty,
        Description = Text(example["description"]),
        Input = V012Values.Integral(example["input"]?.DeepClone()),
    };

    /// <summary>
    /// One entry per declared variable. 0.13 fills neither <c>description</c> nor <c>schema</c> and has no secret
    /// marker (docs/server-api.md §7.6): those read as absent.
    /// </summary>
    public static IReadOnlyList<FlowVariable> Variables(V012FlowVariables response) =>
        [.. (response.Variables ?? []).Select(entry => new FlowVariable
        {
            Name = entry.Key,
            Description = entry.Value.Description,
            DefaultValue = V012Values.Integral(entry.Value.DefaultValue),
            IsRequired = entry.Value.Required,
            EnvironmentVariable = string.IsNullOrEmpty(entry.Value.EnvVar) ? null : entry.Value.EnvVar,
            Schema = V012Values.Integral(entry.Value.Schema),
        })];

    public static RunSummary Summary(V012RunSummary? run)
    {
        run = Require(run, "summary");
        return new RunSummary(Id(run.RunId, "runId"), run.FlowId ?? string.Empty, run.FlowName, V012Values.RunStatusOf(run.Status), Counts(run.Items),
            Time(run.CreatedAt) ?? default, Time(run.CompletedAt), Id(run.RootRunId, "rootRunId"), OptionalId(run.ParentRunId), run.OrchestratorId,
            run.CreatedAtSeqno, run.FinishedAtSeqno);
    }

    public static IReadOnlyList<RunSummary> Summaries(List<V012RunSummary>? runs) => runs is null ? [] : [.. runs.Select(Summary)];

    /// <summary>
    /// <c>GET /runs/{id}</c>: the summary and every recorded step row. 0.12/0.13 keep no per-item inputs, so
    /// <see cref="RunDetails.Items"/> is <see langword="null"/> (docs/server-api.md §8.2).
    /// </summary>
    public static RunDetails Details(V012GetRunResponse response)
    {
        var run = Require(response.Summary, "summary");
        return new RunDetails(Id(run.RunId, "runId"), run.FlowId ?? string.Empty, run.FlowName, V012Values.RunStatusOf(run.Status), Counts(run.Items),
            Time(run.CreatedAt) ?? default, Time(run.CompletedAt), Id(run.RootRunId, "rootRunId"), OptionalId(run.ParentRunId), run.OrchestratorId,
            run.CreatedAtSeqno, run.FinishedAtSeqno)
        {
            Steps = Steps(response.Steps),
        };
    }

    public static IReadOnlyList<ItemResult> Items(List<V012ItemResult>? items)
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

    /// <summary>Success is status 2 with <c>output</c>; failure status 3 with <c>errorMessage</c>/<c>errorCode</c>; anything else is pending.</summary>
    public static ItemResult Item(V012ItemResult item)
    {
        var status = V012Values.RunStatusOf(item.Status);
        var (outcome, output, error) = Result(status == RunStatus.Completed, status == RunStatus.Failed || item.ErrorMessage is not null,
            item.Output, item.ErrorMessage, item.ErrorCode);
        return new ItemResult
        {
            ItemIndex = item.ItemIndex,
            Status = status,
            Outcome = outcome,
            Output = output,
            Error = error,
            CompletedAt = Time(item.CompletedAt),
        };
    }

    public static IReadOnlyList<StepRun> Steps(List<V012StepStatus>? steps)
    {
        if (steps is null)
        {
            return [];
        }

        var rows = new StepRun[steps.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = Step(steps[i]);
        }

        return rows;
    }

    /// <summary>A step row; 0.12/0.13 never send its start or end time (docs/server-api.md §8.5).</summary>
    public static StepRun Step(V012StepStatus? step)
    {
        step = Require(step, "step");
        var status = V012Values.StepStatusOf(step.Status);
        var (outcome, output, error) = Result(status == StepStatus.Completed, status == StepStatus.Failed || step.ErrorMessage is not null,
            step.Output, step.ErrorMessage, step.ErrorCode);
        return new StepRun
        {
            StepId = step.StepId ?? string.Empty,
            StepIndex = step.StepIndex,
            ItemIndex = step.ItemIndex,
            Component = step.Component,
            Status = status,
            Outcome = outcome,
            Output = output,
            Error = error,
            JournalSequence = step.JournalSeqno,
            UpdatedAt = Time(step.UpdatedAt),
        };
    }

    public static BlobData Blob(V012Blob blob, string requestedId) => new()
    {
        BlobId = blob.BlobId ?? requestedId,
        BlobType = string.IsNullOrEmpty(blob.BlobType) ? BlobType.Data : new BlobType(blob.BlobType),
        // Blob JSON is plain JSON on every generation: integers and key order are kept (docs/server-api.md §9.2).
        Data = blob.Data,
        Filename = blob.Filename,
    };

    public static DateTimeOffset? Time(string? text) =>
        !string.IsNullOrEmpty(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;

    private static (ResultOutcome Outcome, JsonNode? Output, FlowError? Error) Result(bool succeeded, bool failed, JsonNode? output, string? message,
        WireEnum? code) =>
        // The wire output was repaired as it was read (IntegralNodeConverter).
        succeeded && message is null ? (ResultOutcome.Succeeded, output, null)
        : failed ? (ResultOutcome.Failed, null, new FlowError
        {
            Code = code is { } wire ? V012Values.ErrorCodeOf(wire) : TaskErrorCode.Unspecified,
            Message = message ?? string.Empty,
        })
        : (ResultOutcome.Pending, null, null);

    private static RunItemCounts Counts(V012ItemStatistics? items) =>
        items is null ? default : new(items.Total, items.Completed, items.Running, items.Failed, items.Cancelled);

    private static T Require<T>(T? value, string name)
        where T : class =>
        value ?? throw new System.Text.Json.JsonException($"The answer has no '{name}'.");

    private static Guid Id(WireId wire, string name) =>
        wire.Value ?? throw new System.Text.Json.JsonException($"'{name}' is not a run id: '{wire.Text}'.");

    private static Guid? OptionalId(WireId wire) => wire.Value;

    private static DateTimeOffset? Time(WireTime wire) => wire.Value;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
