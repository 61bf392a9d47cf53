using System.Net;
using System.Text;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Transport;

/// <summary>Error responses in every form AWS sends them, and bodies that are not what they should be.</summary>
public class CognitoHttpTransportErrorTests
{
    private const string UrlSuffix = ":http://internal.amazon.com/coral/com.amazonaws.cognito.identityprovider.model/";

    private static readonly DescribeResourceServerRequest Describe = new() { UserPoolId = "us-east-1_abc123", Identifier = "https://api.example.com" };

    public static TheoryData<string, string> ModelledErrorsInEveryForm()
    {
        var data = new TheoryData<string, string>();
        foreach (var code in new[] { "InvalidParameterException", "ResourceNotFoundException", "NotAuthorizedException", "TooManyRequestsException", "LimitExceededException", "InternalErrorException" })
        {
            foreach (var form in new[] { "bare", "namespaced", "url-suffix", "header-only", "capital-Message" })
            {
                data.Add(code, form);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelledErrorsInEveryForm))]
    public async Task Modelled_errors_become_their_typed_exception_in_every_wire_form(string code, string form)
    {
        var status = code == "InternalErrorException" ? HttpStatusCode.InternalServerError : HttpStatusCode.BadRequest;
        var response = form switch
        {
            "bare" => RecordingHandler.Json(status, $$"""{"__type":"{{code}}","message":"Something about it."}""", "rid-1"),
            "namespaced" => RecordingHandler.Json(status, $$"""{"__type":"aws.cognito#{{code}}","message":"Something about it."}""", "rid-1"),
            "url-suffix" => RecordingHandler.Json(status, $$"""{"__type":"{{code}}{{UrlSuffix}}","message":"Something about it."}""", "rid-1"),
            "header-only" => RecordingHandler.Json(status, """{"message":"Something about it."}""", "rid-1", ("X-Amzn-ErrorType", code + UrlSuffix)),
            "capital-Message" => RecordingHandler.Json(status, $$"""{"__type":"{{code}}","Message":"Something about it."}""", "rid-1"),
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };

        var error = await SendDescribe(response);

        // One type for every code but the one callers branch on by type.
        Assert.Equal(code == CognitoErrorCodes.ResourceNotFound ? typeof(ResourceServerNotFoundException) : typeof(CognitoServiceException), error.GetType());
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("rid-1", error.RequestId);
        Assert.Equal("Something about it.", error.ServiceMessage);
        Assert.Equal(code is "TooManyRequestsException" or "InternalErrorException", error.IsRetryable);
    }

    [Fact]
    public async Task The_header_names_the_error_even_with_an_empty_body()
    {
        var error = await SendDescribe(RecordingHandler.Json(HttpStatusCode.BadRequest, null, "rid-2", ("X-Amzn-ErrorType", "ResourceNotFoundException:")));

        var typed = Assert.IsType<ResourceServerNotFoundException>(error);
        Assert.Equal("rid-2", typed.RequestId);
        Assert.Null(typed.ServiceMessage);
    }

    [Fact]
    public async Task The_header_takes_precedence_over_the_body_type()
    {
        var error = await SendDescribe(RecordingHandler.Json(
            HttpStatusCode.BadRequest, """{"__type":"InvalidParameterException","message":"m"}""", headers: ("X-Amzn-ErrorType", "TooManyRequestsException")));

        AssertCognito.IsError(CognitoErrorCodes.TooManyRequests, error);
    }

