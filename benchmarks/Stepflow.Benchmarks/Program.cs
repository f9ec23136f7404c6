using BenchmarkDotNet.Running;
using Stepflow.Benchmarks.Cases;
using Stepflow.Benchmarks.Infrastructure;

namespace Stepflow.Benchmarks;

/// <summary>
/// Entry point. <c>[--quick] [--inprocess] [--artifacts PATH] [--filter GLOB]...</c> runs the benchmarks;
/// <c>--wait-check SECONDS</c> runs one wait of each kind without BenchmarkDotNet and prints request counts.
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: Stepflow.Benchmarks [--quick] [--inprocess] [--artifacts PATH] [--filter GLOB]...\n" +
        "       Stepflow.Benchmarks --wait-check SECONDS";

    /// <summary>Runs the benchmarks or the wait check.</summary>
    public static async Task<int> Main(string[] args)
    {
        var quick = false;
        var inProcess = false;
        var artifacts = Path.GetFullPath("BenchmarkDotNet.Artifacts");
        var filters = new List<string>();
        int? waitCheck = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--inprocess":
                    inProcess = true;
                    break;
                case "--artifacts" when i + 1 < args.Length:
                    artifacts = Path.GetFullPath(args[++i]);
                    break;
                case "--filter" when i + 1 < args.Length:
                    filters.Add(args[++i]);
                    break;
                case "--wait-check" when i + 1 < args.Length && int.TryParse(args[i + 1], out var seconds) && seconds > 0:
                    waitCheck = seconds;
                    i++;
                    break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown or incomplete argument: {args[i]}\n{Usage}");
                    return 2;
            }
        }

        if (waitCheck is { } runSeconds)
        {
            return await WaitCheck.RunAsync(runSeconds).ConfigureAwait(false);
        }

        // Children inherit the environment: this is where they leave their own measurements.
        Environment.SetEnvironmentVariable(BenchMetrics.FolderVariable, Path.Combine(artifacts, "metrics"));
        BenchMetrics.Clear();

        var options = new BenchOptions(quick, inProcess, artifacts, filters);
        var requests = BenchConfig.Requests(options);
        var runs = new[]
            {
                BenchmarkConverter.TypeToBenchmarks(typeof(GetRunBenchmarks), requests),
                BenchmarkConverter.TypeToBenchmarks(typeof(GetRun013Benchmarks), requests),
                BenchmarkConverter.TypeToBenchmarks(typeof(ClientOverheadBenchmarks), requests),
                BenchmarkConverter.TypeToBenchmarks(typeof(CreateRunBenchmarks), requests),
                BenchmarkConverter.TypeToBenchmarks(typeof(CreateRun013Benchmarks), requests),
                BenchmarkConverter.TypeToBenchmarks(typeof(GetRunItemsBenchmarks), requests),
                BenchmarkConverter.TypeToBenchmarks(typeof(GetRunItems013Benchmarks), requests),
                BenchmarkConverter.TypeToBenchmarks(typeof(EventStreamBenchmarks), requests),
                BenchmarkConverter.TypeToBenchmarks(typeof(EventStream013Benchmarks), requests),
                BenchmarkConverter.TypeToBenchmarks(typeof(WaitBenchmarks), BenchConfig.Waiting(options)),
            }
            .Where(run => run.BenchmarksCases.Length > 0)
            .ToArray();
        if (runs.Length == 0)
        {
            Console.Error.WriteLine("no benchmark matches the filters");
            return 2;
        }

        var summaries = BenchmarkRunner.Run(runs);
        var failed = summaries.Where(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success) || s.Reports.Length == 0).ToList();
        foreach (var summary in failed)
        {
            Console.Error.WriteLine($"benchmark run failed: {summary.Title}");
        }

        return failed.Count == 0 ? 0 : 1;
    }
}
