using System.Text.Json.Nodes;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Models;

/// <summary>Health, blob, component and error bodies (E4, E6, E15–E17, E19).</summary>
public class ServiceModelsTests
{
    [Fact]
    public void HealthResponse_E19_KeepsOffsetTimestamp()
    {
        var health = JsonAssert.Deserialize<HealthResponse>(ContractSamples.E19Health);

        Assert.Equal("healthy", health.Status);
        Assert.Equal("0.11.1", health.Version);
        Assert.Equal("2026-03-20T20:15:00.123456789+00:00", health.Timestamp);
        var parsed = DateTimeOffset.Parse(health.Timestamp, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 20, 15, 0, TimeSpan.Zero).AddTicks(1_234_568), parsed); // 9 digits round to 100 ns ticks
    }

    [Fact]
    public void StoreBlobRequest_E4_SerializesContractShape()
    {
        var request = new StoreBlobRequest
        {
            Data = JsonNode.Parse("""{"code":"input['a'] + input['b']"}"""),
            BlobType = BlobType.Data,
            Filename = "udf.json",
        };

        JsonAssert.Equal(ContractSamples.E4StoreBlobRequest, JsonAssert.SerializeToNode(request));
    }

    [Fact]
    public void StoreBlobResponse_E4()
    {
        var response = JsonAssert.Deserialize<StoreBlobResponse>(ContractSamples.E4StoreBlobResponse);

        Assert.Equal(ContractSamples.BlobId, response.BlobId);
        Assert.Equal("udf.json", response.Filename);
    }

    [Fact]
    public void StoreBlobResponse_WithoutFilename()
    {
        var response = JsonAssert.Deserialize<StoreBlobResponse>(ContractSamples.Fill("""{"blobId":"<B>"}"""));

        Assert.Equal(ContractSamples.BlobId, response.BlobId);
        Assert.Null(response.Filename);
    }

    [Fact]
    public void GetBlobResponse_E6()
    {
        var response = JsonAssert.Deserialize<GetBlobResponse>(ContractSamples.E6GetBlobResponse);

        JsonAssert.Equal("""{"code":"input['a'] + input['b']"}""", response.Data);
        Assert.Equal(BlobType.Data, response.BlobType);
        Assert.Equal(ContractSamples.BlobId, response.BlobId);
        Assert.Equal("udf.json", response.Filename);
    }

    public static TheoryData<string, BlobType> BlobTypes => new()
    {
        { "flow", BlobType.Flow },
        { "data", BlobType.Data },
        { "binary", BlobType.Binary },
    };

    [Theory]
    [MemberData(nameof(BlobTypes))]
    public void GetBlobResponse_BlobTypes(string wire, BlobType expected)
    {
        var response = JsonAssert.Deserialize<GetBlobResponse>(
            $$"""{"data":[1,2],"blobType":"{{wire}}","blobId":"{{ContractSamples.BlobId}}"}""");

        Assert.Equal(expected, response.BlobType);
        Assert.Null(response.Filename);
        JsonAssert.Equal("[1,2]", response.Data);
    }

    [Fact]
    public void ListComponentsResponse_E17_WithoutSchemas()
    {
        var response = JsonAssert.Deserialize<ListComponentsResponse>(ContractSamples.E17ListComponents);

        Assert.False(response.Complete);
        Assert.Equal(2, response.Components.Count);
        Assert.Equal("/builtin/eval", response.Components[0].Component);
        Assert.Equal("Evaluate a nested flow", response.Components[0].Description);
        Assert.Null(response.Components[0].InputSchema);
        Assert.Null(response.Components[0].OutputSchema);
        Assert.Equal("/python/udf", response.Components[1].Component);
        Assert.Null(response.Components[1].Description);
        var failure = Assert.Single(response.FailedPlugins!);
        Assert.Equal("langflow", failure.Plugin);
        Assert.Equal("connection refused", failure.Error);
    }

    [Fact]
    public void ListComponentsResponse_E17_SnakeCaseSchemasGetDotnetNames()
    {
        var response = JsonAssert.Deserialize<ListComponentsResponse>(ContractSamples.E17ListComponentsWithSchemas);

        Assert.True(response.Complete);
        Assert.Null(response.FailedPlugins);
        var component = Assert.Single(response.Components);
        Assert.Equal("/builtin/eval", component.Component);
        JsonAssert.Equal("""{"type":"object","properties":{"flow":{"type":"object"}},"required":["flow"]}""", component.InputSchema);
        JsonAssert.Equal("""{"type":"object"}""", component.OutputSchema);
#pragma warning disable CS0618 // The former NSwag names stay as obsolete aliases.
        Assert.Same(component.Input_schema, component.InputSchema);
        Assert.Same(component.Output_schema, component.OutputSchema);
#pragma warning restore CS0618
    }

    [Fact]
    public void ComponentInfo_SerializesSnakeCaseSchemaKeysOnce()
    {
        var component = new ComponentInfo
        {
            Component = "/python/udf",
            InputSchema = JsonNode.Parse("""{"type":"object"}"""),
            OutputSchema = JsonNode.Parse("""{"type":"string"}"""),
        };

        var node = JsonAssert.SerializeToNode(component)!.AsObject();

        JsonAssert.Equal("""{"type":"object"}""", node["input_schema"]);
        JsonAssert.Equal("""{"type":"string"}""", node["output_schema"]);
        Assert.False(node.ContainsKey("inputSchema"));
        Assert.False(node.ContainsKey("InputSchema"));
        Assert.False(node.ContainsKey("outputSchema"));
    }

    [Fact]
    public void ErrorResponse_E15_WithStack()
    {
        var error = JsonAssert.Deserialize<ErrorResponse>(ContractSamples.E15CannotCancel);

        Assert.Equal(409, error.Code);
        Assert.Equal($"Run '{ContractSamples.RunIdText}' cannot be cancelled (status: Completed)", error.Message);
        var entry = Assert.Single(error.Stack!);
        Assert.Equal(error.Message, entry.Error);
        Assert.Null(entry.Attachments);
        Assert.Null(entry.Backtrace);
    }

    [Fact]
    public void ErrorResponse_E16_WithAttachmentsAndBacktrace()
    {
        var error = JsonAssert.Deserialize<ErrorResponse>(ContractSamples.E16RunNotFound);

        Assert.Equal(404, error.Code);
        Assert.Equal("Execution '00000000-0000-7000-8000-000000000000' not found", error.Message);
        var entry = Assert.Single(error.Stack!);
        Assert.Equal(["run lookup"], entry.Attachments!);
        Assert.Equal("   0: stepflow_server::api::runs::get_run", entry.Backtrace);
    }

    [Fact]
    public void ErrorResponse_WithoutStack()
    {
        var error = JsonAssert.Deserialize<ErrorResponse>(ContractSamples.E13NotConsistent);

        Assert.Equal(409, error.Code);
        Assert.Equal("Metadata not yet consistent: step has journal_seqno=3, requested asof=9", error.Message);
        Assert.Null(error.Stack);
    }
}
