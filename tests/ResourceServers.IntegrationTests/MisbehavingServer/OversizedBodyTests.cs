using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: a success body that never ends, or is far larger than any legal answer. The transport stops reading
/// at <see cref="ResourceServerClientOptions.MaxResponseBodyBytes"/> and fails with MalformedResponse, not retried.
/// Memory is bounded by what the transport reads, which is asserted by counting the bytes it took off the socket
/// (not by timing): at most the cap and one read buffer, however long the server keeps writing.
/// </summary>
public sealed class OversizedBodyTests : IAsyncLifetime
{
    private const long Cap = 1024 * 1024;
    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_endless_chunked_body_is_cut_at_the_cap_and_not_retried()
    {
        _server.Answer = async (c, _) =>
        {
            c.Response.StatusCode = 200;
            c.Response.ContentType = "application/x-amz-json-1.1";
            await c.Response.WriteAsync("""{"ResourceServers":[""", c.RequestAborted);
            var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Server() + ",", 200)));
            try
            {
                while (!c.RequestAborted.IsCancellationRequested)
                {
                    await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The client hung up: what the test expects.
            }

        };
        var counter = new ReadCountingHandler(new SocketsHttpHandler { AllowAutoRedirect = false });
        var client = _server.Client(new HttpClient(counter), configure: o => o.MaxResponseBodyBytes = Cap);

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, async () =>
        {
            await foreach (var _ in client.ListAsync(UserPoolId))
            {
            }
        });

        Assert.Contains("ResourceServers:MaxResponseBodyBytes", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
        Assert.Equal(1, _server.Count("ListResourceServers"));
        Assert.InRange(counter.BytesRead, Cap + 1, Cap + ReadCountingHandler.MaxRead);
    }

    [Fact]
    public async Task A_body_announced_larger_than_the_cap_is_refused_unread()
    {
        _server.Answer = async (c, _) =>
        {
            c.Response.StatusCode = 200;
            c.Response.ContentLength = 200L * 1024 * 1024;
            await c.Response.WriteAsync("""{"ResourceServer":""", c.RequestAborted);
        };
        var counter = new ReadCountingHandler(new SocketsHttpHandler { AllowAutoRedirect = false });

        await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => _server.Client(new HttpClient(counter), configure: o => o.MaxResponseBodyBytes = Cap).GetAsync(UserPoolId, Identifier));

        Assert.Equal(0, counter.BytesRead);
    }

    [Fact]
    public async Task The_cap_is_a_validated_setting_named_as_configuration_names_it()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => _server.Client(configure: o => o.MaxResponseBodyBytes = 10));

        Assert.Contains("ResourceServers:MaxResponseBodyBytes must be 65536..1073741824", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Counts the bytes the transport reads from each response body, wherever they came from.</summary>
    private sealed class ReadCountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public const int MaxRead = 64 * 1024;

        private long _read;

        public long BytesRead => Interlocked.Read(ref _read);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var original = response.Content;
            var counted = new StreamContent(new CountingStream(await original.ReadAsStreamAsync(cancellationToken), this));
            foreach (var header in original.Headers)
            {
                counted.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = counted;
            return response;
        }

        private sealed class CountingStream(Stream inner, ReadCountingHandler owner) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, Math.Min(count, MaxRead)));

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
                Counted(await inner.ReadAsync(buffer[..Math.Min(buffer.Length, MaxRead)], cancellationToken));

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

            private int Counted(int read)
            {
                Interlocked.Add(ref owner._read, read);
                return read;
            }
        }
    }
}
