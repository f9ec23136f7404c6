using System.Text.Json;

namespace Stepflow.Api;

// CUSTOM: the generated exception carries status, body and headers; this half parses the body.
/// <summary>
/// A request to the Stepflow server failed: the server answered with an unexpected status, or its
/// answer could not be read. Carries the status code, the raw body and the response headers.
/// </summary>
public partial class StepflowApiException
{
    private ErrorResponse? _error;
    private bool _errorParsed;

    /// <summary>
    /// The server's error document, parsed from <see cref="Response"/> whatever its content type
    /// (the server sends <c>ErrorResponse</c> JSON as <c>text/plain</c>); <see langword="null"/> when the
    /// body is not an error document (a plain-text framework error, an HTML proxy page, an empty body).
    /// </summary>
    public ErrorResponse? Error
    {
        get
        {
            if (!_errorParsed)
            {
                _error = ErrorBody.TryParse(Response);
                _errorParsed = true;
            }

            return _error;
        }
    }

    /// <summary>The server's message when it sent one, otherwise a short excerpt of the body.</summary>
    public string? ServerMessage => Error?.Message ?? ErrorBody.Excerpt(Response);
}

/// <summary>Reads Stepflow error bodies defensively.</summary>
internal static class ErrorBody
{
    private const int ExcerptLength = 500;

    /// <summary>Parses an <see cref="ErrorResponse"/> if the text is a JSON object with a numeric <c>code</c> and string <c>message</c>.</summary>
    public static ErrorResponse? TryParse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number ||
                !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            return root.Deserialize<ErrorResponse>(Serialization.StepflowJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

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
