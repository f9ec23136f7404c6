using Stepflow.OpenApi.Normalizer;

// Commands:
//   normalize <in.json> <out.json>   the NSwag-ready OpenAPI 3.0 form of a 3.1 document
//   format    <in.json> <out.json>   the repository's stable pretty-printed form
//   fetch     <server-url> <out.json> download {server-url}/api/v1/openapi.json in that form
const string Usage = """
    usage: Stepflow.OpenApi.Normalizer normalize <input.json> <output.json>
           Stepflow.OpenApi.Normalizer format <input.json> <output.json>
           Stepflow.OpenApi.Normalizer fetch <server-url> <output.json>
    """;

if (args.Length != 3 || args[0] is not ("normalize" or "format" or "fetch"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var (command, source, output) = (args[0], args[1], args[2]);
try
{
    string text;
    if (command == "fetch")
    {
        if (!Uri.TryCreate(source, UriKind.Absolute, out var serverUrl) || serverUrl.Scheme is not ("http" or "https"))
        {
            Console.Error.WriteLine($"error: not an http(s) URL: {source}");
            return 2;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        text = await SpecFetcher.FetchAsync(http, serverUrl, CancellationToken.None);
    }
    else
    {
        if (!File.Exists(source))
        {
            Console.Error.WriteLine($"error: OpenAPI document not found: {source}");
            return 1;
        }

        var document = SpecFormatter.Parse(await File.ReadAllTextAsync(source), source);
        text = SpecFormatter.Format(command == "normalize" ? OpenApiNormalizer.Normalize(document) : document);
    }

    var changed = SpecFormatter.WriteIfChanged(output, text);
    Console.WriteLine($"{command}: {source} -> {output}{(changed ? string.Empty : " (unchanged)")}");
    return 0;
}
catch (NormalizationException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
catch (TaskCanceledException)
{
    Console.Error.WriteLine($"error: timed out fetching {source}");
    return 1;
}
