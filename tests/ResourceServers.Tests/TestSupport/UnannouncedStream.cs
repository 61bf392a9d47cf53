namespace ResourceServers.Tests.TestSupport;

/// <summary>
/// A body whose length <see cref="HttpContent"/> cannot compute, as with a chunked response: wrapped in a
/// <see cref="StreamContent"/>, it has no Content-Length, so the reader must stream it rather than read it whole.
/// </summary>
internal sealed class UnannouncedStream(byte[] bytes) : MemoryStream(bytes, writable: false)
{
    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }
}
