using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Stepflow.Api.Serialization;
using V013 = Stepflow.Api.V013;

namespace Stepflow.Api.Tests.Serialization;

/// <summary>
/// The models' metadata comes from the source-generated contexts, so trimmed and native AOT applications
/// read and write them without reflection, with the forward-compatibility rules intact.
/// </summary>
public class GeneratedContextTests
{
    private static readonly JsonSerializerOptions NoReflection = CreateOptions(reflectionEnabled: false);

    // A JSON model by its own marks (JSON-named members or an extensible value), independent of how the
    // code generator chose which types to list.
    public static TheoryData<Type> JsonModels() => new(ModelTypes());

    private static List<Type> ModelTypes()
    {
        var models = new List<Type>();
        foreach (var type in typeof(StepflowJson).Assembly.GetExportedTypes())
        {
            var isModel = type.GetProperties().Any(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
                || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IExtensibleEnumValue<>));
            if (isModel && !type.IsGenericTypeDefinition && !typeof(Exception).IsAssignableFrom(type))
            {
                models.Add(type);
            }
        }

        return models;
    }

    [Fact]
    public void BothGenerations_HaveModels()
    {
        var models = ModelTypes();

        Assert.Contains(typeof(RunDetails), models);
        Assert.Contains(typeof(V013.GetRunResponse), models);
        Assert.True(models.Count > 90, $"only {models.Count} models found");
    }

    [Theory]
    [MemberData(nameof(JsonModels))]
    public void EveryModel_ResolvesFromTheGeneratedContexts(Type model)
    {
        var typeInfo = StepflowJson.GeneratedModels.GetTypeInfo(model, NoReflection);

        Assert.NotNull(typeInfo);
        Assert.Equal(model, typeInfo.Type);
    }

    [Fact]
    public void WithoutReflection_ATypeNoContextHas_IsNotSupported()
    {
        var counts = new Dictionary<ExecutionStatus, int> { [ExecutionStatus.Running] = 1 };

        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(counts, NoReflection));
        Assert.Equal("""{"running":1}""", JsonSerializer.Serialize(counts, StepflowJson.Options));
    }

    [Fact]
    public void WithoutReflection_UnknownValuesEventsAndLateTags_StillRead()
    {
        var unknownEvent = JsonSerializer.Deserialize<StatusEvent>("""{"sequenceNumber":7,"event":"runArchived","runId":"2b1c1f9e-0000-4000-8000-000000000001","timestamp":"2026-03-20T20:15:02Z"}""", NoReflection)!;
        var lateTag = JsonSerializer.Deserialize<FlowResult>("""{"result":{"greeting":"hi"},"outcome":"success"}""", NoReflection)!;
        var run = JsonSerializer.Deserialize<RunSummary>("""{"runId":"2b1c1f9e-0000-4000-8000-000000000001","status":"archived","brandNew":{"a":1}}""", NoReflection)!;

        Assert.Equal(typeof(StatusEvent), unknownEvent.GetType());
        Assert.Equal(7, unknownEvent.SequenceNumber);
        Assert.Equal("hi", Assert.IsType<FlowResultSuccess>(lateTag).Result!["greeting"]!.GetValue<string>());
        Assert.Equal(new ExecutionStatus("archived"), run.Status);
        Assert.Equal("archived", JsonDocument.Parse(JsonSerializer.Serialize(run, NoReflection)).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void WithoutReflection_AdditionalProperties_AreWrittenBack()
    {
        var error = JsonSerializer.Deserialize<ErrorResponse>("""{"code":404,"message":"gone","hint":"retry later","detail":{"n":1}}""", NoReflection)!;

        var json = JsonDocument.Parse(JsonSerializer.Serialize(error, NoReflection)).RootElement;

        Assert.Equal("retry later", json.GetProperty("hint").GetString());
        Assert.Equal(1, json.GetProperty("detail").GetProperty("n").GetInt32());
    }

    [Fact]
    public void AnApplicationsOwnResolver_IsAskedFirst()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = OwnContext.Default };
        StepflowJson.Configure(options);

        Assert.Equal("""{"Name":"x"}""", JsonSerializer.Serialize(new OwnRecord("x"), options));
        Assert.Equal(ExecutionStatus.Running, JsonSerializer.Deserialize<RunSummary>("""{"status":"running"}""", options)!.Status);
    }

    private static JsonSerializerOptions CreateOptions(bool reflectionEnabled)
    {
        var options = new JsonSerializerOptions();
        StepflowJson.Configure(options, reflectionEnabled);
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>A type of the application's own.</summary>
public sealed record OwnRecord(string Name);

[JsonSerializable(typeof(OwnRecord))]
internal sealed partial class OwnContext : JsonSerializerContext;
