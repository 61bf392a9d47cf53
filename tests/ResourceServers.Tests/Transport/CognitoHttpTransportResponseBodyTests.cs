using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ResourceServers.TestTransports;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Transport;

/// <summary>
/// Success bodies are read whole and parsed from memory when their length is announced and small, and parsed as they
/// stream in otherwise. Both ways must give the same answers, for good bodies and bad.
/// </summary>
public class CognitoHttpTransportResponseBodyTests
{
    private const string Body = """{"ResourceServer":{"UserPoolId":"us-east-1_abc123","Identifier":"https://api.example.com","Name":"orders","Scopes":[{"ScopeName":"read","ScopeDescription":"Read"}]}}""";

    private const string PoolId = "us-east-1_abc123";

    private static readonly DescribeResourceServerRequest Describe = new() { UserPoolId = PoolId, Identifier = "https://api.example.com" };

    public enum Framing
    {
        /// <summary>Content-Length known: the buffered path.</summary>
        Announced,

        /// <summary>No Content-Length: the streaming path.</summary>
        Unannounced,
    }

    [Theory]
    [InlineData(Framing.Announced)]
    [InlineData(Framing.Unannounced)]
    public async Task A_good_body_reads_the_same_either_way(Framing framing)
    {
        var response = await DescribeWith(Content(Encoding.UTF8.GetBytes(Body), framing));

        Assert.Equal("orders", response.ResourceServer.Name);
        Assert.Equal("read", Assert.Single(response.ResourceServer.Scopes!).ScopeName);
    }

    [Theory]
    [InlineData(Framing.Announced)]
    [InlineData(Framing.Unannounced)]
    public async Task A_leading_utf8_byte_order_mark_is_skipped_either_way(Framing framing)
    {
        var response = await DescribeWith(Content([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Body)], framing));

