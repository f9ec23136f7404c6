using System.Globalization;
using System.Text.Json;

namespace Stepflow.Benchmarks.Infrastructure;

/// <summary>
/// Numbers a benchmark measures itself (requests seen by the server, peak memory) and hands to the
/// summary's columns. BenchmarkDotNet may run each benchmark in a child process, so they travel through
/// small JSON files in a folder the host names in <see cref="FolderVariable"/> (children inherit it).
/// </summary>
public static class BenchMetrics
{
    /// <summary>Environment variable with the folder the files go to.</summary>
    public const string FolderVariable = "STEPFLOW_BENCH_METRICS";

    /// <summary>The folder: <see cref="FolderVariable"/>, or one under the temp folder.</summary>
    public static string Folder =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(Path.GetTempPath(), "stepflow-bench-metrics");

    /// <summary>Records metrics of one benchmark case (<c>Type.Method</c>, plus parameters if any), keeping its others.</summary>
    public static void Write(string key, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Directory.CreateDirectory(Folder);
        var path = PathOf(key);
        var merged = File.Exists(path)
            ? JsonSerializer.Deserialize(File.ReadAllText(path), BenchMetricsJson.Default.DictionaryStringDouble) ?? []
            : new Dictionary<string, double>();
        foreach (var (name, value) in values)
        {
            merged[name] = value;
        }

        File.WriteAllText(path, JsonSerializer.Serialize(merged, BenchMetricsJson.Default.DictionaryStringDouble));
    }

    /// <summary>One metric of one case, or null when it was not recorded.</summary>
    public static double? Read(string key, string metric)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        var values = JsonSerializer.Deserialize(File.ReadAllText(path), BenchMetricsJson.Default.DictionaryStringDouble);
        return values is not null && values.TryGetValue(metric, out var value) ? value : null;
    }

    /// <summary>Removes the files of an earlier run, so no column shows a stale number.</summary>
    public static void Clear()
    {
        if (Directory.Exists(Folder))
        {
            foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The key of a case: type and method name, and its parameter values if it has any.</summary>
    public static string Key(string type, string method, IEnumerable<object?>? parameters = null)
    {
        var suffix = parameters is null ? "" : string.Concat(parameters.Select(p => "-" + Convert.ToString(p, CultureInfo.InvariantCulture)));
        return $"{type}.{method}{suffix}";
    }

    private static string PathOf(string key) => Path.Combine(Folder, key + ".json");
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, double>))]
internal sealed partial class BenchMetricsJson : System.Text.Json.Serialization.JsonSerializerContext;