    [Fact]
    public async Task An_unmodelled_code_becomes_the_base_type_with_that_code()
    {
        var error = await SendDescribe(RecordingHandler.Json(
            HttpStatusCode.BadRequest, """{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}""", "rid-3"));

        Assert.Equal(typeof(CognitoServiceException), error.GetType());
        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("rid-3", error.RequestId);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task A_front_end_throttle_with_an_unmodelled_code_is_retryable()
    {
        var error = await SendDescribe(RecordingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"Rate exceeded"}"""));

        Assert.Equal(typeof(CognitoServiceException), error.GetType());
        Assert.True(error.IsRetryable);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    public async Task An_empty_error_body_becomes_the_base_type_with_the_status(HttpStatusCode status, bool retryable)
    {
        var error = await SendDescribe(RecordingHandler.Json(status, null, "rid-4"));

        Assert.Equal(typeof(CognitoServiceException), error.GetType());
        Assert.Equal("Unknown", error.ErrorCode);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("rid-4", error.RequestId);
        Assert.Equal(retryable, error.IsRetryable);
    }

    [Fact]
    public async Task An_html_error_page_becomes_the_base_type_with_the_status_and_no_json_exception_escapes()
    {
        var html = "<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>";
        var response = new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent(html, Encoding.UTF8, "text/html") };

        var error = await SendDescribe(response);

        Assert.Equal(typeof(CognitoServiceException), error.GetType());
        Assert.Equal("Unknown", error.ErrorCode);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Null(error.RequestId);
        Assert.True(error.IsRetryable);
    }

    [Theory]
    [InlineData("""{"__type":"ResourceNotFoundException","message":"Resource""")]
    [InlineData("""{"__type":"ResourceNotFo""")]
    [InlineData("""{"__type":""")]
    [InlineData("{")]
    [InlineData("""{"__type":"ResourceNotFoundException"} trailing""")]
    public async Task Truncated_or_broken_json_becomes_the_base_type_with_the_status(string body)
    {
        var error = await SendDescribe(RecordingHandler.Json(HttpStatusCode.BadRequest, body, "rid-5"));

        Assert.Equal(typeof(CognitoServiceException), error.GetType());
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("rid-5", error.RequestId);
        Assert.False(error.IsRetryable);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"ResourceNotFoundException\"")]
    [InlineData("""{"__type":42,"message":["x"]}""")]
    public async Task Json_that_names_no_error_becomes_the_base_type(string body)
    {
        var error = await SendDescribe(RecordingHandler.Json(HttpStatusCode.BadRequest, body));

        Assert.Equal(typeof(CognitoServiceException), error.GetType());
        Assert.Equal("Unknown", error.ErrorCode);
    }

    [Fact]
    public async Task Only_a_bounded_prefix_of_an_endless_error_body_is_read()
    {
        var endless = new EndlessStream("""{"__type":"InternalErrorException","message":" """u8.ToArray(), (byte)'x');
        var response = new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StreamContent(endless) };

        var error = await SendDescribe(response);

