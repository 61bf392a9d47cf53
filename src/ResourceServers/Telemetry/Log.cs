using Microsoft.Extensions.Logging;

namespace ResourceServers;

/// <summary>
/// The client's log events. Only names, ids, counts and durations are logged; never a request body, credential,
/// session token, signature or Authorization header. A field that has no value (no identifier for a list, no request
/// id for a call that got no answer) is left out of the line rather than printed empty.
/// </summary>
// One event keeps one id across its variants (a line with and without a request id is the same event).
#pragma warning disable SYSLIB1006, SYSLIB1025
internal static partial class Log
{
    public static void OperationSucceeded(ILogger logger, LogLevel level, string operation, string? userPoolId, string? identifier, int attempts, double durationMs, string? requestId)
    {
        const string Status = "Succeeded";
        var pool = userPoolId ?? string.Empty;
        switch (identifier, requestId)
        {
            case (null, null): OperationSucceededInPool(logger, level, operation, Status, pool, attempts, durationMs); break;
            case (null, _): OperationSucceededInPoolWithId(logger, level, operation, Status, pool, attempts, durationMs, requestId); break;
            case (_, null): OperationSucceededOnServer(logger, level, operation, Status, pool, identifier, attempts, durationMs); break;
            default: OperationSucceededOnServerWithId(logger, level, operation, Status, pool, identifier, attempts, durationMs, requestId); break;
        }
    }

    public static void OperationFailed(ILogger logger, LogLevel level, Exception? exception, string operation, string status, string? userPoolId, string? identifier, string errorType, int attempts, double durationMs, string? requestId)
    {
        var pool = userPoolId ?? string.Empty;
        switch (identifier, requestId)
        {
            case (null, null): OperationFailedInPool(logger, level, exception, operation, status, pool, errorType, attempts, durationMs); break;
            case (null, _): OperationFailedInPoolWithId(logger, level, exception, operation, status, pool, errorType, attempts, durationMs, requestId); break;
            case (_, null): OperationFailedOnServer(logger, level, exception, operation, status, pool, identifier, errorType, attempts, durationMs); break;
            default: OperationFailedOnServerWithId(logger, level, exception, operation, status, pool, identifier, errorType, attempts, durationMs, requestId); break;
        }
    }

    public static void RequestFailed(ILogger logger, string method, string userPoolId, string errorType, int attempt, double durationMs, string? requestId)
    {
        if (requestId is null)
        {
            RequestFailedWithoutAnswer(logger, method, userPoolId, errorType, attempt, durationMs);
        }
        else
        {
            RequestFailedWithId(logger, method, userPoolId, errorType, attempt, durationMs, requestId);
        }
    }

    public static void RequestSucceeded(ILogger logger, string method, string userPoolId, int attempt, double durationMs, string? requestId)
    {
        if (requestId is null)
        {
            RequestSucceededWithoutId(logger, method, userPoolId, attempt, durationMs);
        }
        else
        {
            RequestSucceededWithId(logger, method, userPoolId, attempt, durationMs, requestId);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "OperationSucceeded", Message = "ResourceServers {Operation} {Status} for user pool {UserPoolId}: {Attempts} attempt(s) in {DurationMs} ms")]
    private static partial void OperationSucceededInPool(ILogger logger, LogLevel level, string operation, string status, string userPoolId, int attempts, double durationMs);

    [LoggerMessage(EventId = 1, EventName = "OperationSucceeded", Message = "ResourceServers {Operation} {Status} for user pool {UserPoolId}: {Attempts} attempt(s) in {DurationMs} ms, request id {RequestId}")]
    private static partial void OperationSucceededInPoolWithId(ILogger logger, LogLevel level, string operation, string status, string userPoolId, int attempts, double durationMs, string requestId);

    [LoggerMessage(EventId = 1, EventName = "OperationSucceeded", Message = "ResourceServers {Operation} {Status} for user pool {UserPoolId}, identifier {Identifier}: {Attempts} attempt(s) in {DurationMs} ms")]
    private static partial void OperationSucceededOnServer(ILogger logger, LogLevel level, string operation, string status, string userPoolId, string identifier, int attempts, double durationMs);

    [LoggerMessage(EventId = 1, EventName = "OperationSucceeded", Message = "ResourceServers {Operation} {Status} for user pool {UserPoolId}, identifier {Identifier}: {Attempts} attempt(s) in {DurationMs} ms, request id {RequestId}")]
    private static partial void OperationSucceededOnServerWithId(ILogger logger, LogLevel level, string operation, string status, string userPoolId, string identifier, int attempts, double durationMs, string requestId);

