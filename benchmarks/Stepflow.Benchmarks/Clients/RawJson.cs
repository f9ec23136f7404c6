using System.Text.Json.Serialization;
using Stepflow.Api;

namespace Stepflow.Benchmarks.Clients;

/// <summary>The input every CreateRun benchmark sends (one item, like E7).</summary>
public sealed record GreetInput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("maxTokens")] int MaxTokens);

/// <summary>The body a hand-written client would send to <c>POST /runs</c>: typed input, nothing else.</summary>
public sealed record RawCreateRunRequest(
    [property: JsonPropertyName("flowId")] string FlowId,
    [property: JsonPropertyName("input")] IReadOnlyList<GreetInput> Input);

/// <summary>
/// Source-generated System.Text.Json metadata for the raw baselines. They read into the same
/// Stepflow.Api model types as the SDK, so every variant builds the same objects and the ratios measure
/// only what sits between the socket and those objects.
/// </summary>
[JsonSourceGenerationOptions(AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(RunDetails))]
[JsonSerializable(typeof(CreateRunResponse))]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(RawCreateRunRequest))]
[JsonSerializable(typeof(GreetInput))]
[JsonSerializable(typeof(ListItemsResponse))]
[JsonSerializable(typeof(StatusEvent))]
public sealed partial class RawJson : JsonSerializerContext;
