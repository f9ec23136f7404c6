namespace Stepflow.Client;

/// <summary>Copies response and content headers into the dictionary shape the API exceptions carry.</summary>
internal static class HeaderSnapshot
{
    public static IReadOnlyDictionary<string, IEnumerable<string>> Of(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            headers[header.Key] = header.Value;
        }

        if (response.Content is not null)
        {
            foreach (var header in response.Content.Headers)
            {
                headers[header.Key] = header.Value;
            }
        }

        return headers;
    }
}
