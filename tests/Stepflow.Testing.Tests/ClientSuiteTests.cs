using System.Text;
using System.Text.Json.Nodes;
using Stepflow.Client;

namespace Stepflow.Testing.Tests;

/// <summary>
/// The client's whole surface, end to end, against the test server in each emulated generation: what a user's code
/// does must read the same whichever server answers.
/// </summary>
public abstract class ClientSuiteTests(StepflowServerEmulation emulation) : ServerTest(emulation)
{
    private bool Is011 => Server.Emulation == StepflowServerEmulation.V0_11;

    [Fact]
    public async Task Health_reports_the_emulated_generation()
    {
        var health = await Client.HealthCheckAsync(Timeout);

        Assert.True(health.IsHealthy);
        Assert.Equal(Is011 ? StepflowApiGeneration.V011 : StepflowApiGeneration.V012, health.ApiGeneration);
        Assert.Equal(Is011, health.Version is not null);
        Assert.Equal(!Is011, health.Build is not null);
    }

    [Fact]
    public async Task An_unpinned_client_detects_the_generation_with_one_request()
    {
        using var client = new StepflowClient(Server.Url);
        var flowId = await StoreAsync();
        var before = Server.RequestCount;

        var result = await client.RunAsync(FlowSource.Stored(flowId), new { name = "Ada" }, cancellationToken: Timeout);

        Assert.True(result.IsSuccess);
        Assert.Equal(1, Server.Requests.Skip(before).Count(r => r.Path.EndsWith("/health", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Components_are_listed_with_and_without_schemas()
    {
        Server.SetComponents([
            new ComponentInfo { Path = "/eval", Description = "Evaluates", InputSchema = JsonNode.Parse("""{"type":"object","minProperties":1}"""), Plugin = "builtin" },
            new ComponentInfo { Path = "/udf", Plugin = "python" }]);

        var withSchemas = await Client.ListComponentsAsync(new ListComponentsOptions { IncludeSchemas = true }, Timeout);
        var without = await Client.ListComponentsAsync(new ListComponentsOptions { IncludeSchemas = false }, Timeout);

        Assert.Equal(["/eval", "/udf"], withSchemas.Select(c => c.Path));
        Assert.Equal("Evaluates", withSchemas[0].Description);
        // 0.13 sends schema numbers as floats; the client reads whole ones as integers again.
        Assert.Equal(1, withSchemas[0].InputSchema!["minProperties"]!.GetValue<int>());
        Assert.All(without, c => Assert.Null(c.InputSchema));
    }

    [Fact]
    public async Task Flows_are_stored_validated_read_and_deleted()
    {
        var flow = Flow("stored-flow");
        var validation = await Client.ValidateAsync(FlowSource.FromJson(flow), Timeout);
        var stored = await Client.StoreFlowAsync(FlowSource.FromJson(flow), Timeout);
        var read = await Client.GetFlowAsync(stored.FlowId, Timeout);
        await Client.DeleteFlowAsync(stored.FlowId, Timeout);

        Assert.True(validation.IsValid);
        Assert.True(stored.Stored);
        Assert.Equal("stored-flow", read.Name);
        Assert.Equal(stored.FlowId, read.FlowId);
        Assert.Equal(2, read.Document["steps"]!.AsArray().Count);
    }

    [Fact]
    public async Task Flow_variables_are_read_and_filled_from_the_environment()
    {
        var flow = Flow("with-variables");
        // Declared as a JSON Schema under schemas.properties.variables (docs/server-api.md §7.6).
        flow["schemas"] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["variables"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["api_key"] = new JsonObject { ["type"] = "string", ["env_var"] = "SUITE_TEST_API_KEY" },
                    ["temperature"] = new JsonObject { ["type"] = "number", ["default"] = 3 },
                },
                ["required"] = new JsonArray("api_key"),
            } },
        };
        var stored = await Client.StoreFlowAsync(FlowSource.FromJson(flow), Timeout);

        var variables = await Client.GetFlowVariablesAsync(stored.FlowId, Timeout);

        var apiKey = Assert.Single(variables, v => v.Name == "api_key");
        Assert.True(apiKey.IsRequired);
        Assert.Equal("SUITE_TEST_API_KEY", apiKey.EnvironmentVariable);
        var temperature = Assert.Single(variables, v => v.Name == "temperature");
        Assert.False(temperature.IsRequired);
        Assert.Equal(3, temperature.DefaultValue!.GetValue<int>());
        // Every class sets the same value, so parallel classes cannot disturb each other.
        Environment.SetEnvironmentVariable("SUITE_TEST_API_KEY", "secret-from-env");
        var fromEnvironment = await Client.GetVariablesFromEnvironmentAsync(stored.FlowId, Timeout);
        Assert.Equal("secret-from-env", fromEnvironment["api_key"]);
    }

    [Fact]
    public async Task A_run_with_variables_overrides_and_concurrency_reaches_the_server_as_sent()
    {
        var flowId = await StoreAsync();

        var options = new RunOptions { MaxConcurrency = 2 };
        options.Variables["temperature"] = 7;
        options.StepOverrides["hello"] = JsonNode.Parse("""{"input":{"msg":"hi"}}""");

        var result = await Client.RunBatchAsync(FlowSource.Stored(flowId), [new { name = "Ada" }, new { name = "Grace" }], options, Timeout);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(2, result.Items.Count);
        var recorded = Assert.Single(Server.Runs);
        Assert.Equal(7, recorded.Variables["temperature"]!.GetValue<int>());
        Assert.Equal(2L, recorded.MaxConcurrency);
        Assert.Equal("hi", recorded.Overrides!["steps"]!["hello"]!["value"]!["input"]!["msg"]!.GetValue<string>());
        Assert.Equal("Ada", recorded.Inputs[0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_integer_output_reads_as_an_integer_on_every_generation()
    {
        var flowId = await StoreAsync();
        Server.WhenFlow(flowId).Returns(new { n = 7, ratio = 0.5 });

        var result = await Client.RunAsync(FlowSource.Stored(flowId), new { name = "Ada" }, cancellationToken: Timeout);

        var output = result.GetOutput<CountOutput>();
        Assert.Equal(7, output!.N);
        Assert.Equal(0.5, output.Ratio);
        Assert.Equal("7", result.Output!["n"]!.ToJsonString());
    }

    [Fact]
    public async Task A_failing_item_is_a_result_with_its_error()
    {
        var flowId = await StoreAsync();
        Server.WhenFlow(flowId).Fails(TaskErrorCode.ComponentFailed, "boom");

        var result = await Client.RunAsync(FlowSource.Stored(flowId), new { name = "Ada" }, cancellationToken: Timeout);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.True(result.IsFailure);
        Assert.Equal(TaskErrorCode.ComponentFailed, result.Error!.Code);
        Assert.Equal("boom", result.Error.Message);
    }

    [Fact]
    public async Task A_submitted_run_is_waited_for_and_read_in_every_way()
    {
        Server.ItemDelay = TimeSpan.FromMilliseconds(300);
        var flowId = await StoreAsync();

        var runId = await Client.SubmitAsync(FlowSource.Stored(flowId), new { name = "Ada" }, cancellationToken: Timeout);
        var polled = await Client.LongPollRunAsync(runId, TimeSpan.FromSeconds(10), Timeout);
        var waited = await Client.WaitForCompletionAsync(runId, TimeSpan.FromSeconds(20), Timeout);
        var details = await Client.GetRunAsync(runId, Timeout);
        var items = await Client.GetRunItemsAsync(runId, Timeout);
        var steps = await Client.GetRunStepsAsync(runId, 0, Timeout);
        var flow = await Client.GetRunFlowAsync(runId, Timeout);
        var result = await Client.GetResultAsync(runId, Timeout);

        Assert.True(polled.IsFinished);
        Assert.Equal(RunStatus.Completed, waited.Status);
        Assert.Equal(flowId, details.FlowId);
        Assert.Equal(1, details.ItemCounts.Total);
        Assert.True(Assert.Single(items).IsSuccess);
        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.Equal(StepStatus.Completed, s.Status));
        Assert.Equal("greet", flow.Name);
        Assert.True(result.IsSuccess);
        var detail = await Client.GetStepDetailAsync(runId, steps[0].StepId, 0, cancellationToken: Timeout);
        Assert.Equal(steps[0].StepId, detail.StepId);
    }

    [Fact]
    public async Task A_running_run_is_cancelled_and_deleting_it_first_is_a_conflict()
    {
        var flowId = await StoreAsync();
        Server.WhenFlow(flowId).NeverCompletes();
        var runId = await Client.SubmitAsync(FlowSource.Stored(flowId), new { name = "Ada" }, cancellationToken: Timeout);

        await Assert.ThrowsAsync<StepflowConflictException>(() => Client.DeleteRunAsync(runId, Timeout));
        var cancelled = await Client.CancelRunAsync(runId, Timeout);

        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.IsFinished);
    }

    [Fact]
    public async Task Runs_are_listed_with_filters_and_paged()
    {
        var flowId = await StoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await Client.RunAsync(FlowSource.Stored(flowId), new { name = $"n{i}" }, cancellationToken: Timeout);
        }

        var completed = await Client.ListRunsAsync(new RunQuery { Status = RunStatus.Completed, FlowName = "greet" }, Timeout);
        var failed = await Client.ListRunsAsync(new RunQuery { Status = RunStatus.Failed }, Timeout);
        var page = await Client.ListRunsAsync(new RunQuery { Limit = 2, Offset = 1 }, Timeout);
        var all = new List<RunSummary>();
        await foreach (var run in Client.GetAllRunsAsync(new RunQuery { Limit = 2 }, Timeout))
        {
            all.Add(run);
        }

        Assert.Equal(5, completed.Count);
        Assert.Empty(failed);
        Assert.Equal(2, page.Count);
        Assert.Equal(completed[1].RunId, page[0].RunId);
        Assert.Equal(5, all.Count);
    }

    [Fact]
    public async Task Blobs_go_both_ways_as_json_and_bytes()
    {
        var json = await Client.StoreBlobAsync(JsonNode.Parse("""{"a":1,"b":[true,null]}"""), cancellationToken: Timeout);
        var bytes = Encoding.UTF8.GetBytes("raw bytes \u00e9");
        var binary = await Client.StoreBinaryBlobAsync(new MemoryStream(bytes), "notes.txt", Timeout);

        var data = await Client.GetBlobAsync(json.BlobId, Timeout);
        await using var content = await Client.DownloadBlobAsync(binary.BlobId, Timeout);
        using var copy = new MemoryStream();
        await content.Content.CopyToAsync(copy, Timeout);

        Assert.Equal("""{"a":1,"b":[true,null]}""", data.Data!.ToJsonString());
        Assert.Equal(BlobType.Data, data.BlobType);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal("notes.txt", content.Filename);
        await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.GetBlobAsync(new string('0', 64), Timeout));
    }

