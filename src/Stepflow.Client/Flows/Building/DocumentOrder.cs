using System.Text.Json.Nodes;

namespace Stepflow.Client;

/// <summary>
/// Writes the keys of a flow or step object in the order a loaded document had them, so a flow loaded into a
/// builder and built again reads the same; new keys follow in the builder's own order.
/// </summary>
internal static class DocumentOrder
{
    public static JsonObject Write(IReadOnlyList<string>? order, JsonObject extras, params (string Key, JsonNode? Value)[] known)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in known.Where(k => k.Value is not null))
        {
            values[key] = value;
        }

        foreach (var (key, value) in extras)
        {
            values.TryAdd(key, value?.DeepClone());
        }

        var result = new JsonObject();
        foreach (var key in (order ?? []).Concat(known.Select(k => k.Key)).Concat(extras.Select(e => e.Key)))
        {
            if (values.Remove(key, out var value))
            {
                result[key] = value;
            }
        }

        return result;
    }
}
