using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>How a run is set up: the command-line switches.</summary>
/// <param name="Quick">Short jobs (a few iterations) for a run of a few minutes.</param>
/// <param name="InProcess">Run the benchmarks in this process instead of a generated child project.</param>
/// <param name="ArtifactsPath">Where BenchmarkDotNet writes its logs and reports.</param>
/// <param name="Filters">Glob patterns on <c>Type.Method</c>; all when empty.</param>
public sealed record BenchOptions(bool Quick, bool InProcess, string ArtifactsPath, IReadOnlyList<string> Filters);

/// <summary>The BenchmarkDotNet configurations.</summary>
public static class BenchConfig
{
    /// <summary>
    /// For the request benchmarks: quick = 1 launch, 3 warm-up and 10 measured iterations of 250 ms;
    /// full = BenchmarkDotNet's default job. GitHub-markdown export, the custom columns, no logs of children.
    /// </summary>
    public static IConfig Requests(BenchOptions options)
    {
        var job = options.Quick
            ? Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithIterationTime(TimeInterval.FromMilliseconds(250)).WithId("Quick")
            : Job.Default.WithId("Full");
        return Common(options, job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(new MedianRatioColumn())
            .AddColumn(new CpuColumn(asRatio: false))
            .AddColumn(new CpuColumn(asRatio: true))
            .AddColumn(new ClientAllocationColumn("ServerFloor", asRatio: false))
            .AddColumn(new ClientAllocationColumn("ServerFloor", asRatio: true))
            .AddColumn(new EventsPerSecondColumn())
            .AddColumn(new MetricColumn("peakHeapBytes", "Peak heap", "Largest managed heap after any GC during one call, above the heap before it (max of 3 calls)", Megabytes))
            .AddColumn(new MetricColumn("peakPerPayload", "Peak/payload", "Peak heap / size of the JSON body", v => v.ToString("0.00", CultureInfo.InvariantCulture) + "x"))
            .AddColumn(new MetricColumn("retainedBytes", "Result", "Heap the returned result keeps alive", Megabytes))
            .AddColumn(new MetricColumn("peakRssBytes", "Peak RSS", "Rise of the process's peak resident set during one call (Linux VmHWM reset before it)", Megabytes));
    }

    /// <summary>
    /// For the waiting benchmarks, whose operations last seconds: one invocation per iteration, 1 warm-up
    /// and 3 (quick) or 5 (full) measured iterations, no pilot or overhead stages.
    /// </summary>
    public static IConfig Waiting(BenchOptions options)
    {
        var job = Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1)
            .WithIterationCount(options.Quick ? 3 : 5).WithInvocationCount(1).WithUnrollFactor(1).WithId(options.Quick ? "Quick" : "Full");
        return Common(options, job)
            .AddColumn(new MedianRatioColumn())
            .AddColumn(new MetricColumn("requests", "Requests/wait", "Requests the server received per wait (mean over every wait, warm-up included)", v => v.ToString("0.#", CultureInfo.InvariantCulture)))
            .AddColumn(new MetricColumn("requestsMax", "Max requests", "Most requests any single wait needed", v => v.ToString("0", CultureInfo.InvariantCulture)));
    }

    private static ManualConfig Common(BenchOptions options, Job job)
    {
        if (options.InProcess)
        {
            job = job.WithToolchain(InProcessEmitToolchain.Instance);
        }

        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(options.ArtifactsPath)
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        if (options.Filters.Count > 0)
        {
            config = config.AddFilter(new GlobFilter([.. options.Filters]));
        }

        return config;
    }

    private static string Megabytes(double bytes) => (bytes / 1_000_000).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
