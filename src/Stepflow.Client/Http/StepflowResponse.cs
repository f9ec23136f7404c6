using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>A successful answer to <see cref="StepflowClient.SendRequestAsync"/>: status, headers and the whole body.</summary>
public sealed class StepflowResponse
{
    /// <summary>Creates a response (for tests and fakes too).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> or <paramref name="headers"/> is null.</exception>
    public StepflowResponse(int statusCode, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, byte[] content, string? mediaType)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(content);
        StatusCode = statusCode;
        Headers = headers;
        Content = content;
        MediaType = mediaType;
    }

    /// <summary>The HTTP status (2xx).</summary>
    public int StatusCode { get; }

    /// <summary>The response and content headers, by case-insensitive name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>The body's bytes (empty when there was none).</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The body's media type (for example <c>application/json</c>), when the server said.</summary>
    public string? MediaType { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string ReadAsString() => Encoding.UTF8.GetString(Content.Span);

    /// <summary>The body as JSON; <see langword="null"/> for an empty body or a JSON <c>null</c>.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public JsonNode? ReadAsJson() => Content.IsEmpty ? null : JsonNode.Parse(Content.Span);
}
