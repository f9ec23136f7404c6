using System.Text.Json.Nodes;

namespace Stepflow.OpenApi.Normalizer.ProtobufRest;

/// <summary>
/// protoc-gen-openapi declares the members of a protobuf <c>oneof</c> as ordinary camelCase properties
/// of the message; the REST layer nests the one that is set under the oneof's name, keyed by its
/// PascalCase variant name (externally tagged: <c>"event": {"StepCompleted": {…}}</c>,
/// docs/server-api.md §10.2, §11.2 item 4). The members move into a new schema with one property per
/// variant (<c>StatusEvent</c>'s <c>event</c> oneof gives <c>StatusEventVariant</c>, another
/// <c>Message.payload</c> would give <c>MessagePayload</c>), referenced from the oneof's name at the
/// place of the first member. Which properties form which oneof comes from <see cref="WireFacts"/>.
/// </summary>
internal static class Oneofs
{
    public static void Nest(JsonObject doc, WireFacts facts, List<string> notes)
    {
        var schemas = ProtobufRestRules.Schemas(doc);
        foreach (var (schemaName, oneofs) in facts.Oneofs)
        {
            if (schemas[schemaName]?["properties"] is not JsonObject properties)
            {
                notes.Add($"oneof schema '{schemaName}' is not in the document");
                continue;
            }

            foreach (var (oneof, members) in oneofs)
            {
                var present = members.Where(properties.ContainsKey).ToList();
                notes.AddRange(members.Except(present).Select(m => $"oneof member '{schemaName}.{m}' is not in the document"));
                if (present.Count == 0)
                {
                    continue;
                }

                if (properties.ContainsKey(oneof))
                {
                    throw new NormalizationException($"{schemaName} already has a property '{oneof}'; its oneof cannot be nested there.");
                }

                var pascal = NameRewriter.PascalCase(oneof);
                var variantName = ProtobufRestRules.FreeName(schemas,
                    schemaName.EndsWith(pascal, StringComparison.Ordinal) ? schemaName + "Variant" : schemaName + pascal);
                var variants = new JsonObject();
                var rebuilt = new JsonObject();
                foreach (var (key, value) in properties.ToList())
                {
                    properties.Remove(key);
                    if (!present.Contains(key))
                    {
                        rebuilt[key] = value;
                        continue;
                    }

                    if (!rebuilt.ContainsKey(oneof))
                    {
                        rebuilt[oneof] = new JsonObject
                        {
                            ["allOf"] = new JsonArray(ProtobufRestRules.Ref(variantName)),
                            ["description"] = "The kind of entry and its fields: exactly one member is set.",
                        };
                    }

                    variants[NameRewriter.PascalCase(key)] = value;
                }

                schemas[schemaName]!["properties"] = rebuilt;
                schemas[variantName] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = variants,
                    ["description"] = $"The {oneof} of a {schemaName}: one member, named after the kind. A kind this version does not know is kept in AdditionalProperties.",
                };
            }
        }
    }
}
