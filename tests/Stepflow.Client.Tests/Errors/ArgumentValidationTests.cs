using System.Text.Json.Nodes;
using Stepflow.Client.Tests.Infrastructure;

namespace Stepflow.Client.Tests.Errors;

/// <summary>Every method checks its arguments before sending anything, whichever generation's protocol would send it.</summary>
public abstract class ArgumentValidationTests(StepflowApiGeneration generation) : GenerationTest(generation)
{
    private static readonly Guid Run = Infrastructure.Samples.RunId;
    private static readonly string Flow = Infrastructure.Samples.FlowId;

    /// <summary>A call with bad arguments, and the parameter name the exception must carry.</summary>
    private sealed record Case(string ParamName, Func<StepflowClient, CancellationToken, Task> Call);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["GetRun empty id"] = new("runId", (c, t) => c.GetRunAsync(Guid.Empty, t)),
        ["GetRun waiting, empty id"] = new("runId", (c, t) => c.LongPollRunAsync(Guid.Empty, TimeSpan.FromSeconds(5), t)),
        ["GetRun negative wait"] = new("maxWait", (c, t) => c.LongPollRunAsync(Run, TimeSpan.FromSeconds(-1), t)),
        ["GetRunItems empty id"] = new("runId", (c, t) => c.GetRunItemsAsync(Guid.Empty, t)),
        ["GetRunSteps empty id"] = new("runId", (c, t) => c.GetRunStepsAsync(Guid.Empty, null, t)),
        ["GetRunSteps negative item"] = new("itemIndex", (c, t) => c.GetRunStepsAsync(Run, -1, t)),
        ["GetStepDetail empty id"] = new("runId", (c, t) => c.GetStepDetailAsync(Guid.Empty, "hello", cancellationToken: t)),
        ["GetStepDetail null step"] = new("stepId", (c, t) => c.GetStepDetailAsync(Run, null!, cancellationToken: t)),
        ["GetStepDetail empty step"] = new("stepId", (c, t) => c.GetStepDetailAsync(Run, "", cancellationToken: t)),
        ["GetStepDetail blank step"] = new("stepId", (c, t) => c.GetStepDetailAsync(Run, "  ", cancellationToken: t)),
        ["GetStepDetail negative item"] = new("itemIndex", (c, t) => c.GetStepDetailAsync(Run, "hello", itemIndex: -1, cancellationToken: t)),
        ["GetStepDetail negative asOf"] = new("asOf", (c, t) => c.GetStepDetailAsync(Run, "hello", asOf: -1, cancellationToken: t)),
        ["GetRunFlow empty id"] = new("runId", (c, t) => c.GetRunFlowAsync(Guid.Empty, t)),
        ["CancelRun empty id"] = new("runId", (c, t) => c.CancelRunAsync(Guid.Empty, t)),
        ["DeleteRun empty id"] = new("runId", (c, t) => c.DeleteRunAsync(Guid.Empty, t)),
        ["CreateRun null flow"] = new("flowId", (c, t) => c.CreateRunAsync(null!, 1, cancellationToken: t)),
        ["CreateRun blank flow"] = new("flowId", (c, t) => c.CreateRunAsync(" ", 1, cancellationToken: t)),
        ["CreateRun zero concurrency"] = new("options", (c, t) => c.CreateRunAsync(Flow, 1, new RunOptions { MaxConcurrency = 0 }, t)),
        ["CreateBatchRun empty flow"] = new("flowId", (c, t) => c.CreateBatchRunAsync("", [1], cancellationToken: t)),
        ["CreateBatchRun null inputs"] = new("inputs", (c, t) => c.CreateBatchRunAsync(Flow, null!, cancellationToken: t)),
        ["CreateBatchRun no inputs"] = new("inputs", (c, t) => c.CreateBatchRunAsync(Flow, [], cancellationToken: t)),
        ["StoreFlow null"] = new("flow", (c, t) => c.StoreFlowAsync(null!, cancellationToken: t)),
        ["GetFlow null"] = new("flowId", (c, t) => c.GetFlowAsync(null!, t)),
        ["GetFlow empty"] = new("flowId", (c, t) => c.GetFlowAsync("", t)),
        ["GetFlow blank"] = new("flowId", (c, t) => c.GetFlowAsync("\t ", t)),
        ["DeleteFlow blank"] = new("flowId", (c, t) => c.DeleteFlowAsync(" ", t)),
        ["GetFlowVariables empty"] = new("flowId", (c, t) => c.GetFlowVariablesAsync("", t)),
        ["GetVariablesFromEnvironment null"] = new("flowId", (c, t) => c.GetVariablesFromEnvironmentAsync(null!, t)),
        ["GetBlob null"] = new("blobId", (c, t) => c.GetBlobAsync(null!, t)),
        ["GetBlob empty"] = new("blobId", (c, t) => c.GetBlobAsync("", t)),
        ["DownloadBlob blank"] = new("blobId", (c, t) => c.DownloadBlobAsync("  ", t)),
        ["StoreBlob binary"] = new("blobType", (c, t) => c.StoreBlobAsync(JsonValue.Create(1), BlobType.Binary, cancellationToken: t)),
        ["StoreBlob unknown type"] = new("blobType", (c, t) => c.StoreBlobAsync(JsonValue.Create(1), default(BlobType), cancellationToken: t)),
        ["StoreBinaryBlob null stream"] = new("content", (c, t) => c.StoreBinaryBlobAsync(null!, cancellationToken: t)),
        ["StoreBinaryBlob closed stream"] = new("content", (c, t) => c.StoreBinaryBlobAsync(ClosedStream(), cancellationToken: t)),
        ["StoreBinaryBlob newline filename"] = new("filename", (c, t) => c.StoreBinaryBlobAsync(new MemoryStream([1]), "a\r\nX-Evil: 1", t)),
        ["ListRuns negative limit"] = new("Limit", (c, t) => c.ListRunsAsync(new RunQuery { Limit = -1 }, t)),
        ["ListRuns negative offset"] = new("Offset", (c, t) => c.ListRunsAsync(new RunQuery { Offset = -1 }, t)),
        ["ListRuns negative depth"] = new("MaxDepth", (c, t) => c.ListRunsAsync(new RunQuery { MaxDepth = -1 }, t)),
        ["ListRuns unknown status"] = new("query", (c, t) => c.ListRunsAsync(new RunQuery { Status = default(RunStatus) }, t)),
        ["GetAllRuns negative limit"] = new("Limit", (c, t) => Drain(c.GetAllRunsAsync(new RunQuery { Limit = -1 }, t))),
        ["GetAllRuns negative offset"] = new("Offset", (c, t) => Drain(c.GetAllRunsAsync(new RunQuery { Offset = -2 }, t))),
        ["GetAllRuns unknown status"] = new("query", (c, t) => Drain(c.GetAllRunsAsync(new RunQuery { Status = default(RunStatus) }, t))),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    private static MemoryStream ClosedStream()
    {
        var stream = new MemoryStream([1, 2, 3]);
        stream.Dispose();
        return stream;
    }

