using System.Xml.Linq;
using Stepflow.Api;

namespace Stepflow.Api.Tests.Packaging;

/// <summary>
/// The generated code documents every public member (the build enforces CS1591 as an error); these
/// tests pin that the switch stays on and that the shipped XML file carries real text.
/// </summary>
public class XmlDocumentationTests
{
    private static readonly Lazy<Dictionary<string, string>> Summaries = new(() =>
    {
        var xmlPath = Path.ChangeExtension(typeof(RunClient).Assembly.Location, ".xml");
        Assert.True(File.Exists(xmlPath), $"{xmlPath} is missing: GenerateDocumentationFile must stay on");
        return XDocument.Load(xmlPath).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => string.Join(" ", m.Elements("summary").Select(s => s.Value.Trim())));
    });

    [Theory]
    [InlineData("P:Stepflow.Api.RunSummary.RunId", "Id of the run.")]
    [InlineData("P:Stepflow.Api.StatusEvent.RunId", "Id of the run the event belongs to.")]
    [InlineData("P:Stepflow.Api.ExecutionStatus.RecoveryFailed", "orchestrator restart")]
    [InlineData("P:Stepflow.Api.TaskErrorCode.Unreachable", "always retried")]
    [InlineData("T:Stepflow.Api.FlowResult", "told apart by `outcome`")]
    [InlineData("T:Stepflow.Api.ExecutionStatus", "Lifecycle")]
    [InlineData("M:Stepflow.Api.ExecutionStatus.ToString", "wire text")]
    [InlineData("P:Stepflow.Api.RunSummary.AdditionalProperties", "does not declare")]
    [InlineData("P:Stepflow.Api.RunClient.BaseUrl", "endpoint paths are appended")]
    [InlineData("P:Stepflow.Api.RunClient.JsonSerializerSettings", "serializer settings")]
    [InlineData("M:Stepflow.Api.RunClient.#ctor(System.Net.Http.HttpClient)", "never disposes")]
    [InlineData("T:Stepflow.Api.IRunClient", "as an interface")]
    [InlineData("P:Stepflow.Api.FileResponse.Stream", "response body")]
    [InlineData("P:Stepflow.Api.StepflowApiException.StatusCode", "status code")]
    [InlineData("T:Stepflow.Api.V013.RunsClient", "Runs: start, read")]
    [InlineData("T:Stepflow.Api.V013.RunSummary", "A run's state")]
    [InlineData("P:Stepflow.Api.V013.RunSummary.CreatedAtSeqno", "Journal position")]
    [InlineData("F:Stepflow.Api.V013.ExecutionStatus.Completed", "EXECUTION_STATUS_COMPLETED")]
    [InlineData("P:Stepflow.Api.V013.StatusEventVariant.StepCompleted", "step-completed")]
    public void Members_nswag_leaves_bare_are_documented(string member, string expectedText)
    {
        Assert.True(Summaries.Value.TryGetValue(member, out var summary), $"{member} has no XML doc");
        Assert.Contains(expectedText, summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_code_never_switches_off_the_missing_doc_warning()
    {
        var generated = Path.Combine(RepoRoot(), "src", "Stepflow.Api", "Generated");
        var offenders = Directory.GetFiles(generated, "*.g.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadLines(f).Any(l => l.Contains("#pragma warning disable 1591", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToList();
        Assert.Empty(offenders);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stepflow.Api.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Stepflow.Api.sln not found above " + AppContext.BaseDirectory);
    }
}
