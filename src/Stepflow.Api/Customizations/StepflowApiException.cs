using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Stepflow.Api.Serialization;

namespace Stepflow.Api;

// CUSTOM: the generated exception carries status, body and headers; this half reads the body as a
// Stepflow error document. It names no generated model: the exception class is generated for every
// server's document, but an ErrorResponse schema is not (servers before February 2026 declare none),
// so the document is exposed as JSON and GetError<T> reads it as whichever model the caller has.
/// <summary>
/// A request to the Stepflow server failed: the server answered with an unexpected status, or its
/// answer could not be read. Carries the status code, the raw body and the response headers.
/// </summary>
public partial class StepflowApiException
{
    private JsonElement? _errorDocument;
    private bool _errorParsed;

    /// <summary>
    /// The server's error document, parsed from <see cref="Response"/> whatever its content type (docs/server-api.md
    /// §3.6): a 0.11 <c>ErrorResponse</c> (a JSON object with a numeric <c>code</c> and a string <c>message</c>, sent
    /// as <c>text/plain</c>) or a 0.12/0.13 envelope (<c>{"error": {code, message, status}}</c>), as sent.
    /// <see langword="null"/> when the body is anything else (a plain-text framework error, an HTML proxy page, an
    /// empty body).
    /// </summary>
    public JsonElement? ErrorDocument
    {
        get
        {
            if (!_errorParsed)
            {
                _errorDocument = ErrorBody.TryParse(Response);
                _errorParsed = true;
            }

            return _errorDocument;
        }
    }

    /// <summary>The <c>message</c> of the server's error document when it sent one, otherwise a short excerpt of the body.</summary>
    public string? ServerMessage => ErrorDocument is { } document ? ErrorBody.Status(document).GetProperty("message").GetString() : ErrorBody.Excerpt(Response);

    /// <summary>
    /// Reads <see cref="ErrorDocument"/> as <typeparamref name="T"/> (for example <c>ErrorResponse</c>)
    /// with the clients' serializer settings (<see cref="StepflowJson.Options"/>).
    /// </summary>
    /// <typeparam name="T">The Stepflow model to read the error document as.</typeparam>
    /// <returns>The error document, or <see langword="null"/> when there is none or it does not fit <typeparamref name="T"/>.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a Stepflow model; use <see cref="GetError{T}(JsonTypeInfo{T})"/>.</exception>
    public T? GetError<T>()
        where T : class =>
        GetError((JsonTypeInfo<T>)StepflowJson.Options.GetTypeInfo(typeof(T)));

    /// <summary>
    /// Reads <see cref="ErrorDocument"/> with <paramref name="typeInfo"/>, for a type of the application's own
    /// (for example from its source-generated <c>JsonSerializerContext</c>).
    /// </summary>
    /// <typeparam name="T">The type to read the error document as.</typeparam>
    /// <param name="typeInfo">The serializer metadata for <typeparamref name="T"/>.</param>
    /// <returns>The error document, or <see langword="null"/> when there is none or it does not fit <typeparamref name="T"/>.</returns>
    public T? GetError<T>(JsonTypeInfo<T> typeInfo)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (ErrorDocument is not { } document)
        {
            return null;
        }

        try
        {
            return document.Deserialize(typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Reads Stepflow error bodies defensively.</summary>
internal static class ErrorBody
{
    private const int ExcerptLength = 500;

    /// <summary>
    /// The body as JSON if it is an object with a numeric <c>code</c> and a string <c>message</c>, or an object whose
    /// <c>error</c> member is one (the 0.12/0.13 envelope).
    /// </summary>
    public static JsonElement? TryParse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return IsStatus(root) || (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var inner) && IsStatus(inner))
                ? root.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The object holding <c>code</c> and <c>message</c>: the document itself, or its <c>error</c> member.</summary>
    public static JsonElement Status(JsonElement document) =>
        document.TryGetProperty("error", out var inner) && IsStatus(inner) ? inner : document;

    private static bool IsStatus(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object &&
        element.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number &&
        element.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String;

    /// <summary>The first characters of a non-empty body, whitespace collapsed, for messages and logs.</summary>
    public static string? Excerpt(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var collapsed = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= ExcerptLength ? collapsed : collapsed[..ExcerptLength] + "…";
    }
}
