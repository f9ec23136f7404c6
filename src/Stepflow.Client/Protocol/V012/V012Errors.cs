using System.Text.Json;

namespace Stepflow.Client.Protocol.V012;

/// <summary>
/// How a 0.12/0.13 server reports failures (docs/server-api.md §3.2–§3.4): a JSON envelope from the services, plain
/// text from the framework, and bare statuses from the blob routes. All map to the same kinds as on 0.11.
/// </summary>
internal static class V012Errors
{
    /// <summary>The message the server gives when the flow it was asked to run has fatal problems.</summary>
    private const string AnalysisFailure = "error analyzing workflow";

    public static ServerAnswerException Classify(int status, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? cause)
    {
        var error = Answers.ErrorOf(status, body, headers);
        var kind = status switch
        {
            // A success answer without a body where JSON was due: a route this server does not have (docs/server-api.md §2.3).
            >= 200 and < 300 when cause is null || Answers.IsEmptyBody(headers) => AnswerKind.EndpointUnavailable,
            400 when error.Message == AnalysisFailure => AnswerKind.InvalidFlow,
            // An empty 404 is a missing blob here, never a missing endpoint (docs/server-api.md §3.4).
            _ => Answers.KindOf(status),
        };
        return new ServerAnswerException(kind, error, cause);
    }

    /// <summary>Reads <c>{"error":{"code","message","status"}}</c> whatever the content type says; anything else is not one.</summary>
    internal static V012ErrorBody? ReadEnvelope(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            var envelope = JsonSerializer.Deserialize(body, V012Json.Default.V012ErrorEnvelope);
            return envelope?.Error is { Message: not null, Code: not null } error ? error : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
