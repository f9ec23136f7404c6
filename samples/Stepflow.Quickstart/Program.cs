using System.Text.Json.Nodes;
using Spectre.Console;
using Stepflow.Client;
using Stepflow.Testing;

// The Stepflow quickstart: store a flow, run it once and as a batch, stream a run's events, print results.
// It talks to STEPFLOW_URL when set; otherwise to an embedded fake server (a test double), so it runs anywhere.
var serverUrl = Environment.GetEnvironmentVariable("STEPFLOW_URL");
await using var embedded = string.IsNullOrWhiteSpace(serverUrl) ? EmbeddedServer.Start() : null;
using var client = embedded?.CreateClient() ?? new StepflowClient(new Uri(serverUrl!));
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
var ct = cancel.Token;

try
{
    AnsiConsole.Write(new Rule("[bold]Stepflow .NET quickstart[/]").LeftJustified());
    var health = await client.HealthCheckAsync(ct);
    var version = health.Version ?? health.Build?.GitVersion ?? "unknown";
    AnsiConsole.MarkupLineInterpolated(
        $"Server [blue]{client.BaseAddress}[/] is {health.Status} (version {version}){(embedded is null ? "" : " — embedded test double")}");

    // 1. Store the flow and keep the id the server gives it.
    var flowFile = Path.Combine(AppContext.BaseDirectory, "flows", "greet.yaml");
    var stored = await client.StoreFlowAsync(FlowSource.FromFile(flowFile), ct);
    AnsiConsole.MarkupLineInterpolated($"Stored [green]{Path.GetFileName(flowFile)}[/] as flow [grey]{stored.FlowId[..12]}…[/] ({stored.Diagnostics.Count} diagnostic(s))");
    var flow = FlowSource.Stored(stored.FlowId);

    // 2. Run it once and wait for the result.
    var single = await client.RunAsync(flow, new { name = "Ada", language = "en" }, cancellationToken: ct);
    AnsiConsole.MarkupLineInterpolated($"Single run [grey]{single.RunId}[/]: {single.Status}, output {single.Output?.ToJsonString() ?? "(none)"}");

    // 3. Run it as a batch: one item per input, then wait and read every item's result.
    object[] people = [new { name = "Grace", language = "en" }, new { name = "Hedy", language = "de" }, new { name = "Katherine", language = "en" }];
    var batch = await client.CreateBatchRunAsync(stored.FlowId, people, new RunOptions { MaxConcurrency = 2 }, ct);
    var finished = await client.WaitForCompletionAsync(batch.RunId, TimeSpan.FromMinutes(1), ct);
    var items = await client.GetRunItemsAsync(batch.RunId, ct);
    var table = new Table().AddColumns("item", "status", "output");
    foreach (var item in items)
    {
        table.AddRow(item.ItemIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), item.Status.ToString(),
            Markup.Escape(Describe(item.Outcome, item.Output, item.Error)));
    }

    AnsiConsole.MarkupLineInterpolated($"Batch run [grey]{batch.RunId}[/]: {finished.Status}");
    AnsiConsole.Write(table);

    // 4. Start one more run and follow its events live.
    var runId = await client.SubmitAsync(flow, new { name = "Margaret", language = "en" }, cancellationToken: ct);
    var seen = 0;
    RunStatus? outcome = null;
    // A live spinner on a terminal; plain lines when the output is redirected.
    var live = AnsiConsole.Profile.Capabilities.Interactive;
    await AnsiConsole.Status().StartAsync($"Streaming events of run {runId}…", async status =>
    {
        await foreach (var e in client.StreamEventsAsync(runId, new EventStreamOptions { IncludeResults = true }, ct))
        {
            seen++;
            var text = e switch
            {
                RunCreatedEvent created => $"run created with {created.ItemCount} item(s)",
                StepsNeededEvent needed => $"item {needed.ItemIndex} needs {(needed.StepIds.Count == 0 ? "no steps" : string.Join(", ", needed.StepIds))}",
                StepStartedEvent started => $"step {started.StepId} started",
                StepCompletedEvent completed => $"step {completed.StepId} {completed.Status}",
                ItemCompletedEvent item => $"item {item.ItemIndex} completed: {Describe(item.Outcome, item.Output, item.Error)}",
                RunCompletedEvent completed => $"run {(outcome = completed.Status)}",
                UnknownRunEvent unknown => $"({unknown.EventType})",
                _ => e.GetType().Name,
            };
            if (live)
            {
                status.Status($"Run {runId}: {text}");
            }

            AnsiConsole.MarkupLineInterpolated($"  [grey]#{e.SequenceNumber}[/] {text}");
        }
    });
    AnsiConsole.MarkupLineInterpolated($"Streamed {seen} event(s); run finished [green]{outcome?.ToString() ?? "without a completion event"}[/].");
    return 0;
}
catch (StepflowClientException e)
{
    AnsiConsole.MarkupLineInterpolated($"[red]Stepflow error:[/] {e.Message}");
    return 1;
}

static string Describe(ResultOutcome outcome, JsonNode? output, FlowError? error) => outcome switch
{
    ResultOutcome.Succeeded => output?.ToJsonString() ?? "null",
    ResultOutcome.Failed => error?.ToString() ?? "failed",
    _ => "no result",
};

/// <summary>Configures the embedded test double to answer what a real server computes for flows/greet.yaml.</summary>
internal static class EmbeddedServer
{
    public static StepflowTestServer Start()
    {
        var server = new StepflowTestServer { ItemDelay = TimeSpan.FromMilliseconds(300) };
        // greet.yaml's output: { greeting: $input.name, language: $input.language }.
        server.WhenFlow("greet").Returns(input => new JsonObject
        {
            ["greeting"] = input?["name"]?.DeepClone(),
            ["language"] = input?["language"]?.DeepClone(),
        });
        return server;
    }
}