    [LoggerMessage(EventId = 2, EventName = "OperationFailed", Message = "ResourceServers {Operation} {Status} for user pool {UserPoolId} with {ErrorType}: {Attempts} attempt(s) in {DurationMs} ms")]
    private static partial void OperationFailedInPool(ILogger logger, LogLevel level, Exception? exception, string operation, string status, string userPoolId, string errorType, int attempts, double durationMs);

    [LoggerMessage(EventId = 2, EventName = "OperationFailed", Message = "ResourceServers {Operation} {Status} for user pool {UserPoolId} with {ErrorType}: {Attempts} attempt(s) in {DurationMs} ms, request id {RequestId}")]
    private static partial void OperationFailedInPoolWithId(ILogger logger, LogLevel level, Exception? exception, string operation, string status, string userPoolId, string errorType, int attempts, double durationMs, string requestId);

    [LoggerMessage(EventId = 2, EventName = "OperationFailed", Message = "ResourceServers {Operation} {Status} for user pool {UserPoolId}, identifier {Identifier} with {ErrorType}: {Attempts} attempt(s) in {DurationMs} ms")]
    private static partial void OperationFailedOnServer(ILogger logger, LogLevel level, Exception? exception, string operation, string status, string userPoolId, string identifier, string errorType, int attempts, double durationMs);

    [LoggerMessage(EventId = 2, EventName = "OperationFailed", Message = "ResourceServers {Operation} {Status} for user pool {UserPoolId}, identifier {Identifier} with {ErrorType}: {Attempts} attempt(s) in {DurationMs} ms, request id {RequestId}")]
    private static partial void OperationFailedOnServerWithId(ILogger logger, LogLevel level, Exception? exception, string operation, string status, string userPoolId, string identifier, string errorType, int attempts, double durationMs, string requestId);

    [LoggerMessage(
        EventId = 3,
        EventName = "RequestThrottled",
        Level = LogLevel.Debug,
        Message = "Cognito throttled {Method} for user pool {UserPoolId} (attempt {Attempt})")]
    public static partial void RequestThrottled(ILogger logger, string method, string userPoolId, int attempt);

    [LoggerMessage(EventId = 4, EventName = "RequestFailed", Level = LogLevel.Debug, Message = "Cognito {Method} for user pool {UserPoolId} failed with {ErrorType} (attempt {Attempt}, {DurationMs} ms, no answer)")]
    private static partial void RequestFailedWithoutAnswer(ILogger logger, string method, string userPoolId, string errorType, int attempt, double durationMs);

    [LoggerMessage(EventId = 4, EventName = "RequestFailed", Level = LogLevel.Debug, Message = "Cognito {Method} for user pool {UserPoolId} failed with {ErrorType} (attempt {Attempt}, {DurationMs} ms, request id {RequestId})")]
    private static partial void RequestFailedWithId(ILogger logger, string method, string userPoolId, string errorType, int attempt, double durationMs, string requestId);

    [LoggerMessage(EventId = 5, EventName = "RequestSucceeded", Level = LogLevel.Trace, Message = "Cognito {Method} for user pool {UserPoolId} succeeded (attempt {Attempt}, {DurationMs} ms)")]
    private static partial void RequestSucceededWithoutId(ILogger logger, string method, string userPoolId, int attempt, double durationMs);

    [LoggerMessage(EventId = 5, EventName = "RequestSucceeded", Level = LogLevel.Trace, Message = "Cognito {Method} for user pool {UserPoolId} succeeded (attempt {Attempt}, {DurationMs} ms, request id {RequestId})")]
    private static partial void RequestSucceededWithId(ILogger logger, string method, string userPoolId, int attempt, double durationMs, string requestId);

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
    public static partial void PacingRateChanged(ILogger logger, string limit, string userPoolId, double fromPerSecond, double toPerSecond, string reason);

    [LoggerMessage(
        EventId = 8,
        EventName = "Retrying",
        Level = LogLevel.Warning,
        Message = "ResourceServers {Operation} for user pool {UserPoolId} retrying after {ErrorType}: attempt {Attempt} after a delay of {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string operation, string userPoolId, int attempt, string errorType, double delayMs);

    [LoggerMessage(
        EventId = 9,
        EventName = "GrantsRevoked",
        Level = LogLevel.Warning,
        Message = "ResourceServers {Operation} removes scopes of resource server {Identifier} in user pool {UserPoolId} that app clients grant ({Grants}); written because GrantRevocation is Warn")]
    public static partial void GrantsRevoked(ILogger logger, string operation, string userPoolId, string identifier, string grants);
}
#pragma warning restore SYSLIB1006, SYSLIB1025
