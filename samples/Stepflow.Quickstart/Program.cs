using System.Text.Json.Nodes;
using Spectre.Console;
using Stepflow.Client;
using Stepflow.LocalServer;
using Stepflow.Testing;

// The Stepflow quickstart: write a flow in C#, store it, run it once and as a batch, stream a run's events, print results.
// With STEPFLOW_URL it talks to that server and detects its API generation. Otherwise, when a stepflow-server binary is
// found (STEPFLOW_DEV_BINARY, or stepflow-server on PATH), it starts a real local server with Stepflow.LocalServer and
// talks to it; failing that, or with `-- --emulate 0.11|0.12|0.13`, to an embedded fake server (a test double) that
// answers as 0.13, the current release, or as the generation asked for. It says which.
var serverUrl = Environment.GetEnvironmentVariable("STEPFLOW_URL");
if (!EmbeddedServer.TryParseEmulation(args, out var emulation))
{
    Console.Error.WriteLine("usage: Stepflow.Quickstart [--emulate 0.11|0.12|0.13]");
    return 2;
}

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
var ct = cancel.Token;
StepflowLocalServer? local = null;
if (string.IsNullOrWhiteSpace(serverUrl) && args.Length == 0)
{
    try
    {
        local = await StepflowLocalServer.StartAsync(new StepflowLocalServerOptions(), ct);
    }
    catch (StepflowServerNotFoundException)
    {
        // No binary: the embedded test double below.
    }
    catch (StepflowLocalServerException e)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]The local Stepflow server did not start:[/] {e.Message}");
        return 1;
    }
}

await using var localServer = local;
await using var embedded = string.IsNullOrWhiteSpace(serverUrl) && local is null ? EmbeddedServer.Start(emulation) : null;
using var client = local?.CreateClient() ?? embedded?.CreateClient() ?? new StepflowClient(new Uri(serverUrl!));

try
{
    AnsiConsole.Write(new Rule("[bold]Stepflow .NET quickstart[/]").LeftJustified());
    var health = await client.HealthCheckAsync(ct);
    var which = local is not null ? $" — local server {local.BinaryPath} (process {local.ProcessId})"
        : embedded is not null ? $" — embedded test double emulating {EmbeddedServer.Name(emulation)}"
        : "";
    AnsiConsole.MarkupLineInterpolated(
        $"Server [blue]{client.BaseAddress}[/] is {health.Status}, speaking the {health.Description} API{which}");

    // 1. Write the flow in C# (flows/greet.yaml holds the same flow as YAML), checked before anything is sent;
    //    store it and keep the id the server gives it.
    var greet = FlowBuilder.Create("greet").WithDescription("Greets whoever is named in the input.");
    greet.OutputField("greeting", Expr.Input<Person>(p => p.Name))
        .OutputField("language", Expr.Input<Person>(p => p.Language));
    AnsiConsole.MarkupLine("The flow, written in C#, as YAML:");
    AnsiConsole.WriteLine(greet.ToYaml());
    var flowFile = Path.Combine(AppContext.BaseDirectory, "flows", "greet.yaml");
    var fromFile = await FlowSource.FromFile(flowFile).AnalyzeAsync(ct);
    AnsiConsole.MarkupLineInterpolated($"{Path.GetFileName(flowFile)} reads the input paths {string.Join(", ", fromFile.InputPaths)}; problems: {fromFile.Problems.Count}");
    var stored = await client.StoreFlowAsync(greet, ct);
    AnsiConsole.MarkupLineInterpolated($"Stored the built flow as flow [grey]{stored.FlowId[..12]}…[/] ({stored.Diagnostics.Count} diagnostic(s))");
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

/// <summary>The flow's input: the builder writes <c>p =&gt; p.Name</c> as the input path <c>$.name</c>.</summary>
internal sealed record Person(string Name, string Language);

/// <summary>Configures the embedded test double to answer what a real server computes for flows/greet.yaml.</summary>
internal static class EmbeddedServer
{
    public static StepflowTestServer Start(StepflowServerEmulation emulation)
    {
        var server = new StepflowTestServer(emulation) { ItemDelay = TimeSpan.FromMilliseconds(300) };
        // greet.yaml's output: { greeting: $input.name, language: $input.language }.
        server.WhenFlow("greet").Returns(input => new JsonObject
        {
            ["greeting"] = input?["name"]?.DeepClone(),
            ["language"] = input?["language"]?.DeepClone(),
        });
        return server;
    }

    /// <summary>Reads <c>--emulate 0.11|0.12|0.13</c>; without it the embedded server answers as 0.13, the current release.</summary>
    public static bool TryParseEmulation(string[] args, out StepflowServerEmulation emulation)
    {
        emulation = StepflowServerEmulation.V0_13;
        if (args.Length == 0)
        {
            return true;
        }

        if (args.Length != 2 || args[0] != "--emulate")
        {
            return false;
        }

        switch (args[1])
        {
            case "0.11":
                emulation = StepflowServerEmulation.V0_11;
                return true;
            case "0.12":
                emulation = StepflowServerEmulation.V0_12;
                return true;
            case "0.13":
                return true;
            default:
                return false;
        }
    }

    public static string Name(StepflowServerEmulation emulation) => emulation switch
    {
        StepflowServerEmulation.V0_11 => "0.11",
        StepflowServerEmulation.V0_12 => "0.12",
        _ => "0.13",
    };
}
