using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>
/// Allocations per operation above the floor case of the same table (a client that allocates almost
/// nothing), i.e. what the client itself allocates, and that amount relative to the baseline's. The server
/// runs in the benchmark process, so BenchmarkDotNet's Allocated includes its share.
/// </summary>
/// <param name="floorMethod">The floor benchmark's method name.</param>
/// <param name="asRatio">Show the ratio to the baseline's client allocations instead of bytes.</param>
public sealed class ClientAllocationColumn(string floorMethod, bool asRatio) : StepflowColumn(
    asRatio ? "ClientAllocRatio" : "ClientAlloc",
    asRatio ? "Client alloc ratio" : "Client alloc",
    asRatio
        ? "Client alloc of the case / Client alloc of the baseline"
        : $"Allocated minus the {floorMethod} case's Allocated: the client's own allocations per operation (the server runs in-process, so Allocated includes its share)")
{
    /// <inheritdoc />
    public override int PriorityInCategory => asRatio ? 11 : 10;

    /// <inheritdoc />
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var floorCase = summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.WorkloadMethod.Name == floorMethod);
        if (floorCase is null || Allocated(summary, floorCase) is not { } floor || Allocated(summary, benchmarkCase) is not { } own)
        {
            return "-";
        }

        if (benchmarkCase == floorCase)
        {
            return asRatio ? "-" : "0 B";
        }

        if (!asRatio)
        {
            return (own - floor).ToString(CultureInfo.InvariantCulture) + " B";
        }

        return BaselineOf(summary, benchmarkCase) is { } baseline && Allocated(summary, baseline) is { } baseOwn && baseOwn > floor
            ? ((double)(own - floor) / (baseOwn - floor)).ToString("0.00", CultureInfo.InvariantCulture)
            : "-";
    }

    /// <inheritdoc />
    public override bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.WorkloadMethod.Name == floorMethod);

    private static long? Allocated(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.GcStats is { } stats ? stats.GetBytesAllocatedPerOperation(benchmarkCase) : null;
}
