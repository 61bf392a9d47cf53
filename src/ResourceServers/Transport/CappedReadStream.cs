namespace ResourceServers;

/// <summary>
/// A read-only view of a response body that fails once more than a set number of bytes has come through, so an
/// endless or oversized body costs at most the cap (plus one read buffer) however long the server keeps sending.
/// </summary>
internal sealed class CappedReadStream(Stream inner, long maxBytes) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        return _read > maxBytes ? throw new LimitExceededException() : read;
    }

    /// <summary>The body went past the cap; the reader turns this into the typed error.</summary>
    /// <remarks>Not an <see cref="IOException"/>, which the pipeline would retry: the same answer would be as long again.</remarks>
    internal sealed class LimitExceededException : Exception
    {
        // Stryker disable once String : equivalent: the reader catches this exception and throws its own typed error
        // without it, so no caller ever sees this message.
        public LimitExceededException()
            : base("The response body exceeded its size limit.")
        {
        }

        public LimitExceededException(string message)
            : base(message)
        {
        }

        public LimitExceededException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
