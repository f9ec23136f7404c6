using System.Text.Json;

namespace Stepflow.Client.Tests.Models;

/// <summary>Statuses, codes, levels and blob types keep any value a server sends.</summary>
public sealed class ExtensibleValueTests
{
    [Fact]
    public void A_known_value_equals_its_static_member_and_prints_its_wire_text()
    {
        RunStatus parsed = "completed";

        Assert.Equal(RunStatus.Completed, parsed);
        Assert.True(parsed == RunStatus.Completed);
        Assert.False(parsed != RunStatus.Completed);
        Assert.Equal("completed", parsed.ToString());
        Assert.Equal(RunStatus.Completed.GetHashCode(), parsed.GetHashCode());
        Assert.Equal("COMPONENT_FAILED", TaskErrorCode.ComponentFailed.ToString());
        Assert.Equal("recoveryFailed", RunStatus.RecoveryFailed.ToString());
    }

    [Fact]
    public void An_unknown_value_keeps_its_text_compares_as_itself_and_is_not_terminal()
    {
        var archived = new RunStatus("archived");

        Assert.Equal("archived", archived.ToString());
        Assert.Equal(new RunStatus("archived"), archived);
        Assert.NotEqual(RunStatus.Completed, archived);
        Assert.False(archived.IsTerminal);
        Assert.Equal("-32100", new TaskErrorCode("-32100").ToString());
    }

    [Fact]
    public void Comparison_is_exact()
    {
        Assert.NotEqual(RunStatus.Completed, new RunStatus("Completed"));
    }

    [Fact]
    public void The_default_value_is_empty_and_equals_no_known_value()
    {
        RunStatus none = default;

        Assert.Equal(string.Empty, none.ToString());
        Assert.NotEqual(RunStatus.Running, none);
        Assert.False(none.IsTerminal);
        Assert.Throws<ArgumentException>(() => new RunStatus(" "));
    }

    [Theory]
    [InlineData("completed", true)]
    [InlineData("failed", true)]
    [InlineData("cancelled", true)]
    [InlineData("recoveryFailed", true)]
    [InlineData("running", false)]
    [InlineData("paused", false)]
    [InlineData("unspecified", false)]
    public void Terminal_statuses(string status, bool terminal) => Assert.Equal(terminal, new RunStatus(status).IsTerminal);

    [Fact]
    public void Values_serialize_as_their_text_and_read_strings_and_numbers()
    {
        Assert.Equal("\"archived\"", JsonSerializer.Serialize(new RunStatus("archived")));
        Assert.Equal(DiagnosticLevel.Fatal, JsonSerializer.Deserialize<DiagnosticLevel>("\"fatal\""));
        Assert.Equal(new TaskErrorCode("-32100"), JsonSerializer.Deserialize<TaskErrorCode>("-32100"));
        var summary = JsonSerializer.Deserialize<RunSummary>("""{"Status":"suspended"}""")!;
        Assert.Equal(new RunStatus("suspended"), summary.Status);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<BlobType>("{}"));
    }
}