        Assert.Equal("orders", response.ResourceServer.Name);
    }

    [Theory]
    [InlineData(Framing.Announced)]
    [InlineData(Framing.Unannounced)]
    public async Task A_cut_off_body_is_a_malformed_response_either_way(Framing framing)
    {
        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => DescribeWith(Content(Encoding.UTF8.GetBytes(Body[..40]), framing)));

        Assert.Equal(CognitoResponseReader.MalformedResponseCode, error.ErrorCode);
    }

    [Fact]
    public async Task A_body_shorter_than_its_announced_length_is_a_malformed_response()
    {
        var content = new StreamContent(new UnannouncedStream(Encoding.UTF8.GetBytes(Body[..40])));
        content.Headers.ContentLength = Body.Length;

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => DescribeWith(content));

        Assert.Equal(CognitoResponseReader.MalformedResponseCode, error.ErrorCode);
    }

    [Fact]
    public async Task A_body_longer_than_its_announced_length_is_a_malformed_response_not_a_silently_cut_one()
    {
        // The first object alone is complete JSON: read only up to the announced length, it would parse.
        var content = new StreamContent(new UnannouncedStream(Encoding.UTF8.GetBytes(Body + """{"extra":1}""")));
        content.Headers.ContentLength = Body.Length;

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => DescribeWith(content));

        Assert.Equal(CognitoResponseReader.MalformedResponseCode, error.ErrorCode);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
    }

    [Fact]
    public async Task A_body_announced_larger_than_the_buffering_limit_is_streamed_and_still_read()
    {
        // No legal Describe answer passes the limit (about 470 KB at most), so a legal list page does: 50 servers of
        // 100 scopes with 256-character descriptions.
        var page = WorstCasePage(description: new string('d', 256), escapedIdentifierChar: 'i');
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(page));
        Assert.True(content.Headers.ContentLength > CognitoResponseReader.MaxBufferedSuccessBodyBytes);

        var response = await ListWith(content, ResourceServerClientOptions.DefaultMaxResponseBodyBytes);

        Assert.Equal(50, response.ResourceServers.Count);
        Assert.All(response.ResourceServers, s => Assert.Equal(100, s.Scopes!.Count));
    }

    [Theory]
    [InlineData(Framing.Announced)]
    [InlineData(Framing.Unannounced)]
    public async Task The_default_cap_reads_the_largest_answer_the_service_model_allows(Framing framing)
    {
        // Every string at its maximum length and every character in its longest JSON form: descriptions of 256 emoji
        // (each a "\uXXXX\uXXXX" pair, 12 bytes) and identifiers, names and scope names of '+' (escaped "\u002B", 6 bytes).
        var page = WorstCasePage(description: string.Concat(Enumerable.Repeat("\U0001F600", 256)), escapedIdentifierChar: '+');
        var bytes = JsonSerializer.SerializeToUtf8Bytes(page);
        Assert.True(bytes.Length > 20_000_000, $"the worst case is {bytes.Length} bytes; the escaping did not happen");
        Assert.True(bytes.Length < ResourceServerClientOptions.DefaultMaxResponseBodyBytes, $"the worst case is {bytes.Length} bytes");

        var response = await ListWith(Content(bytes, framing), ResourceServerClientOptions.DefaultMaxResponseBodyBytes);

        Assert.Equal(50, response.ResourceServers.Count);
        Assert.Equal(page.ResourceServers[49].Scopes![99].ScopeDescription, response.ResourceServers[49].Scopes![99].ScopeDescription);
    }

    [Fact]
    public async Task An_endless_body_is_refused_once_the_cap_is_passed_having_read_no_more_than_the_cap_and_one_buffer()
    {
        const long cap = 64 * 1024;
        var endless = new EndlessJsonStream();

        var error = await AssertCognito.ThrowsAsync(
            CognitoErrorCodes.MalformedResponse,
            () => ListWith(new StreamContent(endless), cap));

        Assert.Contains("MaxResponseBodyBytes", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
        Assert.InRange(endless.BytesRead, cap + 1, cap + EndlessJsonStream.MaxChunk);
    }

    [Fact]
    public async Task A_body_announced_longer_than_the_cap_is_refused_before_a_byte_is_read()
    {
        var endless = new EndlessJsonStream();
        var content = new StreamContent(endless);
        content.Headers.ContentLength = 200L * 1024 * 1024;

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.MalformedResponse, () => ListWith(content, 1024 * 1024));

        Assert.Equal(0, endless.BytesRead);
    }

    private static ListResourceServersResponse WorstCasePage(string description, char escapedIdentifierChar) => new()
    {
        ResourceServers = [.. Enumerable.Range(0, 50).Select(i => new ResourceServerType
        {
            UserPoolId = PoolId,
            Identifier = i.ToString("D2", CultureInfo.InvariantCulture) + new string(escapedIdentifierChar, 254),
            Name = new string(escapedIdentifierChar == 'i' ? 'n' : '+', 256),
            Scopes = [.. Enumerable.Range(0, 100).Select(j => new ResourceServerScopeType
            {
                ScopeName = j.ToString("D3", CultureInfo.InvariantCulture) + new string(escapedIdentifierChar, 253),
                ScopeDescription = description,
            })],
        })],
    };

    private static Task<ListResourceServersResponse> ListWith(HttpContent content, long maxResponseBodyBytes) =>
        HttpTransports.Create(
            new HttpClient(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = content })),
            new ResourceServerClientOptions { Region = "us-east-1", Credentials = TransportHarness.Basic, MaxResponseBodyBytes = maxResponseBodyBytes })
            .ListResourceServersAsync(new ListResourceServersRequest { UserPoolId = PoolId, MaxResults = 50 });

    /// <summary>A list page that never ends, counting what the reader took from it.</summary>
    private sealed class EndlessJsonStream : Stream
    {
        public const int MaxChunk = 16 * 1024;

        private static readonly byte[] Item = Encoding.UTF8.GetBytes("""{"UserPoolId":"us-east-1_abc123","Identifier":"x","Name":"n"},""");
        private long _position;

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, MaxChunk);
            for (var i = 0; i < n; i++, _position++)
            {
                const string Start = """{"ResourceServers":[""";
                buffer[i] = _position < Start.Length ? (byte)Start[(int)_position] : Item[(int)((_position - Start.Length) % Item.Length)];
            }

            BytesRead += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static HttpContent Content(byte[] bytes, Framing framing) => framing == Framing.Announced
        ? new ByteArrayContent(bytes)
        : new StreamContent(new UnannouncedStream(bytes));

    private static Task<DescribeResourceServerResponse> DescribeWith(HttpContent content) =>
        TransportHarness.Create(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = content }))
            .DescribeResourceServerAsync(Describe);
}
