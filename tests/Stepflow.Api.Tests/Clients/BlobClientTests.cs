using System.Text.Json.Nodes;
using Stepflow.Api.Tests.Infrastructure;

namespace Stepflow.Api.Tests.Clients;

/// <summary><c>POST /blobs</c> (op <c>storeBlob</c>) and <c>GET /blobs/{blob_id}</c> (op <c>getBlob</c>).</summary>
public sealed class BlobClientTests : IDisposable
{
    private readonly MockStepflowServer _mock = new();

    public void Dispose() => _mock.Dispose();

    [Fact]
    public async Task StoreBlob_PostsJsonEnvelope_AndParsesBlobId()
    {
        _mock.RespondJson("POST", "/api/v1/blobs", ContractSamples.E4StoreBlobResponse);
        var body = new StoreBlobRequest
        {
            Data = JsonNode.Parse("""{"code":"input['a'] + input['b']"}"""),
            BlobType = BlobType.Data,
            Filename = "udf.json",
        };

        var response = await _mock.BlobClient().StoreBlobAsync(body, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/blobs", request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.StartsWith("application/json", Assert.Single(MockStepflowServer.HeaderOf(request, "Content-Type")), StringComparison.Ordinal);
        JsonAssert.Equal(ContractSamples.E4StoreBlobRequest, MockStepflowServer.JsonBodyOf(request));
        Assert.Equal(ContractSamples.BlobId, response.BlobId);
        Assert.Equal("udf.json", response.Filename);
    }

    [Fact]
    public async Task GetBlob_GetsById_AndParsesE6()
    {
        _mock.RespondJson("GET", "/api/v1/blobs/" + ContractSamples.BlobId, ContractSamples.E6GetBlobResponse);

        var blob = await _mock.BlobClient().GetBlobAsync(ContractSamples.BlobId, _mock.Timeout);

        var request = _mock.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/blobs/" + ContractSamples.BlobId, request.Path);
        Assert.Empty(MockStepflowServer.QueryOf(request));
        Assert.DoesNotContain("application/octet-stream", string.Join(',', MockStepflowServer.HeaderOf(request, "Accept")), StringComparison.Ordinal);
        JsonAssert.Equal("""{"code":"input['a'] + input['b']"}""", blob.Data);
        Assert.Equal(BlobType.Data, blob.BlobType);
        Assert.Equal(ContractSamples.BlobId, blob.BlobId);
        Assert.Equal("udf.json", blob.Filename);
    }
}
