using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stepflow.Testing.Tests.Wire013;

/// <summary>
/// Raw HTTP against an emulated 0.12/0.13 server: the tests read the wire text itself (docs/server-api.md), because
/// the client does not speak this generation yet and because integers, floats and error bodies are only visible there.
/// </summary>
public abstract partial class RawWireTest : ServerTest
{
    protected RawWireTest(StepflowServerEmulation emulation = StepflowServerEmulation.V0_13)
        : base(emulation)
    {
        Http = new HttpClient { BaseAddress = new Uri(Server.Url, "api/v1/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>A client for <c>/api/v1/</c>: paths are relative (<c>runs?limit=2</c>).</summary>
    protected HttpClient Http { get; }

    protected async Task<Raw> GetAsync(string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        return await SendAsync(request);
    }

    /// <summary>Sends <paramref name="body"/> as is, with <paramref name="contentType"/> (none when null).</summary>
    protected async Task<Raw> SendAsync(HttpMethod method, string path, string? body = null, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        return await SendAsync(request);
    }

    protected Task<Raw> PostAsync(string path, string body, string? contentType = "application/json") => SendAsync(HttpMethod.Post, path, body, contentType);

    protected async Task<Raw> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request, Timeout);
        var bytes = await response.Content.ReadAsByteArrayAsync(Timeout);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Raw((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), bytes, headers);
    }

    /// <summary>Stores a flow without a request (the same id <c>POST /flows</c> would give) and returns its id.</summary>
    protected string AddFlow(JsonObject? flow = null) => Server.AddFlow(flow ?? Flow());

    /// <summary>Creates a run with <c>POST /runs</c> and returns its id.</summary>
    protected async Task<string> StartRunAsync(string flowId, string inputs = """[{"name":"Ada"}]""", string extra = "")
    {
        var created = await PostAsync("runs", Fill("""{"flowId":"%0%","input":%1%%2%}""", flowId, inputs, extra));
        Assert.Equal(200, created.Status);
        return (string)created.Json["summary"]!["runId"]!;
    }

    /// <summary>
    /// <paramref name="template"/> with <c>%0%</c>, <c>%1%</c>, … replaced by the values (invariant text): JSON
    /// expectations stay readable without escaping their braces.
    /// </summary>
    protected static string Fill(string template, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            template = template.Replace($"%{i}%", Convert.ToString(values[i], System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return template;
    }

    /// <summary>Checks that <paramref name="text"/> is an RFC 3339 UTC time with a Z and 0, 3, 6 or 9 fractional digits.</summary>
    protected static string AssertTimestamp(JsonNode? text)
    {
        var value = (string?)text;
        Assert.NotNull(value);
        Assert.Matches(TimestampForm(), value);
        return value;
    }

    /// <summary>Replaces every <c>"timestamp"</c>-like time string with <c>T</c> after checking its form, so bodies compare exactly.</summary>
    protected static string WithoutTimes(string body) => TimeValue().Replace(body, match =>
    {
        Assert.Matches(TimestampForm(), match.Groups["time"].Value);
        return $"\"{match.Groups["key"].Value}\":\"T\"";
    });

    protected static void AssertEnvelope(Raw raw, int status, string grpcStatus, string message)
    {
        Assert.Equal(status, raw.Status);
        Assert.Equal("application/json", raw.MediaType);
        Assert.Equal(Fill("""{"error":{"code":%0%,"message":"%1%","status":"%2%"}}""", status, message, grpcStatus), raw.Body);
    }

    protected static void AssertPlainText(Raw raw, int status, string prefix)
    {
        Assert.Equal(status, raw.Status);
        Assert.Equal("text/plain; charset=utf-8", raw.ContentType);
        Assert.StartsWith(prefix, raw.Body, StringComparison.Ordinal);
    }

    protected static void AssertEmpty(Raw raw, int status)
    {
        Assert.Equal(status, raw.Status);
        Assert.Empty(raw.Bytes);
        Assert.Null(raw.ContentType);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Http.Dispose();
        }

        base.Dispose(disposing);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$")]
    private static partial Regex TimestampForm();

    [GeneratedRegex("\"(?<key>timestamp|createdAt|completedAt|updatedAt)\":\"(?<time>[^\"]+)\"")]
    private static partial Regex TimeValue();
}

/// <summary>One answer as received: status, content type, body bytes and every header.</summary>
public sealed record Raw(int Status, string? ContentType, byte[] Bytes, IReadOnlyDictionary<string, string> Headers)
{
    public string Body => Encoding.UTF8.GetString(Bytes);

    public string? MediaType => ContentType?.Split(';')[0];

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The body is JSON null.");

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
