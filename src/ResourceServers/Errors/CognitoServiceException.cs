using System.Globalization;
using System.Net;

namespace ResourceServers;

/// <summary>
/// The one exception of a failed call, validation aside: an error answered by Cognito (or by the AWS front end before
/// it), a response that could not be used, or a call that got no answer (a timeout, a connection that failed, no
/// credentials, a full pacing queue). Branch on <see cref="ErrorCode"/> (see <see cref="CognitoErrorCodes"/>) and
/// <see cref="IsRetryable"/>; the only subtype is <see cref="ResourceServerNotFoundException"/>.
/// </summary>
/// <remarks>
/// <para>Thrown by a client's call, it also names the <see cref="Operation"/>, the <see cref="EndpointHost"/>, the
/// <see cref="Attempts"/> made and the time spent (<see cref="Elapsed"/>), with the cause as
/// <see cref="Exception.InnerException"/>.</para>
/// <para>The message never carries a request body, credential, token or signature. Everything the server chose (the
/// message, the code, the request id) is sanitized before it is kept: control characters escaped as <c>\uXXXX</c>
/// and lengths capped, so it can neither forge log lines nor flood them.</para>
/// </remarks>
public class CognitoServiceException : Exception
{
    // Real codes are a few dozen characters, request ids 36, messages a few hundred; anything longer is not the service's.
    private const int MaxCodeLength = 128;
    private const int MaxRequestIdLength = 128;
    private const int MaxMessageLength = 1024;

    private readonly string _description;
    private string? _call;

    /// <summary>Creates a service error; use <see cref="FromErrorCode"/> to get the type the code maps to.</summary>
    /// <param name="errorCode">The bare error code, e.g. <c>TooManyRequestsException</c>.</param>
    /// <param name="message">The service's message, if it sent one.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c> of the response, if any.</param>
    /// <param name="isRetryable">Whether retrying the same request could succeed.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected CognitoServiceException(string errorCode, string? message, HttpStatusCode statusCode, string? requestId, bool isRetryable, Exception? innerException)
        : this(errorCode, ServiceText(message), (HttpStatusCode?)statusCode, requestId, isRetryable, innerException)
    {
    }

    /// <summary>Every instance comes through here; <paramref name="serviceMessage"/> is already sanitized (or, for a call with no answer, the library's own text).</summary>
    private protected CognitoServiceException(string errorCode, string? serviceMessage, HttpStatusCode? statusCode, string? requestId, bool isRetryable, Exception? innerException)
        : base(null, innerException)
    {
        ErrorCode = UntrustedText.Sanitize(errorCode, MaxCodeLength)!;
        ServiceMessage = serviceMessage;
        StatusCode = statusCode;
        RequestId = UntrustedText.Sanitize(requestId, MaxRequestIdLength);
        IsRetryable = isRetryable;
        _description = Describe(ErrorCode, ServiceMessage, StatusCode, RequestId);
    }

    /// <summary>The message: what happened, the code, the HTTP status and request id when there was an answer, and the call it ended.</summary>
    public override string Message => _call is null ? _description : _description + " " + _call;

    /// <summary>The service error code with any namespace prefix or URL suffix removed, e.g. <c>TooManyRequestsException</c>; see <see cref="CognitoErrorCodes"/>.</summary>
    public string ErrorCode { get; }

    /// <summary>The message the service sent, if any; for a call that got no answer (<see cref="StatusCode"/> null), what the library found instead.</summary>
    public string? ServiceMessage { get; }

    /// <summary>The HTTP status code of the response; null when no answer was received (a timeout, a connection failure, no credentials).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The AWS request id (<c>x-amzn-RequestId</c>), for AWS support; null when the response had none.</summary>
    public string? RequestId { get; }

    /// <summary>Whether retrying the same request could succeed (throttling, internal errors, unmodelled 5xx, timeouts, connection failures).</summary>
    public bool IsRetryable { get; }

    /// <summary>The client operation the failure ended, e.g. <c>Patch</c>; null for an exception not thrown by a client's call.</summary>
    public string? Operation { get; private set; }

    /// <summary>The host (and port, when not the default) the call was sent to, e.g. <c>cognito-idp.us-east-1.amazonaws.com</c>; null for a replaced wire port.</summary>
    public string? EndpointHost { get; private set; }

    /// <summary>The attempts the call made (each is one request, or one read-modify-write unit), 0 when none was sent.</summary>
    public int Attempts { get; private set; }

