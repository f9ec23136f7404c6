using System.Text.Json;

namespace Stepflow.Client.Protocol.V011;

/// <summary>How a 0.11 server reports failures (<c>docs/server-api.md §3.1, §3.3</c>) and what the client makes of them.</summary>
internal static class V011Errors
{
    /// <summary>The message the server gives when the flow it was asked to run has fatal problems.</summary>
    private const string AnalysisFailure = "error analyzing workflow";

    public static ServerAnswerException Classify(int status, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? cause)
    {
        var error = Answers.ErrorOf(status, body, headers);
        var kind = status switch
        {
            // A success status with no body where JSON was due: a route the server does not have, answered by a
            // router that does not say 404 (docs/server-api.md §2).
            >= 200 and < 300 when cause is null || Answers.IsEmptyBody(headers) => AnswerKind.EndpointUnavailable,
            // The 0.11.0 and 0.11.1 releases predate the step-detail and events endpoints and answer them with a bare 404
            // (docs/server-api.md §12); a missing run or step always comes with an error document.
            404 when string.IsNullOrWhiteSpace(body) => AnswerKind.EndpointUnavailable,
            400 when error.Message == AnalysisFailure => AnswerKind.InvalidFlow,
            _ => Answers.KindOf(status),
        };
        return new ServerAnswerException(kind, error, cause);
    }

    /// <summary>
    /// Reads an <c>ErrorResponse</c> (<c>{code, message, stack?}</c>) whatever the content type says: the server
    /// sends it as <c>text/plain</c>. Anything else (a framework rejection, an HTML page) is not one.
    /// </summary>
    internal static (string? Message, IReadOnlyList<string>? Details) ReadErrorResponse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number ||
                !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
            {
                return (null, null);
            }

            var details = new List<string>();
            if (root.TryGetProperty("stack", out var stack) && stack.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in stack.EnumerateArray())
                {
                    if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("error", out var text) &&
                        text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 } line)
                    {
                        details.Add(line);
                    }
                }
            }

            return (message.GetString(), details);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