    private static async Task Drain(IAsyncEnumerable<RunSummary> runs)
    {
        await foreach (var _ in runs)
        {
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_arguments_throw_an_ArgumentException_and_send_nothing(string name)
    {
        // Answers for everything, so a call that slipped through would succeed instead of failing on a 404.
        Server.Json("GET", "/*", "{}");
        Server.Json("POST", "/*", "{}");
        Server.Json("DELETE", "/*", "{}");
        using var client = Server.Client();
        var testCase = Cases[name];

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => testCase.Call(client, Server.Timeout));

        Assert.Equal(testCase.ParamName, error.ParamName);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Empty_run_ids_are_ArgumentException_not_a_server_round_trip()
    {
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetRunAsync(Guid.Empty, Server.Timeout));

        Assert.Contains("Guid.Empty", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Negative_indexes_are_ArgumentOutOfRangeException_with_the_value()
    {
        using var client = Server.Client();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => client.GetStepDetailAsync(Samples.RunId, "hello", itemIndex: -3, cancellationToken: Server.Timeout));

        Assert.Equal(-3L, error.ActualValue);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task A_negative_server_wait_is_rejected_like_a_negative_long_poll()
    {
        using var client = Server.Client();
        var options = new RunOptions { Timeout = TimeSpan.FromSeconds(-5) };

        // The wait on creation is RunAsync's and RunBatchAsync's (CreateRunAsync never waits).
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => client.RunAsync(FlowSource.Stored(Samples.FlowId), 1, options, Server.Timeout));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => client.RunBatchAsync(FlowSource.Stored(Samples.FlowId), [1, 2], options, Server.Timeout));

        Assert.Empty(Server.Requests);
    }
}

/// <summary>Against the 0.11 API.</summary>
public sealed class ArgumentValidationTestsOn011() : ArgumentValidationTests(StepflowApiGeneration.V011);

/// <summary>Against the 0.12/0.13 API.</summary>
public sealed class ArgumentValidationTestsOn013() : ArgumentValidationTests(StepflowApiGeneration.V012);
