using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Stepflow.AotConsumer;
using Stepflow.Client;
using Stepflow.LocalServer;

// The native AOT check's consumer (scripts/aot-check.sh): starts a local server (STEPFLOW_DEV_BINARY), lets the client
// detect its API generation, then stores a flow, runs it and waits, streams a run's events and stores and reads a blob.
// Every step prints one "ok" line; any failure prints "FAILED: ..." and exits 1. `--startup` only measures how long
// the process takes to be ready to work (it prints "ready" and exits), for the start-up time in benchmarks/README.md.
var started = Stopwatch.StartNew();
if (args is ["--startup"])
{
    using var idle = new StepflowClient(new Uri("http://127.0.0.1:9"));
    Console.WriteLine($"ready in {started.Elapsed.TotalMilliseconds:F1} ms (client {idle.BaseAddress})");
    return 0;
}

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
var ct = cancel.Token;
try
{
    await using var server = await StepflowLocalServer.StartAsync(new StepflowLocalServerOptions(), ct);
    Report.Ok($"local server started at {server.Url}");

    // Automatic detection (not the local server's pinned client), so both generations are read as a user would.
    using var client = new StepflowClient(server.Url);
    var health = await client.HealthCheckAsync(ct);
    Report.Ok($"health {health.Status}, API {health.Description} ({health.ApiGeneration})");

    var stored = await client.StoreFlowAsync(FlowSource.FromYaml(Flows.Echo), ct);
    Report.Ok($"flow stored as {stored.FlowId}");

    // Inputs written with the application's own source-generated context: no reflection anywhere.
    var order = new Order("ada@example.com", 2);
    var input = JsonSerializer.SerializeToNode(order, ConsumerJson.Default.Order);
    var result = await client.RunAsync(FlowSource.Stored(stored.FlowId), input, cancellationToken: ct);
    var output = result.GetOutput(ConsumerJson.Default.Order);
    Report.Check(result.IsSuccess && output == order, $"run {result.RunId} {result.Status}, output {output}");

    // A dictionary of common values needs no context of its own.
    var runId = await client.SubmitAsync(FlowSource.Stored(stored.FlowId),
        new Dictionary<string, object> { ["customerEmail"] = "grace@example.com", ["quantity"] = 3 }, cancellationToken: ct);
    var events = 0;
    RunStatus? completion = null;
    await foreach (var e in client.StreamEventsAsync(runId, new EventStreamOptions { IncludeResults = true }, ct))
    {
        events++;
        if (e is RunCompletedEvent completed)
        {
            completion = completed.Status;
        }
    }

    Report.Check(events > 1 && completion == RunStatus.Completed, $"streamed {events} events of run {runId}, completed as {completion}");

    var blob = await client.StoreBlobAsync(new JsonObject { ["note"] = "native" }, cancellationToken: ct);
    var read = await client.GetBlobAsync(blob.BlobId, ct);
    Report.Check(read.Data?["note"]?.GetValue<string>() == "native", $"blob {blob.BlobId} read back");

    Report.Ok($"passed against {health.Description} in {started.Elapsed.TotalMilliseconds:F0} ms");
    return 0;
}
catch (Exception e) when (e is StepflowClientException or StepflowLocalServerException or CheckFailedException or OperationCanceledException)
{
    Console.WriteLine($"FAILED: {e.GetType().Name}: {e.Message}");
    return 1;
}

namespace Stepflow.AotConsumer
{
    /// <summary>The consumer's own input and output shape.</summary>
    internal sealed record Order(string CustomerEmail, int Quantity);

    /// <summary>The consumer's source-generated JSON, camelCase like the SDK's inputs.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(Order))]
    internal sealed partial class ConsumerJson : JsonSerializerContext;

    /// <summary>The flow the check stores: it returns its input.</summary>
    internal static class Flows
    {
        public const string Echo = """
            schema: https://stepflow.org/schemas/v1/flow.json
            name: aot-echo
            description: Returns its input.
            output:
              customerEmail: { $input: customerEmail }
              quantity: { $input: quantity }
            """;
    }

    /// <summary>One line per step, read by scripts/aot-check.sh.</summary>
    internal static class Report
    {
        public static void Ok(string what) => Console.WriteLine($"ok: {what}");

        public static void Check(bool passed, string what)
        {
            if (!passed)
            {
                throw new CheckFailedException(what);
            }

            Ok(what);
        }
    }

    /// <summary>A check of the consumer did not hold.</summary>
    internal sealed class CheckFailedException(string message) : Exception(message);
}
