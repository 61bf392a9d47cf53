namespace ResourceServers.Tests.Transport;

/// <summary>The capped view of a body: read-only, forwards its disposal, lets exactly the cap through and no more.</summary>
public class CappedReadStreamTests
{
    [Fact]
    public void It_is_a_read_only_forward_only_view()
    {
        using var capped = new CappedReadStream(new MemoryStream(new byte[4]), maxBytes: 4);

        Assert.True(capped.CanRead);
        Assert.False(capped.CanSeek);
        Assert.False(capped.CanWrite);
    }

    [Fact]
    public void Disposing_it_disposes_the_body_it_reads_so_the_connection_is_released()
    {
        var body = new MemoryStream(new byte[4]);

        new CappedReadStream(body, maxBytes: 4).Dispose();

        Assert.False(body.CanRead);
    }

    [Fact]
    public async Task Exactly_the_cap_reads_through_and_one_byte_more_is_refused()
    {
        var buffer = new byte[16];
        using var atCap = new CappedReadStream(new MemoryStream(new byte[10]), maxBytes: 10);
        using var overCap = new CappedReadStream(new MemoryStream(new byte[11]), maxBytes: 10);

        // Read to the end: the last read of the capped body is the empty one that says it has ended.
        Assert.Equal(10, await atCap.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false));
        await Assert.ThrowsAsync<CappedReadStream.LimitExceededException>(async () => await overCap.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false));
    }
}