    [Fact]
    public async Task A_flow_with_retry_counts_can_be_stored_and_run()
    {
        var flow = Flow("retrying");
        flow["steps"]![0]!["onError"] = new JsonObject { ["action"] = "retry", ["maxRetries"] = 2 };

        var stored = await Client.StoreFlowAsync(FlowSource.FromJson(flow), Timeout);
        var result = await Client.RunAsync(FlowSource.Stored(stored.FlowId), new { name = "Ada" }, cancellationToken: Timeout);

        Assert.True(stored.Stored);
        Assert.True(result.IsSuccess);
        // The stored document keeps the count as an integer on every generation.
        var read = await Client.GetFlowAsync(stored.FlowId, Timeout);
        Assert.Equal("2", read.Document["steps"]![0]!["onError"]!["maxRetries"]!.ToJsonString());
    }

    [Fact]
    public async Task Events_are_streamed_filtered_and_end_with_the_run()
    {
        var flowId = await StoreAsync();
        var runId = await Client.SubmitAsync(FlowSource.Stored(flowId), new { name = "Ada" }, cancellationToken: Timeout);

        var all = new List<RunEvent>();
        await foreach (var e in Client.StreamEventsAsync(runId, new EventStreamOptions { IncludeResults = true }, Timeout))
        {
            all.Add(e);
        }

        var filtered = new List<RunEvent>();
        await foreach (var e in Client.StreamEventsAsync(runId, new EventStreamOptions { EventTypes = [RunEventTypes.StepCompleted] }, Timeout))
        {
            filtered.Add(e);
        }

        Assert.IsType<RunCreatedEvent>(all[0]);
        var completed = Assert.IsType<RunCompletedEvent>(all[^1]);
        Assert.Equal(RunStatus.Completed, completed.Status);
        Assert.Contains(all, e => e is StepCompletedEvent { Outcome: ResultOutcome.Succeeded });
        Assert.NotEmpty(filtered);
        Assert.All(filtered, e => Assert.IsType<StepCompletedEvent>(e));
        Assert.Equal(all.Count(e => e is StepCompletedEvent), filtered.Count);
    }

    [Fact]
    public async Task Unknown_ids_are_not_found()
    {
        var unknown = Guid.CreateVersion7();

        await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.GetRunAsync(unknown, Timeout));
        await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.LongPollRunAsync(unknown, TimeSpan.FromSeconds(5), Timeout));
        await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.GetRunItemsAsync(unknown, Timeout));
        await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.GetRunStepsAsync(unknown, cancellationToken: Timeout));
        await Assert.ThrowsAsync<StepflowNotFoundException>(() => Client.GetFlowAsync(new string('a', 64), Timeout));
    }

    private sealed record CountOutput(int N, double Ratio);
}

/// <summary>Against the 0.11 emulation.</summary>
public sealed class ClientSuiteTestsOn011() : ClientSuiteTests(StepflowServerEmulation.V0_11);

/// <summary>Against the 0.12 emulation.</summary>
public sealed class ClientSuiteTestsOn012() : ClientSuiteTests(StepflowServerEmulation.V0_12);

/// <summary>Against the 0.13 emulation.</summary>
public sealed class ClientSuiteTestsOn013() : ClientSuiteTests(StepflowServerEmulation.V0_13);
