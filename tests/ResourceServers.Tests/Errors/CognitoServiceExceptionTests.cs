using System.Net;

namespace ResourceServers.Tests.Errors;

/// <summary>
/// How a service error becomes the exception callers branch on: the code as they compare it, the status the service
/// would have sent, whether a retry could help, and a message that says it once and carries nothing signed.
/// </summary>
public class CognitoServiceExceptionTests
{
    [Theory]
    [InlineData("InvalidParameterException", "InvalidParameterException")]
    [InlineData("aws.cognito#InvalidParameterException", "InvalidParameterException")]
    [InlineData("InvalidParameterException:http://internal.amazon.com/coral/com.amazon.coral.validate/", "InvalidParameterException")]
    [InlineData("aws.cognito#NotAuthorizedException:http://internal.amazon.com/", "NotAuthorizedException")]
    [InlineData("  com.amazon#a#b#TooManyRequestsException  ", "TooManyRequestsException")]
    [InlineData("#ThrottlingException", "ThrottlingException")]
    [InlineData("Throttling # ", "Unknown")]
    [InlineData(":http://only.a.suffix/", "Unknown")]
    [InlineData(" ", "Unknown")]
    [InlineData(null, "Unknown")]
    public void Decorated_codes_are_reduced_to_the_bare_code(string? raw, string code) =>
        Assert.Equal(code, CognitoServiceException.FromErrorCode(raw, null).ErrorCode);

