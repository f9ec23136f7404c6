namespace Stepflow.Testing.Internal;

/// <summary>Path prefixes given by tests: relative to <c>/api/v1</c> unless they start with <c>/api/</c>.</summary>
internal static class ApiPaths
{
    public static string Normalize(string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        var path = pathPrefix.StartsWith('/') ? pathPrefix : "/" + pathPrefix;
        return path.StartsWith("/api/", StringComparison.Ordinal) ? path : IncomingRequest.ApiPrefix + path;
    }

    /// <summary>True when <paramref name="method"/> is <c>*</c> or equal (any case) to <paramref name="actual"/>.</summary>
    public static bool MethodMatches(string method, string actual) =>
        method == "*" || string.Equals(method, actual, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when a normalized prefix matches a request: the path alone, or, when the prefix has a <c>?</c>, the path
    /// with its query (so <c>/runs/x/events?runId=…</c> targets a 0.12/0.13 event stream by the run in its query).
    /// </summary>
    public static bool PrefixMatches(string prefix, string path, string query) =>
        (prefix.Contains('?', StringComparison.Ordinal) ? $"{path}?{query}" : path).StartsWith(prefix, StringComparison.Ordinal);
}
