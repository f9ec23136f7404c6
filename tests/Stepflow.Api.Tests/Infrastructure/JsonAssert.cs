using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Api.Serialization;

namespace Stepflow.Api.Tests.Infrastructure;

/// <summary>Structural JSON comparisons and Stepflow (de)serialization shortcuts.</summary>
public static class JsonAssert
{
    /// <summary>Deserializes with the options every Stepflow client uses.</summary>
    public static T Deserialize<T>(string json)
    {
        var value = JsonSerializer.Deserialize<T>(json, StepflowJson.Options);
        Assert.NotNull(value);
        return value;
    }

    /// <summary>Serializes with the Stepflow options and parses the text back into a node.</summary>
    public static JsonNode? SerializeToNode<T>(T value) =>
        JsonNode.Parse(JsonSerializer.Serialize(value, StepflowJson.Options));

    /// <summary>Asserts two JSON documents are equal as JSON (property order ignored, array order kept).</summary>
    public static void Equal(string expectedJson, JsonNode? actual) =>
        Equal(JsonNode.Parse(expectedJson), actual);

    /// <summary>Asserts two JSON nodes are equal as JSON.</summary>
    public static void Equal(JsonNode? expected, JsonNode? actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"JSON differs.\nExpected: {ToText(expected)}\nActual:   {ToText(actual)}");
        }
    }

    /// <summary>
    /// Asserts equality after dropping object members whose value is JSON null from <paramref name="actual"/>:
    /// the generated models write unset optional members as explicit nulls, which the server accepts
    /// for every optional request key (docs/server-api.md §7.1, §8.1).
    /// </summary>
    public static void EqualIgnoringNullMembers(string expectedJson, JsonNode? actual) =>
        Equal(JsonNode.Parse(expectedJson), WithoutNullMembers(actual));

    /// <summary>How many times <paramref name="propertyName"/> occurs as a key anywhere in <paramref name="json"/>.</summary>
    public static int CountProperty(string json, string propertyName)
    {
        var count = 0;
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(propertyName))
            {
                count++;
            }
        }

        return count;
    }

    private static JsonNode? WithoutNullMembers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (value is not null)
                    {
                        copy[key] = WithoutNullMembers(value);
                    }
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(WithoutNullMembers)]);
            default:
                return node?.DeepClone();
        }
    }

    private static string ToText(JsonNode? node) => node?.ToJsonString() ?? "null";
}
