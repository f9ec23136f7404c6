using System.Text.Json;
using System.Text.Json.Nodes;
using Stepflow.Client.Protocol.V012;

namespace Stepflow.Client.Tests.Protocol;

/// <summary>
/// 0.12/0.13 values read straight from the JSON bytes: outputs repaired as they are read, ids and times without
/// intermediate strings, with the same results (and errors) as reading text first.
/// </summary>
public sealed class V012WireReadingTests
{
    public static TheoryData<string, string> Outputs() => new()
    {
        { """{"n":7.0}""", """{"n":7}""" },
        { """{"a":[1.0,2.5,-3.0,0.0]}""", """{"a":[1,2.5,-3,0]}""" },
        { """{"deep":{"deeper":[{"x":1e3}]}}""", """{"deep":{"deeper":[{"x":1000}]}}""" },
        { """{"big":9007199254740992.0}""", """{"big":9007199254740992}""" },
        { """{"beyond":9007199254740994.0}""", """{"beyond":9007199254740994.0}""" },
        { """{"s":"7.0","b":true,"f":false,"z":null}""", """{"s":"7.0","b":true,"f":false,"z":null}""" },
        { """{"i":7,"list":[]}""", """{"i":7,"list":[]}""" },
        { """{"caf\u00e9":"t\"q\"","n":2.0}""", """{"caf\u00E9":"t\u0022q\u0022","n":2}""" },
        { """[1.0,{"a":2.0}]""", """[1,{"a":2}]""" },
        { "42.0", "42" },
        { "\"text\"", "\"text\"" },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Step_outputs_are_repaired_as_they_are_read(string output, string expected)
    {
        var step = JsonSerializer.Deserialize("""{"stepId":"s","output":""" + output + ""","journalSeqno":3}""", V012Json.Default.V012StepStatus)!;

        Assert.Equal(expected, step.Output!.ToJsonString());
        Assert.Equal(V012Values.Integral(JsonNode.Parse(output))!.ToJsonString(), step.Output.ToJsonString());
        Assert.Equal(3, step.JournalSeqno);
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Event_results_are_repaired_from_their_element(string output, string expected)
    {
        JsonNode? node;
        using (var document = JsonDocument.Parse(output))
        {
            node = IntegralJson.ToNode(document.RootElement, owned: false);
        }

        // The document is gone: the node must not depend on it.
        Assert.Equal(expected, node!.ToJsonString());
    }

    [Fact]
    public void Repaired_numbers_read_as_every_integer_type_and_keep_key_order()
    {
        var item = JsonSerializer.Deserialize("""{"itemIndex":0,"output":{"z":512.0,"a":"x","m":-3.0}}""", V012Json.Default.V012ItemResult)!;

        var output = item.Output!.AsObject();
        Assert.Equal(["z", "a", "m"], output.Select(p => p.Key));
        Assert.Equal(512, output["z"]!.GetValue<int>());
        Assert.Equal(512L, output["z"]!.GetValue<long>());
        Assert.Equal(-3, output["m"]!.GetValue<int>());
    }

    [Fact]
    public async Task Large_outputs_read_from_a_stream_in_small_chunks_are_repaired_whole()
    {
        // Outputs far larger than the serializer's buffer, arriving a few bytes at a time, as a slow network delivers them.
        var values = string.Join(",", Enumerable.Range(0, 5_000).Select(i => $"{i}.0"));
        var json = $$$"""{"results":[{"itemIndex":0,"status":2,"output":{"label":"x","values":[{{{values}}}]}},{"itemIndex":1,"status":2,"output":{"n":2.5}}]}""";
        using var stream = new ChunkedStream(System.Text.Encoding.UTF8.GetBytes(json), chunk: 7);

        var items = await JsonSerializer.DeserializeAsync(stream, V012Json.Default.V012ItemsResponse);

        var first = items!.Results![0].Output!.AsObject();
        Assert.Equal("x", first["label"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(0, 5_000), first["values"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal("""{"n":2.5}""", items.Results[1].Output!.ToJsonString());
    }

    [Fact]
    public void A_null_or_missing_output_is_null()
    {
        Assert.Null(JsonSerializer.Deserialize("""{"stepId":"s","output":null}""", V012Json.Default.V012StepStatus)!.Output);
        Assert.Null(JsonSerializer.Deserialize("""{"stepId":"s"}""", V012Json.Default.V012StepStatus)!.Output);
    }

    [Fact]
    public void A_cut_off_output_is_a_json_error()
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize("""{"stepId":"s","output":{"n":1.0""", V012Json.Default.V012StepStatus));
    }

    [Theory]
    [InlineData("2026-03-20T20:15:02.118431Z", "2026-03-20T20:15:02.1184310+00:00")]
    [InlineData("2026-03-20T22:15:02+02:00", "2026-03-20T20:15:02.0000000+00:00")]
    [InlineData("2026-03-20T20:15:02", "2026-03-20T20:15:02.0000000+00:00")]
    [InlineData("2026-03-20 20:15:02Z", "2026-03-20T20:15:02.0000000+00:00")]
    [InlineData("2026-03-20T20:15:02\\u002B00:00", "2026-03-20T20:15:02.0000000+00:00")]
    public void Times_read_as_utc_whatever_their_form(string text, string expected)
    {
        var step = JsonSerializer.Deserialize($$"""{"updatedAt":"{{text}}"}""", V012Json.Default.V012StepStatus)!;

        Assert.Equal(expected, step.UpdatedAt.Value!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.Zero, step.UpdatedAt.Value.Value.Offset);
        Assert.Equal(V012Mapper.Time(JsonDocument.Parse("\"" + text + "\"").RootElement.GetString()), step.UpdatedAt.Value);
    }

    [Theory]
    [InlineData("\"soon\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void Text_that_is_no_time_reads_as_absent(string json)
    {
        Assert.Null(JsonSerializer.Deserialize($$"""{"updatedAt":{{json}}}""", V012Json.Default.V012StepStatus)!.UpdatedAt.Value);
    }

    [Fact]
    public void A_time_that_is_not_text_is_a_json_error()
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize("""{"updatedAt":12}""", V012Json.Default.V012StepStatus));
    }

    [Fact]
    public void Run_ids_are_read_as_guids_and_bad_ones_are_named()
    {
        var id = Guid.NewGuid();
        var good = JsonSerializer.Deserialize($$$"""{"summary":{"runId":"{{{id}}}","rootRunId":"{{{id:N}}}","parentRunId":"nope","status":2}}""",
            V012Json.Default.V012GetRunResponse)!;
        var bad = JsonSerializer.Deserialize("""{"summary":{"runId":"run-7","rootRunId":"run-7","status":2}}""", V012Json.Default.V012GetRunResponse)!;

        var details = V012Mapper.Details(good);
        Assert.Equal(id, details.RunId);
        Assert.Equal(id, details.RootRunId);
        Assert.Null(details.ParentRunId);
        var error = Assert.Throws<JsonException>(() => V012Mapper.Details(bad));
        Assert.Contains("'runId' is not a run id: 'run-7'", error.Message);
    }

    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }
}
