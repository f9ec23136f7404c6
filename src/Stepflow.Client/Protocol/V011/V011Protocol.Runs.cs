using Wire = Stepflow.Api;

namespace Stepflow.Client.Protocol.V011;

internal sealed partial class V011Protocol
{
    /// <summary><c>POST /runs</c>: 202 at once, or 200 with every item's result when the server waited (<c>docs/server-api.md §8.1</c>).</summary>
    public async Task<CreatedRun> CreateRunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var body = new Wire.CreateRunRequest
        {
            FlowId = request.FlowId,
            Input = [.. request.Inputs],
            Variables = request.Variables is null ? null : new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(request.Variables, StringComparer.Ordinal),
            Overrides = V011Mapper.Overrides(request.StepOverrides),
            MaxConcurrency = request.MaxConcurrency,
            Wait = request.Wait is not null,
            TimeoutSecs = request.Wait is { } wait ? WholeSeconds(wait) : null,
        };
        var created = await _runs.CreateRunAsync(body, cancellationToken).ConfigureAwait(false);
        return new CreatedRun(V011Mapper.Summary(created), created.Results is { } results ? V011Mapper.Items(results) : null);
    }

    public async Task<RunDetails> GetRunAsync(Guid runId, TimeSpan? wait, CancellationToken cancellationToken)
    {
        if (wait is not { } window)
        {
            return V011Mapper.Details(await _runs.GetRunAsync(runId, null, null, cancellationToken).ConfigureAwait(false));
        }

        try
        {
            return V011Mapper.Details(await _runs.GetRunAsync(runId, true, WholeSeconds(window), cancellationToken).ConfigureAwait(false));
        }
        catch (Wire.StepflowApiException failure) when (failure.StatusCode == 500 && !cancellationToken.IsCancellationRequested)
        {
            // A waiting GET on an unknown run fails with 500 instead of 404 (docs/server-api.md §8.3): ask without
            // waiting, which reports a missing run as not found; a run that exists keeps the original failure.
            await _runs.GetRunAsync(runId, null, null, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    public async Task<IReadOnlyList<ItemResult>> GetRunItemsAsync(Guid runId, CancellationToken cancellationToken) =>
        V011Mapper.Items((await _runs.GetRunItemsAsync(runId, cancellationToken).ConfigureAwait(false)).Items);

    public async Task<IReadOnlyList<StepRun>> GetRunStepsAsync(Guid runId, int? itemIndex, CancellationToken cancellationToken) =>
        V011Mapper.Steps(await _runs.GetRunStepsAsync(runId, itemIndex, cancellationToken).ConfigureAwait(false), itemIndex);

    public async Task<StepRun> GetStepDetailAsync(Guid runId, string stepId, int? itemIndex, long? asOf, CancellationToken cancellationToken) =>
        V011Mapper.Step(await _runs.GetStepDetailAsync(runId, stepId, itemIndex, asOf, cancellationToken).ConfigureAwait(false));

    public async Task<RunSummary> CancelRunAsync(Guid runId, CancellationToken cancellationToken) =>
        V011Mapper.Summary(await _runs.CancelRunAsync(runId, cancellationToken).ConfigureAwait(false));

    public Task DeleteRunAsync(Guid runId, CancellationToken cancellationToken) =>
        _runs.DeleteRunAsync(runId, cancellationToken);

    public async Task<IReadOnlyList<RunSummary>> ListRunsAsync(RunQuery query, long? limit, long? offset, CancellationToken cancellationToken)
    {
        var status = query.Status is { } wanted ? V011Values.ToWire(wanted) : (Wire.ExecutionStatus?)null;
        var response = await _runs.ListRunsAsync(status, query.FlowName, query.RootRunId, query.ParentRunId,
            query.RootsOnly ? true : null, query.MaxDepth, limit, offset, cancellationToken).ConfigureAwait(false);
        return V011Mapper.Summaries(response.Runs);
    }

    private static long WholeSeconds(TimeSpan wait) => (long)Math.Ceiling(wait.TotalSeconds);
}
