using Microsoft.Extensions.Logging;

namespace ResourceServers;

/// <summary>
/// The client's log events. Only names, ids, counts and durations are logged; never a request body, credential,
/// session token, signature or Authorization header.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(
        EventId = 1,
        EventName = "OperationSucceeded",
        Message = "ResourceServers {Operation} {Status} for user pool {UserPoolId}, identifier {Identifier}: {Attempts} attempt(s) in {DurationMs} ms, request id {RequestId}")]
    public static partial void OperationSucceeded(ILogger logger, LogLevel level, string operation, string status, string? userPoolId, string? identifier, int attempts, double durationMs, string? requestId);

    [LoggerMessage(
        EventId = 2,
        EventName = "OperationFailed",
        Message = "ResourceServers {Operation} {Status} for user pool {UserPoolId}, identifier {Identifier} with {ErrorType}: {Attempts} attempt(s) in {DurationMs} ms, request id {RequestId}")]
    public static partial void OperationFailed(ILogger logger, LogLevel level, Exception? exception, string operation, string status, string? userPoolId, string? identifier, string errorType, int attempts, double durationMs, string? requestId);

    [LoggerMessage(
        EventId = 3,
        EventName = "RequestThrottled",
        Level = LogLevel.Warning,
        Message = "Cognito throttled {Method} for user pool {UserPoolId} (attempt {Attempt}, request id {RequestId})")]
    public static partial void RequestThrottled(ILogger logger, string method, string userPoolId, int attempt, string? requestId);

    [LoggerMessage(
        EventId = 4,
        EventName = "RequestFailed",
        Level = LogLevel.Debug,
        Message = "Cognito {Method} for user pool {UserPoolId} failed with {ErrorType} (attempt {Attempt}, {DurationMs} ms, request id {RequestId})")]
    public static partial void RequestFailed(ILogger logger, string method, string userPoolId, string errorType, int attempt, double durationMs, string? requestId);

    [LoggerMessage(
        EventId = 5,
        EventName = "RequestSucceeded",
        Level = LogLevel.Trace,
        Message = "Cognito {Method} for user pool {UserPoolId} succeeded (attempt {Attempt}, {DurationMs} ms, request id {RequestId})")]
    public static partial void RequestSucceeded(ILogger logger, string method, string userPoolId, int attempt, double durationMs, string? requestId);

    [LoggerMessage(
        EventId = 6,
        EventName = "PacingWaited",
        Level = LogLevel.Debug,
        Message = "Pacing held {Method} for user pool {UserPoolId} for {WaitMs} ms to stay within Cognito's request-rate quotas")]
    public static partial void PacingWaited(ILogger logger, string method, string userPoolId, double waitMs);

    [LoggerMessage(
        EventId = 7,
        EventName = "PacingRateChanged",
        Level = LogLevel.Debug,
        Message = "Pacing rate of {Limit} for user pool {UserPoolId} changed from {FromPerSecond:0.##} to {ToPerSecond:0.##} requests per second ({Reason})")]
    public static partial void PacingRateChanged(ILogger logger, string limit, string? userPoolId, double fromPerSecond, double toPerSecond, string reason);
}
