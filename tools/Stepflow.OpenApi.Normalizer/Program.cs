using Stepflow.OpenApi.Normalizer;

// Command line: `normalize <in> <out>` writes the NSwag-ready 3.0 document;
// `format <in> <out>` rewrites a document in the repository's stable pretty-printed form.
const string Usage = "usage: Stepflow.OpenApi.Normalizer (normalize|format) <input.json> <output.json>";

if (args.Length != 3 || args[0] is not ("normalize" or "format"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    var (command, input, output) = (args[0], args[1], args[2]);
    if (!File.Exists(input))
    {
        Console.Error.WriteLine($"error: OpenAPI document not found: {input}");
        return 1;
    }

    var document = SpecFormatter.Parse(await File.ReadAllTextAsync(input), input);
    var result = command == "normalize" ? OpenApiNormalizer.Normalize(document) : document;
    var changed = SpecFormatter.WriteIfChanged(output, SpecFormatter.Format(result));
    Console.WriteLine($"{command}: {input} -> {output}{(changed ? string.Empty : " (unchanged)")}");
    return 0;
}
catch (NormalizationException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
