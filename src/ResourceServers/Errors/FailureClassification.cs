using System.Net;
using Polly.RateLimiting;
using Polly.Timeout;

namespace ResourceServers;

/// <summary>
/// The one place that says what a failure is: transient (the pipeline retries it), a throttle, possibly applied by the
/// service though unanswered, a clock-skew refusal, a create that found its identifier taken, or the caller's own error. Every other type asks here.
/// </summary>
internal static class FailureClassification
{
    /// <summary>Whether repeating the failed attempt may succeed; the pipeline's retry predicate before the retry budget.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        CognitoServiceException service => service.IsRetryable,
        TimeoutRejectedException timeout => IsAttemptTimeout(timeout),
        OperationCanceledException => false,
        HttpRequestException http => http.StatusCode is not { } status || IsTransientStatus(status),
        IOException => true,
        _ => false,
    };

    /// <summary>Whether an answer with an unmodelled <paramref name="code"/> and <paramref name="status"/> may succeed when repeated.</summary>
    public static bool IsRetryableAnswer(string code, HttpStatusCode status) =>
        IsTransientStatus(status) || IsThrottlingCode(code) || IsTransientCode(code);

    /// <summary>
    /// Whether this is a throttle: refused for its rate before it ran (<c>TooManyRequestsException</c>, the AWS SDKs'
    /// other throttling codes, or HTTP 429). The retry limit, pacing and the throttle metric all use this one definition.
    /// </summary>
    public static bool IsThrottle(string code, HttpStatusCode? status) => IsThrottlingCode(code) || status == HttpStatusCode.TooManyRequests;

    /// <summary>
    /// Whether a failed attempt may nonetheless have been applied: the request reached the service (or may have) and
    /// no answer said what became of it. A retried write must then expect to find its own work done.
    /// </summary>
    /// <remarks>A cancellation here is the attempt timeout: the caller's own cancellation ends the call.</remarks>
    public static bool MayHaveBeenApplied(Exception failure) => failure switch
    {
        CognitoServiceException { ErrorCode: CognitoErrorCodes.InternalError } => true,
        CognitoServiceException service => service.StatusCode is { } status && (int)status >= 500,
        HttpRequestException http when NothingWasSent(http) => false,
        HttpRequestException or IOException or OperationCanceledException => true,
        _ => false,
    };

    /// <summary>No name, no connection, no TLS session: the request never left this machine.</summary>
    public static bool NothingWasSent(HttpRequestException failure) =>
        failure.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;

    /// <summary>Whether the attempt timeout (retried) rather than the total timeout (final) cut the call.</summary>
    public static bool IsAttemptTimeout(TimeoutRejectedException timeout) =>
        string.Equals(timeout.TelemetrySource?.StrategyName, ResourceServerResilience.AttemptTimeoutStrategyName, StringComparison.Ordinal);

    /// <summary>Whether the total timeout cut the call.</summary>
    public static bool IsTotalTimeout(TimeoutRejectedException timeout) =>
        string.Equals(timeout.TelemetrySource?.StrategyName, ResourceServerResilience.TotalTimeoutStrategyName, StringComparison.Ordinal);

    /// <summary>Whether a failure that got no answer may be retried by the caller later (it is named so on the exception).</summary>
    public static bool IsRetryableWithoutAnswer(string libraryCode) =>
        libraryCode is CognitoErrorCodes.Timeout or CognitoErrorCodes.ConnectionFailure or CognitoErrorCodes.PacingQueueFull;

    /// <summary>A signature refused for its time, which the AWS SDKs answer by correcting the clock and sending once more.</summary>
    public static bool IsClockSkew(CognitoServiceException error) =>
        error.ErrorCode is "InvalidSignatureException" or "SignatureDoesNotMatch" or "RequestExpired" or "RequestTimeTooSkewed"
            or "RequestInTheFuture" or "AuthFailure" or "InvalidSignature";

    /// <summary>Whether an error is the service's answer to a create of an identifier already in the pool.</summary>
    public static bool IsAlreadyExists(Exception exception) =>
        exception is CognitoServiceException { ErrorCode: CognitoErrorCodes.InvalidParameter } invalid
        && invalid.ServiceMessage?.Contains("already exists", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// Whether a failure is the caller's to fix (a bad argument, a missing resource, a refused permission) rather than a
    /// fault of the service or the path to it; the former are logged as warnings, the latter as errors.
    /// </summary>
    public static bool IsCallerError(Exception exception) => exception switch
    {
        CognitoServiceException { ErrorCode: CognitoErrorCodes.PacingQueueFull } => true,
        CognitoServiceException service => !service.IsRetryable && service.StatusCode is { } status && (int)status < 500,
        ResourceServerChangedException or GrantedScopeRemovalException or ArgumentException or RateLimiterRejectedException => true,
        _ => false,
    };

    /// <summary>The statuses the AWS SDKs' standard retry mode treats as transient (500, 502, 503, 504), and 429, a throttle by definition.</summary>
    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout or HttpStatusCode.TooManyRequests;

    // The throttling codes of the AWS SDKs' standard retry mode, but LimitExceededException, which Cognito uses for a
    // hard quota (the number of resource servers in a pool) that no retry can get past.
    private static bool IsThrottlingCode(string code) => code is CognitoErrorCodes.TooManyRequests or "Throttling" or "ThrottlingException"
        or "ThrottledException" or "RequestThrottledException" or "ProvisionedThroughputExceededException"
        or "TransactionInProgressException" or "RequestLimitExceeded" or "BandwidthLimitExceeded" or "RequestThrottled"
        or "SlowDown" or "PriorRequestNotComplete" or "EC2ThrottledException";

    // The transient codes of the AWS SDKs' standard retry mode: the request may not have run, and may run if repeated.
    private static bool IsTransientCode(string code) => code is "RequestTimeout" or "RequestTimeoutException" or "ServiceUnavailableException";
}
