using Stepflow.OpenApi.Normalizer;

// Commands:
//   normalize <in.json> <out.json> [--docs overlay.json]
//                                    the NSwag-ready OpenAPI 3.0 form of a 3.1 document, documentation
//                                    gaps filled from the overlay (see DocOverlay)
//   format    <in.json> <out.json>   the repository's stable pretty-printed form
//   fetch     <server-url> <out.json> download {server-url}/api/v1/openapi.json in that form
const string Usage = """
    usage: Stepflow.OpenApi.Normalizer normalize <input.json> <output.json> [--docs <overlay.json>]
           Stepflow.OpenApi.Normalizer format <input.json> <output.json>
           Stepflow.OpenApi.Normalizer fetch <server-url> <output.json>
    """;

var withDocs = args.Length == 5 && args[0] == "normalize" && args[3] == "--docs";
if ((args.Length != 3 && !withDocs) || args[0] is not ("normalize" or "format" or "fetch"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var (command, source, output) = (args[0], args[1], args[2]);
var overlayPath = withDocs ? args[4] : null;
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
        if (command == "normalize")
        {
            document = OpenApiNormalizer.Normalize(document);
            if (overlayPath is not null)
            {
                if (!File.Exists(overlayPath))
                {
                    Console.Error.WriteLine($"error: doc overlay not found: {overlayPath}");
                    return 1;
                }

                var unused = DocOverlay.Apply(document, SpecFormatter.Parse(await File.ReadAllTextAsync(overlayPath), overlayPath));
                foreach (var entry in unused)
                {
                    Console.WriteLine($"note: doc overlay entry ignored, {entry}");
                }
            }
        }

        text = SpecFormatter.Format(document);
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
