using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Transport;

/// <summary>
/// The reader's bounds and choices as a caller meets them: a body exactly at a cap is read and one byte more is not,
/// an error names the code the protocol says it should, and nothing the request was signed with comes back in one.
/// </summary>
public class CognitoResponseReaderTests
{
    private const string PoolId = "us-east-1_abc123";
    private const string Identifier = "https://api.example.com";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes($$$"""{"ResourceServer":{"UserPoolId":"{{{PoolId}}}","Identifier":"{{{Identifier}}}","Name":"orders"}}""");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_success_body_exactly_at_the_cap_is_read_and_one_byte_over_it_is_refused(bool announced)
    {
        var atCap = await ReadDescribe(Content(Body, announced), maxBodyBytes: Body.Length);

        Assert.Equal("orders", atCap.ResourceServer.Name);

        var cap = Body.Length - 1;
        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => ReadDescribe(Content(Body, announced), maxBodyBytes: cap));
        Assert.Equal(CognitoErrorCodes.MalformedResponse, error.ErrorCode);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"longer than {cap} bytes"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_longer_than_its_announced_length_is_refused_even_when_the_extra_byte_is_white_space()
    {
        // Body plus a space is valid JSON: only the length check can tell the body is not the one announced.
        var content = new StreamContent(new MemoryStream([.. Body, (byte)' ']));
        content.Headers.ContentLength = Body.Length;

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => ReadDescribe(content, maxBodyBytes: 1024));

        Assert.Equal(CognitoErrorCodes.MalformedResponse, error.ErrorCode);
        Assert.Contains("longer than its Content-Length", Assert.IsType<JsonException>(error.InnerException).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_body_that_is_not_json_names_the_shape_it_should_have_been()
    {
        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => ReadDescribe(new StringContent("<html>proxy</html>"), maxBodyBytes: 1024));

        Assert.Equal(CognitoErrorCodes.MalformedResponse, error.ErrorCode);
        Assert.StartsWith("HTTP 200 answered with a body that is not a DescribeResourceServerResponse JSON object.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_does_not_answer_the_request_names_the_member_at_fault()
    {
        var transport = TransportHarness.Create(new RecordingHandler(_ => RecordingHandler.Json(
            HttpStatusCode.OK, $$$"""{"ResourceServer":{"UserPoolId":"{{{PoolId}}}","Identifier":"{{{Identifier}}}"}}""")));

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => transport.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = PoolId, Identifier = Identifier }));

