using Stepflow.OpenApi.Normalizer;
using Stepflow.OpenApi.Normalizer.JsonContext;
using Stepflow.OpenApi.Normalizer.ProtobufRest;

// Commands:
//   normalize <in> <out.json> [--docs overlay.json] [--protobuf-rest facts.json]
//                                    the NSwag-ready OpenAPI 3.0 form of a server's document (JSON, or YAML
//                                    for .yaml/.yml), documentation gaps filled from the overlay (see
//                                    DocOverlay); --protobuf-rest marks a 0.12/0.13 server's document and
//                                    names its wire facts (see ProtobufRest/WireFacts.cs)
//   format    <in.json> <out.json>   the repository's stable pretty-printed form
//   fetch     <server-url> <out.json> download {server-url}/api/v1/openapi.json in that form
//   json-context <models.g.cs> <out.g.cs> <namespace> <context-name>
//                                    the source-generated JsonSerializerContext for NSwag's models (see
//                                    JsonContext/JsonContextWriter.cs)
const string Usage = """
    usage: Stepflow.OpenApi.Normalizer normalize <input.json|yaml> <output.json> [--docs <overlay.json>] [--protobuf-rest <facts.json>]
           Stepflow.OpenApi.Normalizer format <input.json> <output.json>
           Stepflow.OpenApi.Normalizer fetch <server-url> <output.json>
           Stepflow.OpenApi.Normalizer json-context <models.g.cs> <output.g.cs> <namespace> <context-name>
    """;

if (args is ["json-context", var modelsPath, var contextPath, var contextNamespace, var contextName])
{
    if (!File.Exists(modelsPath))
    {
        Console.Error.WriteLine($"error: models file not found: {modelsPath}");
        return 1;
    }

    try
    {
        var written = SpecFormatter.WriteIfChanged(contextPath, JsonContextWriter.Write(await File.ReadAllTextAsync(modelsPath), contextNamespace, contextName));
        Console.WriteLine($"json-context: {modelsPath} -> {contextPath}{(written ? string.Empty : " (unchanged)")}");
        return 0;
    }
    catch (NormalizationException ex)
    {
        Console.Error.WriteLine($"error: {ex.Message}");
        return 1;
    }
}

if (args.Length < 3 || args[0] is not ("normalize" or "format" or "fetch"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var (command, source, output) = (args[0], args[1], args[2]);
string? overlayPath = null;
string? factsPath = null;
for (var i = 3; i < args.Length; i += 2)
{
    if (command != "normalize" || i + 1 >= args.Length || args[i] is not ("--docs" or "--protobuf-rest"))
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }

    if (args[i] == "--docs")
    {
        overlayPath = args[i + 1];
    }
    else
    {
        factsPath = args[i + 1];
    }
}

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
        foreach (var (path, what) in new[] { (source, "OpenAPI document"), (overlayPath, "doc overlay"), (factsPath, "wire facts") })
        {
            if (path is not null && !File.Exists(path))
            {
                Console.Error.WriteLine($"error: {what} not found: {path}");
                return 1;
            }
        }

        var document = SpecFormatter.ParseFile(await File.ReadAllTextAsync(source), source);
        if (command == "normalize")
        {
            var facts = factsPath is null ? null : WireFacts.Parse(SpecFormatter.Parse(await File.ReadAllTextAsync(factsPath), factsPath));
            document = OpenApiNormalizer.Normalize(document, facts, out var notes);
            foreach (var note in notes)
            {
                Console.WriteLine($"note: wire facts entry ignored, {note}");
            }

            if (overlayPath is not null)
            {
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
