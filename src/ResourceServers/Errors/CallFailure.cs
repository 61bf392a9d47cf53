using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using Polly.RateLimiting;
using Polly.Timeout;

namespace ResourceServers;

/// <summary>
/// What a failure is called, and how a call's failure reaches its caller: the one classification behind the error code
/// of telemetry, the retry log line and the exception a client's call throws.
/// </summary>
internal static class CallFailure
{
    /// <summary>
    /// The low-cardinality name of a failure: the service's code when the library knows it, the library's code for a
    /// call with no answer (<see cref="CognitoErrorCodes.Timeout"/>, <see cref="CognitoErrorCodes.ConnectionFailure"/>,
    /// <see cref="CognitoErrorCodes.PacingQueueFull"/>), else the exception's type name (from code, never the wire).
    /// </summary>
    public static string Code(Exception exception) => exception switch
    {
        CognitoServiceException service => CognitoErrorCodes.IsKnown(service.ErrorCode) ? service.ErrorCode : CognitoErrorCodes.Unknown,
        TimeoutRejectedException => CognitoErrorCodes.Timeout,
        OperationCanceledException { InnerException: TimeoutException } => CognitoErrorCodes.Timeout,
        HttpRequestException or IOException or SocketException or AuthenticationException => CognitoErrorCodes.ConnectionFailure,
        RateLimiterRejectedException => CognitoErrorCodes.PacingQueueFull,
        _ => exception.GetType().Name,
    };

    /// <summary>
    /// The exception the caller of <paramref name="operation"/> receives for <paramref name="failure"/>: itself for a
    /// bad argument, the caller's own cancellation and the library's other exceptions; otherwise a
    /// <see cref="CognitoServiceException"/> naming the call, with the failure as its cause.
    /// </summary>
    public static Exception ForCaller(Exception failure, string operation, string? endpointHost, int attempts, TimeSpan elapsed, CancellationToken callerToken)
    {
        switch (failure)
        {
            case ArgumentException or ResourceServerChangedException or ResourceServerCoordinationException:
            case OperationCanceledException when callerToken.IsCancellationRequested:
                return failure;
            case CognitoServiceException service:
                return service.ForCall(operation, endpointHost, attempts, elapsed);
        }

        var code = Code(failure);
        var retryable = FailureClassification.IsRetryableWithoutAnswer(code);
        return CognitoServiceException.NoAnswer(retryable ? code : CognitoErrorCodes.Unknown, Describe(failure, endpointHost ?? "Cognito"), retryable, failure)
            .WithCall(operation, endpointHost, attempts, elapsed);
    }

    private static string Describe(Exception failure, string host) => failure switch
    {
        TimeoutRejectedException timeout => FailureClassification.IsTotalTimeout(timeout)
            ? $"The call's total timeout ({Seconds(timeout.Timeout)}) passed before it completed"
            : $"{host} did not answer within the attempt timeout ({Seconds(timeout.Timeout)})",
        OperationCanceledException { InnerException: TimeoutException } => $"The HttpClient's own timeout passed before {host} answered",
        HttpRequestException http => http.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"The host name {host} did not resolve: {http.Message}",
            HttpRequestError.ConnectionError => $"Could not connect to {host}: {http.Message}",
            HttpRequestError.SecureConnectionError => $"The TLS handshake with {host} failed: {http.Message}",
            _ => $"The request to {host} failed: {http.Message}",
        },
        IOException or SocketException or AuthenticationException => $"The connection to {host} failed: {failure.Message}",
        RateLimiterRejectedException => $"Pacing did not send the call: {failure.Message}",
        _ => $"The call failed with {failure.GetType().Name}: {failure.Message}",
    };

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
