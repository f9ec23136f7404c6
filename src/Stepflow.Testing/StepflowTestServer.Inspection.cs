using System.Text.Json.Nodes;
using Stepflow.Testing.Internal;

namespace Stepflow.Testing;

public sealed partial class StepflowTestServer
{
    /// <summary>Every run created so far, oldest first, as snapshots.</summary>
    public IReadOnlyList<RecordedRun> Runs
    {
        get
        {
            lock (_store.Gate)
            {
                return [.. _store.Runs.Select(Snapshot)];
            }
        }
    }

    /// <summary>The flows stored so far, by flow id (copies of the documents).</summary>
    public IReadOnlyDictionary<string, JsonObject> Flows
    {
        get
        {
            lock (_store.Gate)
            {
                return _store.Blobs.Where(b => b.Flow is not null)
                    .ToDictionary(b => b.Id, b => (JsonObject)b.Flow!.DeepClone(), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Every request received so far, in order of arrival (recorded on arrival, so long polls and open streams count).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot();

    /// <summary>How many requests the server has received.</summary>
    public int RequestCount => _log.Count;

    /// <summary>How many requests matched <paramref name="method"/> (or <c>*</c>) and a path prefix given as for <see cref="FailNext"/> (with a <c>?</c>, the query counts too).</summary>
    /// <example><code>server.CountRequests("GET", $"/runs/{runId}")</code></example>
    public int CountRequests(string method, string pathPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        var prefix = ApiPaths.Normalize(pathPrefix);
        return _log.Snapshot().Count(r => ApiPaths.MethodMatches(method, r.Method) && ApiPaths.PrefixMatches(prefix, r.Path, r.Query));
    }

    private static RecordedRun Snapshot(RunState run) => new(
        run.Id,
        run.Flow.FlowId,
        run.Flow.Name,
        run.Status,
        [.. run.Items.Select(i => i.Input?.DeepClone())],
        [.. run.Items.Select(i => i.Result?.Clone())],
        run.Variables?.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal) ?? [],
        run.Overrides?.DeepClone(),
        run.MaxConcurrency,
        run.CreatedAt,
        run.CompletedAt);
}