    /// <summary>The time the call took until it failed, retries and pacing included.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>
    /// Creates the error for a code as the service sent it: <see cref="ResourceServerNotFoundException"/> for
    /// <see cref="CognitoErrorCodes.ResourceNotFound"/>, otherwise this type. Decorated forms are normalized first:
    /// the part before the first <c>:</c>, then the part after the last <c>#</c>
    /// (<c>aws.cognito#NotAuthorizedException:http://...</c> is <c>NotAuthorizedException</c>). Also what fakes and
    /// mocks should throw to behave like the service.
    /// </summary>
    /// <param name="errorCode">The code from the body's <c>__type</c> or the <c>X-Amzn-ErrorType</c> header; null or blank becomes <see cref="CognitoErrorCodes.Unknown"/>.</param>
    /// <param name="message">The service's message, if any.</param>
    /// <param name="statusCode">The HTTP status; when null, 500 for <see cref="CognitoErrorCodes.InternalError"/> and 400 otherwise, as the service answers.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c>, if any.</param>
    /// <param name="innerException">The cause, if any (for example a body that was not JSON).</param>
    /// <returns>
    /// The error; retryable, as the AWS SDKs' standard retry mode decides, for throttling codes (and HTTP 429), internal
    /// errors, and unmodelled answers with HTTP 500, 502, 503 or 504. Not for 501 (not implemented) or 505 (HTTP version
    /// not supported), which would answer the same again, nor for <see cref="CognitoErrorCodes.LimitExceeded"/>, which in
    /// Cognito is a hard quota rather than a throttle.
    /// </returns>
    public static CognitoServiceException FromErrorCode(string? errorCode, string? message, HttpStatusCode? statusCode = null, string? requestId = null, Exception? innerException = null)
    {
        var code = NormalizeCode(errorCode);
        var status = statusCode ?? (code == CognitoErrorCodes.InternalError ? HttpStatusCode.InternalServerError : HttpStatusCode.BadRequest);
        return code switch
        {
            CognitoErrorCodes.ResourceNotFound => new ResourceServerNotFoundException(message, status, requestId, innerException),
            CognitoErrorCodes.TooManyRequests or CognitoErrorCodes.InternalError => new CognitoServiceException(code, message, status, requestId, isRetryable: true, innerException),
            CognitoErrorCodes.InvalidParameter or CognitoErrorCodes.NotAuthorized or CognitoErrorCodes.LimitExceeded => new CognitoServiceException(code, message, status, requestId, isRetryable: false, innerException),

            // Unmodelled codes: only a transient server-side failure or a throttle answered by the front end can be retried.
            _ => new CognitoServiceException(code, message, status, requestId, isRetryable: FailureClassification.IsRetryableAnswer(code, status), innerException),
        };
    }

    /// <summary>A call that got no answer: <paramref name="message"/> is the library's own text (kept line by line, so a credential chain's list reads as one).</summary>
    internal static CognitoServiceException NoAnswer(string errorCode, string message, bool isRetryable, Exception? innerException) =>
        new(errorCode, UntrustedText.SanitizeLines(message, MaxMessageLength * 4), statusCode: null, requestId: null, isRetryable, innerException);

    /// <summary>
    /// This error as the caller of <paramref name="operation"/> receives it: the same code, status, request id and
    /// type, naming the call, with this error as the cause. A copy, so an instance a fake throws twice is never shared.
    /// </summary>
    internal CognitoServiceException ForCall(string operation, string? endpointHost, int attempts, TimeSpan elapsed)
    {
        var copy = this is ResourceServerNotFoundException
            ? new ResourceServerNotFoundException(this)
            : new CognitoServiceException(ErrorCode, ServiceMessage, StatusCode, RequestId, IsRetryable, this);
        return copy.WithCall(operation, endpointHost, attempts, elapsed);
    }

    /// <summary>Names the call on an instance made for it alone (never on one a caller or a fake may hold).</summary>
    internal CognitoServiceException WithCall(string operation, string? endpointHost, int attempts, TimeSpan elapsed)
    {
        Operation = operation;
        EndpointHost = endpointHost;
        Attempts = attempts;
        Elapsed = elapsed;
        var seconds = elapsed.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var where = endpointHost is null ? string.Empty : $" to {endpointHost}";
        _call = $"[{operation}{where}: {attempts} attempt{(attempts == 1 ? string.Empty : "s")} in {seconds} s]";
        return this;
    }

    /// <summary>Whether this is a throttle (<see cref="FailureClassification.IsThrottle"/>).</summary>
    internal bool IsThrottle => FailureClassification.IsThrottle(ErrorCode, StatusCode);

    /// <summary>Strips the decorations AWS puts around an error code; <see cref="CognitoErrorCodes.Unknown"/> for null or blank input.</summary>
    internal static string NormalizeCode(string? rawErrorCode)
    {
        if (string.IsNullOrWhiteSpace(rawErrorCode))
        {
            return CognitoErrorCodes.Unknown;
        }

        var span = rawErrorCode.AsSpan().Trim();
        var colon = span.IndexOf(':');
        if (colon >= 0)
        {
            span = span[..colon];
        }

        var hash = span.LastIndexOf('#');
        if (hash >= 0)
        {
            span = span[(hash + 1)..];
        }

        span = span.Trim();
        return span.IsEmpty ? CognitoErrorCodes.Unknown : span.ToString();
    }

    private static string? ServiceText(string? message) => UntrustedText.Sanitize(WithoutSignedMaterial(message), MaxMessageLength);

    // AWS front ends answer a signature mismatch with the canonical request and string to sign they expected, which
    // quote the signed headers, X-Amz-Security-Token among them: that part never reaches a message or a log. (The
    // transport also scrubs every secret it signed with by value, whatever the wording; this cut also covers a token
    // it did not send, and keeps the message short.)
    private static string? WithoutSignedMaterial(string? message)
    {
        var cut = message?.IndexOf("The Canonical String", StringComparison.OrdinalIgnoreCase) ?? -1;
        if (cut < 0)
        {
            cut = message?.IndexOf("The String-to-Sign", StringComparison.OrdinalIgnoreCase) ?? -1;
        }

        return cut < 0 ? message : message![..cut].TrimEnd();
    }

    // The code goes after the message, not before it: an exception's ToString() already starts with the type name,
    // and "ResourceServerNotFoundException: ResourceNotFoundException: ..." said the same thing twice.
    private static string Describe(string errorCode, string? message, HttpStatusCode? statusCode, string? requestId)
    {
        if (statusCode is not { } answered)
        {
            // No answer: the message is the library's and says what happened; the code is all there is to add.
            return string.IsNullOrEmpty(message) ? $"{errorCode}." : $"{message} ({errorCode})";
        }

        var status = ((int)answered).ToString(CultureInfo.InvariantCulture);
        var facts = requestId is null ? $"{errorCode}, HTTP {status}" : $"{errorCode}, HTTP {status}, request id {requestId}";
        return string.IsNullOrEmpty(message) ? $"Cognito answered {facts}." : $"{message} ({facts})";
    }
}
