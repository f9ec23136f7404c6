using Stepflow.OpenApi.Normalizer;
using Stepflow.OpenApi.Normalizer.JsonContext;

namespace Stepflow.OpenApi.Normalizer.Tests;

/// <summary>The source-generated context lists every JSON model NSwag wrote, and nothing else.</summary>
public class JsonContextWriterTests
{
    private const string Models = """
        namespace Sample
        {
            public partial interface IRunClient
            {
                System.Threading.Tasks.Task<FileResponse> GetAsync(System.IO.Stream body);
            }

            public partial class RunSummary
            {
                public string Id { get; set; }
            }

            public partial class RunCreated : StatusEvent
            {
            }

            public readonly partial struct ExecutionStatus : System.IEquatable<ExecutionStatus>
            {
            }

            public enum Level
            {
                Low = 0,
            }

            public partial class FileParameter
            {
                public System.IO.Stream Data { get; private set; }
            }

            public partial class SampleException : System.Exception
            {
            }

            public partial class SampleException<TResult> : SampleException
            {
            }

            public partial class Page<T>
            {
            }
        }
        """;

    [Fact]
    public void FindsClassesStructsEnumsAndDerivedTypes_InFileOrder()
    {
        Assert.Equal(["RunSummary", "RunCreated", "ExecutionStatus", "Level"], JsonContextWriter.FindModelTypes(Models));
    }

    [Fact]
    public void Write_ListsEachModelInItsNamespace_AndTheRuntimeValueTypes()
    {
        var text = JsonContextWriter.Write(Models, "Sample", "SampleJsonContext");

        Assert.Contains("namespace Sample\n", text);
        Assert.Contains("[global::System.Text.Json.Serialization.JsonSerializable(typeof(global::Sample.RunSummary))]", text);
        Assert.Contains("[global::System.Text.Json.Serialization.JsonSerializable(typeof(global::System.Text.Json.JsonElement))]", text);
        Assert.Contains("internal sealed partial class SampleJsonContext : global::System.Text.Json.Serialization.JsonSerializerContext", text);
        Assert.DoesNotContain("FileParameter", text);
        Assert.DoesNotContain("SampleException", text);
        Assert.DoesNotContain("IRunClient", text);
    }

    [Fact]
    public void Write_IsStable()
    {
        Assert.Equal(JsonContextWriter.Write(Models, "Sample", "C"), JsonContextWriter.Write(Models, "Sample", "C"));
    }

    [Fact]
    public void AFileWithoutModels_IsAnError()
    {
        var error = Assert.Throws<NormalizationException>(() => JsonContextWriter.Write("namespace Empty { }", "Empty", "C"));

        Assert.Contains("no model type", error.Message);
    }

    [Fact]
    public void TheCommittedContexts_ListEveryCommittedModel()
    {
        foreach (var (models, context) in new[]
        {
            ("StepflowApi.Models.g.cs", "StepflowApi.JsonContext.g.cs"),
            ("V013/StepflowApi.V013.Models.g.cs", "V013/StepflowApi.V013.JsonContext.g.cs"),
        })
        {
            var text = File.ReadAllText(RepositorySpecTests.RepoFile(["src", "Stepflow.Api", "Generated", .. context.Split('/')]));
            var types = JsonContextWriter.FindModelTypes(File.ReadAllText(RepositorySpecTests.RepoFile(["src", "Stepflow.Api", "Generated", .. models.Split('/')])));

            Assert.True(types.Count > 40, $"{models}: only {types.Count} models");
            Assert.All(types, type => Assert.Contains("." + type + "))]", text));
        }
    }
}
