namespace Stepflow.Client.Tests.Operations;

/// <summary>BlobContent built by hand, as mocks do: no server is involved, so there is nothing that differs between generations.</summary>
public class BlobContentTests
{
    [Fact]
    public async Task Blob_content_can_be_built_for_mocks_and_owns_its_stream()
    {
        var bytes = new MemoryStream([1, 2, 3]);
        var content = new BlobContent("abc", bytes, "a.bin", BlobType.Binary, 3);

        Assert.Equal("abc", content.BlobId);
        Assert.Equal("a.bin", content.Filename);
        Assert.Equal(BlobType.Binary, content.BlobType);
        Assert.Equal(3, content.Length);
        Assert.Equal(1, content.Content.ReadByte());
        await content.DisposeAsync();
        Assert.False(bytes.CanRead);
        Assert.Throws<ArgumentException>(() => new BlobContent(" ", new MemoryStream()));
    }
}
