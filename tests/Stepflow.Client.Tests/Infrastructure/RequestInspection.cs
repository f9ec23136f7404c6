using System.Text.Json.Nodes;
using WireMock;

namespace Stepflow.Client.Tests.Infrastructure;

/// <summary>Reads what the client sent: query parameters, headers, JSON bodies; compares JSON structurally.</summary>
public static class RequestInspection
{
    /// <summary>The query parameters of a request, every value of a repeated key joined with ','.</summary>
    public static IReadOnlyDictionary<string, string> QueryOf(IRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (request.Query is { } query)
        {
            foreach (var (key, values) in query)
            {
                result[key] = string.Join(',', values);
            }
        }

        return result;
    }

    /// <summary>Asserts the request's query is exactly <paramref name="expected"/> (order ignored).</summary>
    public static void AssertQuery(IRequestMessage request, params (string Key, string Value)[] expected)
    {
        var wanted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in expected)
        {
            wanted[key] = value;
        }

        Assert.Equal(wanted, QueryOf(request));
    }

    /// <summary>The values of a request header (any case), joined with ','; null when absent.</summary>
    public static string? HeaderOf(IRequestMessage request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers is null)
        {
            return null;
        }

        foreach (var (key, values) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return string.Join(',', values);
            }
        }

        return null;
    }

    /// <summary>The request body parsed as a JSON object.</summary>
    public static JsonObject JsonObjectOf(IRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Assert.False(string.IsNullOrEmpty(request.Body), "The request had no body.");
        return Assert.IsType<JsonObject>(JsonNode.Parse(request.Body!));
    }

    /// <summary>Asserts two JSON documents are equal as JSON (property order ignored, array order kept).</summary>
    public static void AssertJsonEqual(string expectedJson, JsonNode? actual) =>
        AssertJsonEqual(JsonNode.Parse(expectedJson), actual);

    /// <summary>Asserts two JSON nodes are equal as JSON.</summary>
    public static void AssertJsonEqual(JsonNode? expected, JsonNode? actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"JSON differs.\nExpected: {expected?.ToJsonString() ?? "null"}\nActual:   {actual?.ToJsonString() ?? "null"}");
        }
    }

    /// <summary>A copy of <paramref name="node"/> without object members whose value is JSON null (the server treats both alike).</summary>
    public static JsonNode? WithoutNullMembers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (value is not null)
                    {
                        copy[key] = WithoutNullMembers(value);
                    }
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(WithoutNullMembers)]);
            default:
                return node?.DeepClone();
        }
    }
}

/// <summary>Fills the ids of <see cref="Samples"/> into JSON text written with <c>@F@</c> (flow id) and <c>@R@</c> (run id).</summary>
public static class Ids
{
    public static string Fill(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return json.Replace("@F@", Samples.FlowId, StringComparison.Ordinal).Replace("@R@", Samples.RunIdText, StringComparison.Ordinal);
    }
}

/// <summary>
/// Records the exact request URIs a client sends (WireMock reports paths partly unescaped), for tests
/// that check escaping. Wrap it in an <see cref="HttpClient"/> and give that to <see cref="StepflowClient"/>.
/// </summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<Uri> _uris = [];

    public IReadOnlyList<Uri> Uris
    {
        get
        {
            lock (_uris)
            {
                return [.. _uris];
            }
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_uris)
        {
            _uris.Add(request.RequestUri!);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
