using System.Net;
using System.Text;
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

    private static readonly DescribeResourceServerRequest Describe = new() { UserPoolId = "us-east-1_abc123", Identifier = "https://api.example.com" };

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
        var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(Body[..40])));
        content.Headers.ContentLength = Body.Length;

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => DescribeWith(content));

        Assert.Equal(CognitoResponseReader.MalformedResponseCode, error.ErrorCode);
    }

    [Fact]
    public async Task A_body_longer_than_its_announced_length_is_a_malformed_response_not_a_silently_cut_one()
    {
        // The first object alone is complete JSON: read only up to the announced length, it would parse.
        var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(Body + """{"extra":1}""")));
        content.Headers.ContentLength = Body.Length;

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => DescribeWith(content));

        Assert.Equal(CognitoResponseReader.MalformedResponseCode, error.ErrorCode);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
    }

    [Fact]
    public async Task A_body_announced_larger_than_the_buffering_limit_is_streamed_and_still_read()
    {
        // A description long enough to pass the limit; the service would refuse it, the reader must not care.
        var description = new string('d', CognitoResponseReader.MaxBufferedSuccessBodyBytes);
        var big = """{"ResourceServer":{"Name":"orders","Scopes":[{"ScopeName":"read","ScopeDescription":"DESCRIPTION"}]}}""".Replace("DESCRIPTION", description, StringComparison.Ordinal);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(big));
        Assert.True(content.Headers.ContentLength > CognitoResponseReader.MaxBufferedSuccessBodyBytes);

        var response = await DescribeWith(content);

        Assert.Equal(CognitoResponseReader.MaxBufferedSuccessBodyBytes, Assert.Single(response.ResourceServer.Scopes!).ScopeDescription.Length);
    }

    private static HttpContent Content(byte[] bytes, Framing framing) => framing == Framing.Announced
        ? new ByteArrayContent(bytes)
        : new StreamContent(new NonSeekableStream(bytes));

    private static Task<DescribeResourceServerResponse> DescribeWith(HttpContent content) =>
        TransportHarness.Create(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = content }))
            .DescribeResourceServerAsync(Describe);

    /// <summary>A body whose length HttpContent cannot compute, as with a chunked response.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