        Assert.Equal(typeof(CognitoServiceException), error.GetType());
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.InRange(endless.BytesRead, CognitoResponseReader.MaxErrorBodyBytes, CognitoResponseReader.MaxErrorBodyBytes + 1024);
    }

    [Fact]
    public async Task A_body_that_breaks_off_mid_error_still_gives_the_status_and_header_code()
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StreamContent(new FailingStream()) };
        response.Headers.TryAddWithoutValidation("X-Amzn-ErrorType", "InternalErrorException");

        var error = await SendDescribe(response);

        AssertCognito.IsError(CognitoErrorCodes.InternalError, error);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.IsType<IOException>(error.InnerException);
    }

    [Theory]
    [InlineData("<html>oops</html>")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"ResourceServer":null}""")]
    [InlineData("""{"ResourceServer":{"Identifier":"x"}""")]
    [InlineData("""{"ResourceServer":"not an object"}""")]
    [InlineData("""{"ResourceServer":{"Scopes":[{"ScopeName":"read"}]}}""")]
    [InlineData("""{"ResourceServer":{"Scopes":[null]}}""")]
    public async Task A_success_status_with_a_body_that_is_not_the_expected_json_is_a_malformed_response_error(string body)
    {
        var error = await SendDescribe(RecordingHandler.Json(HttpStatusCode.OK, body, "rid-6"));

        Assert.Equal(typeof(CognitoServiceException), error.GetType());
        Assert.Equal("MalformedResponse", error.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal("rid-6", error.RequestId);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Invalid_utf8_in_an_error_body_still_gives_the_status()
    {
        var body = new ByteArrayContent([.. "{\"__type\":\""u8, 0xFF, 0xFE, .. "\"}"u8]);

        var error = await SendDescribe(new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = body });

        Assert.Equal(typeof(CognitoServiceException), error.GetType());
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_success_body_is_a_malformed_response_error()
    {
        var body = new ByteArrayContent([.. "{\"ResourceServer\":{\"Name\":\""u8, 0xFF, 0xFE, .. "\"}}"u8]);

        var error = await SendDescribe(new HttpResponseMessage(HttpStatusCode.OK) { Content = body });

        Assert.Equal("MalformedResponse", error.ErrorCode);
    }

    [Fact]
    public async Task Create_and_delete_map_their_errors_too()
    {
        var transport = TransportHarness.Create(new RecordingHandler(request => request.Header("X-Amz-Target")!.EndsWith("CreateResourceServer", StringComparison.Ordinal)
            ? RecordingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"LimitExceededException","message":"Quota reached"}""", "rid-c")
            : RecordingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"ResourceNotFoundException","message":"No such resource server"}""", "rid-d")));

        var create = await AssertCognito.ThrowsAsync(CognitoErrorCodes.LimitExceeded, () => transport.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = "p_1", Identifier = "i", Name = "n" }));
        var delete = await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => transport.DeleteResourceServerAsync(new DeleteResourceServerRequest { UserPoolId = "p_1", Identifier = "i" }));

        Assert.Equal(("rid-c", false), (create.RequestId, create.IsRetryable));
        Assert.Equal("No such resource server", delete.ServiceMessage);
    }

    [Theory]
    [InlineData("""{"NextToken":"t"}""")]
    [InlineData("""{"ResourceServers":[null]}""")]
    [InlineData("""{"ResourceServers":[{"Identifier":"x","Scopes":[null]}]}""")]
    public async Task A_list_page_without_a_complete_server_list_is_a_malformed_response_error(string body)
    {
        var transport = TransportHarness.Create(new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.OK, body)));

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => transport.ListResourceServersAsync(new ListResourceServersRequest { UserPoolId = "us-east-1_abc123" }));

        Assert.Equal("MalformedResponse", error.ErrorCode);
    }

    [Fact]
    public async Task Transport_failures_propagate_unchanged()
    {
        var failure = new HttpRequestException("connection refused");
        var transport = TransportHarness.Create(new RecordingHandler((_, _) => Task.FromException<HttpResponseMessage>(failure)));

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => transport.DescribeResourceServerAsync(Describe));

        Assert.Same(failure, thrown);
    }

    [Fact]
    public async Task An_io_failure_reading_a_success_body_propagates_unchanged()
    {
        var transport = TransportHarness.Create(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream()) }));

        await Assert.ThrowsAsync<IOException>(() => transport.DescribeResourceServerAsync(Describe));
    }

    [Fact]
    public async Task A_cancelled_call_surfaces_as_operation_cancelled()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = TransportHarness.Create(new RecordingHandler(async (_, ct) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }));
        using var cts = new CancellationTokenSource();

        var call = transport.DescribeResourceServerAsync(Describe, cts.Token);
        await entered.Task;
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        var handler = new RecordingHandler();
        var transport = TransportHarness.Create(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.DeleteResourceServerAsync(new DeleteResourceServerRequest { UserPoolId = "p_1", Identifier = "i" }, new CancellationToken(canceled: true)));

        Assert.Empty(handler.Requests);
    }

    private static async Task<CognitoServiceException> SendDescribe(HttpResponseMessage response)
    {
        var transport = TransportHarness.Create(new RecordingHandler(_ => response));
        return await Assert.ThrowsAnyAsync<CognitoServiceException>(() => transport.DescribeResourceServerAsync(Describe));
    }

    /// <summary>A body that never ends: a prefix, then one byte repeated.</summary>
    private sealed class EndlessStream(byte[] prefix, byte fill) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = BytesRead + i < prefix.Length ? prefix[BytesRead + i] : fill;
            }

            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body whose connection drops on the first read.</summary>
    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("The response ended prematurely.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_429_without_a_modelled_code_is_retryable()
    {
        var error = await SendDescribe(RecordingHandler.Json(HttpStatusCode.TooManyRequests, "<html>slow down</html>", "rid-429"));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task A_signature_error_that_quotes_the_canonical_request_never_carries_it_into_the_exception()
    {
        const string token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";
        var message = "The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n'POST\n/\n\nx-amz-security-token:" + token + "'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256'";
        var body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "InvalidSignatureException", ["message"] = message });

        var error = await SendDescribe(RecordingHandler.Json(HttpStatusCode.Forbidden, body, "rid-sig"));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.StartsWith("The request signature we calculated does not match", error.ServiceMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.ServiceMessage!, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
    }
}