        Assert.Equal(CognitoErrorCodes.MalformedResponse, error.ErrorCode);
        Assert.StartsWith("HTTP 200 answered a DescribeResourceServerResponse that does not answer the request: ResourceServer.Name is missing.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"__type":"InternalErrorException","code":"ResourceNotFoundException"}""")]
    [InlineData("""{"code":"ResourceNotFoundException","__type":"InternalErrorException"}""")]
    [InlineData("""{"code":"ResourceNotFoundException"}""")]
    public async Task The_body_code_names_the_error_before_its_type(string body)
    {
        var error = await ReadError(RecordingHandler.Json(HttpStatusCode.BadRequest, body));

        Assert.IsType<ResourceServerNotFoundException>(error);
        Assert.Equal(CognitoErrorCodes.ResourceNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task The_first_message_member_is_the_message_a_later_one_does_not_replace_it()
    {
        var lowerFirst = await ReadError(RecordingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"InvalidParameterException","message":"first","Message":"second"}"""));
        var upperFirst = await ReadError(RecordingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"InvalidParameterException","Message":"first","message":"second"}"""));

        Assert.Equal("first", lowerFirst.ServiceMessage);
        Assert.Equal("first", upperFirst.ServiceMessage);
    }

    [Theory]
    [InlineData("""{"__type":"ResourceNotFoundException",}""")]
    [InlineData("""{"__type":"ResourceNotFoundException" /* a comment */}""")]
    public async Task An_error_body_with_trailing_commas_or_comments_is_not_json_and_names_no_code(string body)
    {
        var error = await ReadError(RecordingHandler.Json(HttpStatusCode.BadRequest, body));

        Assert.Equal(typeof(CognitoServiceException), error.GetType());
        Assert.Equal(CognitoErrorCodes.Unknown, error.ErrorCode);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public async Task An_error_body_is_read_up_to_its_bound_and_a_server_still_sending_is_not_waited_for()
    {
        // The first bound's worth has arrived, the rest never does: the reader must stop at the bound, not ask for more.
        var arrived = new byte[CognitoResponseReader.MaxErrorBodyBytes];
        Array.Fill(arrived, (byte)'x');
        """{"__type":"InternalErrorException","message":" """u8.CopyTo(arrived);
        var response = new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StreamContent(new StallingStream(arrived)) };
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var error = await CognitoResponseReader.ReadErrorAsync(response, NoSecrets(), patience.Token);

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public async Task Secrets_the_request_was_signed_with_are_redacted_from_an_echoed_error_code_and_message()
    {
        string[] sent = [];
        var transport = TransportHarness.Create(
            new RecordingHandler(request =>
            {
                var authorization = request.Headers.First(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value;
                var signature = authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
                sent = [authorization, signature, TransportHarness.SessionToken, TransportHarness.SecretKey];
                var body = JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["__type"] = TransportHarness.SecretKey,
                    ["message"] = $"auth {authorization} sig {signature} token {TransportHarness.SessionToken}",
                });
                return RecordingHandler.Json(HttpStatusCode.Forbidden, body);
            }),
            TransportHarness.Session);

        var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => transport.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = PoolId, Identifier = Identifier }));

        Assert.Equal(SignedSecrets.Placeholder, error.ErrorCode);
        Assert.Equal($"auth {SignedSecrets.Placeholder} sig {SignedSecrets.Placeholder} token {SignedSecrets.Placeholder}", error.ServiceMessage);
        Assert.Equal(4, sent.Length);
        foreach (var secret in sent)
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_answer_that_must_be_empty_is_read_up_to_its_bound_and_a_server_still_sending_is_not_waited_for()
    {
        // One byte past the bound has arrived (white space, which an empty answer may hold), the rest never does.
        var arrived = new byte[CognitoResponseReader.MaxEmptyBodyBytes + 1];
        Array.Fill(arrived, (byte)' ');
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(arrived)) };
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => CognitoResponseReader.ReadEmptyAsync(response, "DeleteResourceServer", patience.Token));

        Assert.Equal(CognitoErrorCodes.MalformedResponse, error.ErrorCode);
        Assert.False(patience.IsCancellationRequested);
    }

    [Fact]
    public async Task An_answer_that_must_be_empty_announced_longer_than_its_bound_is_refused_before_it_is_read()
    {
        var content = new StreamContent(new StallingStream([]));
        content.Headers.ContentLength = CognitoResponseReader.MaxEmptyBodyBytes + 1;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(
            () => CognitoResponseReader.ReadEmptyAsync(new HttpResponseMessage(HttpStatusCode.OK) { Content = content }, "DeleteResourceServer", patience.Token));

        Assert.Equal(CognitoErrorCodes.MalformedResponse, error.ErrorCode);
        Assert.Contains("neither empty nor {}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_empty_object_with_a_byte_order_mark_or_white_space_up_to_the_bound_is_an_empty_answer(bool announced)
    {
        var body = new byte[CognitoResponseReader.MaxEmptyBodyBytes];
        Array.Fill(body, (byte)'\n');
        "\uFEFF{}"u8.CopyTo(body);

        await CognitoResponseReader.ReadEmptyAsync(new HttpResponseMessage(HttpStatusCode.OK) { Content = Content(body, announced) }, "DeleteResourceServer", CancellationToken.None);
    }

    private static SignedSecrets NoSecrets() => new(authorization: null, sessionToken: null, secretKey: null);

    private static Task<CognitoServiceException> ReadError(HttpResponseMessage response) =>
        CognitoResponseReader.ReadErrorAsync(response, NoSecrets(), CancellationToken.None);

    private static Task<DescribeResourceServerResponse> ReadDescribe(HttpContent content, long maxBodyBytes) =>
        CognitoResponseReader.ReadSuccessAsync(new HttpResponseMessage(HttpStatusCode.OK) { Content = content }, CognitoJsonContext.Default.DescribeResourceServerResponse, maxBodyBytes, CancellationToken.None);

    // Announced: the length is known and the body is read whole; otherwise it streams through the capped reader.
    private static HttpContent Content(byte[] bytes, bool announced) => announced
        ? new ByteArrayContent(bytes)
        : new StreamContent(new UnannouncedStream(bytes));

    /// <summary>A body of which only some bytes have arrived: any read past them waits until cancelled.</summary>
    private sealed class StallingStream(byte[] arrived) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == arrived.Length)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var n = Math.Min(buffer.Length, arrived.Length - _position);
            arrived.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The reader reads asynchronously.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