    [Fact]
    public void Without_a_status_an_internal_error_is_500_and_anything_else_400_as_the_service_answers()
    {
        Assert.Equal(HttpStatusCode.InternalServerError, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, null).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, null).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, CognitoServiceException.FromErrorCode("SomethingElse", null).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, null, HttpStatusCode.Forbidden).StatusCode);
    }

    [Theory]
    [InlineData(CognitoErrorCodes.TooManyRequests, HttpStatusCode.BadRequest, true)]
    [InlineData(CognitoErrorCodes.InternalError, HttpStatusCode.InternalServerError, true)]
    [InlineData(CognitoErrorCodes.InvalidParameter, HttpStatusCode.BadRequest, false)]
    [InlineData(CognitoErrorCodes.NotAuthorized, HttpStatusCode.BadRequest, false)]
    [InlineData(CognitoErrorCodes.LimitExceeded, HttpStatusCode.BadRequest, false)]
    [InlineData(CognitoErrorCodes.ResourceNotFound, HttpStatusCode.BadRequest, false)]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest, true)]
    [InlineData("RequestLimitExceeded", HttpStatusCode.BadRequest, true)]
    [InlineData("ServiceUnavailableException", HttpStatusCode.BadRequest, true)]
    [InlineData(CognitoErrorCodes.InvalidParameter, HttpStatusCode.InternalServerError, false)]
    [InlineData(CognitoErrorCodes.NotAuthorized, HttpStatusCode.ServiceUnavailable, false)]
    [InlineData(CognitoErrorCodes.LimitExceeded, HttpStatusCode.TooManyRequests, false)]
    [InlineData("SomethingElse", HttpStatusCode.BadRequest, false)]
    [InlineData("SomethingElse", HttpStatusCode.TooManyRequests, true)]
    [InlineData("SomethingElse", HttpStatusCode.InternalServerError, true)]
    [InlineData("SomethingElse", HttpStatusCode.ServiceUnavailable, true)]
    [InlineData("SomethingElse", (HttpStatusCode)499, false)]
    public void Only_throttles_and_server_side_failures_are_retryable(string code, HttpStatusCode status, bool retryable) =>
        Assert.Equal(retryable, CognitoServiceException.FromErrorCode(code, "m", status).IsRetryable);

    // Each throttle or transient code of the AWS SDKs' standard retry mode is retried whatever status carried it;
    // a code that differs by a letter or by case is not.
    [Theory]
    [InlineData("Throttling")]
    [InlineData("ThrottlingException")]
    [InlineData("ThrottledException")]
    [InlineData("RequestThrottledException")]
    [InlineData("TooManyRequestsException")]
    [InlineData("ProvisionedThroughputExceededException")]
    [InlineData("TransactionInProgressException")]
    [InlineData("RequestLimitExceeded")]
    [InlineData("BandwidthLimitExceeded")]
    [InlineData("RequestThrottled")]
    [InlineData("SlowDown")]
    [InlineData("PriorRequestNotComplete")]
    [InlineData("EC2ThrottledException")]
    [InlineData("RequestTimeout")]
    [InlineData("RequestTimeoutException")]
    [InlineData("ServiceUnavailableException")]
    public void Every_throttling_code_of_the_standard_retry_mode_is_retryable_even_with_a_400(string code)
    {
        Assert.True(CognitoServiceException.FromErrorCode(code, "m", HttpStatusCode.BadRequest).IsRetryable);
        Assert.False(CognitoServiceException.FromErrorCode(code.ToLowerInvariant(), "m", HttpStatusCode.BadRequest).IsRetryable);
        Assert.False(CognitoServiceException.FromErrorCode(code + "X", "m", HttpStatusCode.BadRequest).IsRetryable);
    }

    // Known codes are reported as themselves in metrics; anything else (or nothing) is not known.
    [Theory]
    [InlineData("ThrottlingException", true)]
    [InlineData(CognitoErrorCodes.InvalidParameter, true)]
    [InlineData("MadeUpByTheServerException", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_codes_the_service_model_or_AWS_names_are_known(string? code, bool known) =>
        Assert.Equal(known, CognitoErrorCodes.IsKnown(code));

    [Fact]
    public void Only_resource_not_found_has_its_own_type()
    {
        var notFound = CognitoServiceException.FromErrorCode("aws.cognito#ResourceNotFoundException", "gone", requestId: "rid");

        var typed = Assert.IsType<ResourceServerNotFoundException>(notFound);
        Assert.Equal((CognitoErrorCodes.ResourceNotFound, "gone", "rid", false), (typed.ErrorCode, typed.ServiceMessage, typed.RequestId, typed.IsRetryable));
        Assert.IsType<CognitoServiceException>(CognitoServiceException.FromErrorCode(CognitoErrorCodes.LimitExceeded, null));
    }

    [Fact]
    public void The_message_is_the_services_then_the_code_status_and_request_id()
    {
        Assert.Equal(
            "Too many. (TooManyRequestsException, HTTP 400, request id rid-1)",
            CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "Too many.", requestId: "rid-1").Message);
        Assert.Equal(
            "Too many. (TooManyRequestsException, HTTP 400)",
            CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "Too many.").Message);
        Assert.Equal(
            "Cognito answered InternalErrorException, HTTP 500, request id rid-2.",
            CognitoServiceException.FromErrorCode(CognitoErrorCodes.InternalError, string.Empty, requestId: "rid-2").Message);
    }

    [Theory]
    [InlineData("The Canonical String for this request should have been\n'POST\n/\n\nx-amz-security-token:SECRET'")]
    [InlineData("the canonical string for this request should have been 'x-amz-security-token:SECRET'")]
    [InlineData("The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20250101T000000Z\nSECRET'")]
    public void What_a_signature_error_quotes_of_the_signed_request_is_cut_from_message_and_service_message(string quoted)
    {
        var error = CognitoServiceException.FromErrorCode("InvalidSignatureException", "The signature does not match.  " + quoted);

        Assert.Equal("The signature does not match.", error.ServiceMessage);
        Assert.Equal("The signature does not match. (InvalidSignatureException, HTTP 400)", error.Message);
        Assert.DoesNotContain("SECRET", error.ToString(), StringComparison.Ordinal);
    }

    // A message that is nothing but the quote (the cut at its first character) leaves no service text at all.
    [Theory]
    [InlineData("The Canonical String for this request should have been 'x-amz-security-token:SECRET'")]
    [InlineData("The String-to-Sign should have been 'AWS4-HMAC-SHA256 SECRET'")]
    public void A_message_that_starts_with_signed_material_is_cut_whole(string quoted)
    {
        var error = CognitoServiceException.FromErrorCode("InvalidSignatureException", quoted);

        Assert.True(string.IsNullOrEmpty(error.ServiceMessage));
        Assert.Equal("Cognito answered InvalidSignatureException, HTTP 400.", error.Message);
        Assert.DoesNotContain("SECRET", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_without_signed_material_is_kept_whole()
    {
        Assert.Equal("Scope name is not valid.", CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "Scope name is not valid.").ServiceMessage);
        Assert.Null(CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, null).ServiceMessage);
    }

    [Fact]
    public void A_changed_resource_server_error_says_what_differs_and_keeps_both_states()
    {
        var expected = new ResourceServer("us-east-1_abc", "https://api", "api", [new ResourceServerScope("read", "Read")]);
        var actual = expected with { Name = "orders" };

        var error = new ResourceServerChangedException(expected, actual);

        Assert.Equal(
            "Resource server 'https://api' in pool 'us-east-1_abc' is not in the expected state, so it was not updated. Expected -> actual: rename 'api' -> 'orders'.",
            error.Message);
        Assert.Equal((expected, actual), (error.Expected, error.Actual));
        Assert.Equal(new NameChange("api", "orders"), error.Difference.NameChange);
    }
}
