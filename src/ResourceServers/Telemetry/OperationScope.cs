using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ResourceServers;

/// <summary>
/// One client operation as it is observed: its span, its attempts, the last request id, and on disposal its duration
/// metric and its single log event. Passed explicitly down the call path (<see cref="CognitoCallPath"/>), never found
/// through ambient state.
/// </summary>
internal sealed class OperationScope : IDisposable
{
    private readonly ClientTelemetry _telemetry;
    private readonly string _operation;
    private readonly bool _isWrite;
    private readonly string? _userPoolId;
    private readonly string? _identifier;
    private readonly string? _endpointHost;
    private readonly Activity? _activity;
    private readonly long _started;
    private int _attempts;
    private Exception? _failure;
    private Exception? _lastAttemptFailure;
    private long _lastAttemptFailedAt;
    private bool _disposed;

    private OperationScope(ClientTelemetry telemetry, string operation, bool isWrite, string? userPoolId, string? identifier, string? endpointHost)
    {
        _telemetry = telemetry;
        _operation = operation;
        _isWrite = isWrite;
        _endpointHost = endpointHost;
        // Taken before validation, so possibly the very input validation is about to reject (a 131 KB identifier, a
        // CR/LF): sanitized once here for the span and the log. Valid keys pass through unchanged.
        _userPoolId = UntrustedText.Sanitize(userPoolId);
        _identifier = UntrustedText.Sanitize(identifier);
        // The span name is built only when someone listens: most calls run with no tracing at all.
        _activity = ClientTelemetry.Source.HasListeners() ? ClientTelemetry.Source.StartActivity("ResourceServers." + operation, ActivityKind.Internal) : null;
        if (_activity is { IsAllDataRequested: true })
        {
            _activity.SetTag(ResourceServerTelemetry.OperationTag, operation);
            _activity.SetTag(ResourceServerTelemetry.UserPoolIdTag, _userPoolId);
            _activity.SetTag(ResourceServerTelemetry.IdentifierTag, _identifier);
        }

        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>The operation's span, when something listens.</summary>
    public Activity? Activity => _activity;

    /// <summary>The client's telemetry.</summary>
    public ClientTelemetry Telemetry => _telemetry;

    /// <summary>The user pool the operation is about, for per-request telemetry.</summary>
    public string? UserPoolId => _userPoolId;

    /// <summary>The attempt (1 for the first) the pipeline is making in its current execution.</summary>
    public int CurrentAttempt { get; private set; }

    /// <summary>The request id of the latest response seen, success or error.</summary>
    public string? LastRequestId { get; private set; }

    /// <summary>Records the request id a response (or a service error) carried back.</summary>
    /// <param name="requestId">The response's <c>x-amzn-RequestId</c>, if any.</param>
    public void OnResponse(string? requestId) => LastRequestId = requestId ?? LastRequestId;

    /// <summary>
    /// Records the request id a service error carried, whether or not the error ends the operation (a not-found that
    /// FindAsync turns into null still had a request id); returns false, for an exception filter that does not catch.
    /// </summary>
    public bool OnError(Exception exception)
    {
        if (exception is CognitoServiceException { RequestId: { } requestId })
        {
            LastRequestId = requestId;
        }

        // What the retry line names if the pipeline tries again.
        _lastAttemptFailure = exception;
        _lastAttemptFailedAt = Stopwatch.GetTimestamp();
        return false;
    }

    /// <summary>Begins an operation; dispose it when the operation ends.</summary>
    /// <param name="telemetry">Where to report.</param>
    /// <param name="operation">The low-cardinality operation name, e.g. <c>Patch</c>.</param>
    /// <param name="isWrite">Whether it may change state; successful writes log at Information, reads at Debug.</param>
    /// <param name="userPoolId">The user pool, for the span and the log (never for metrics).</param>
    /// <param name="identifier">The resource server identifier, when the operation has one.</param>
    /// <param name="endpointHost">Where requests go, for the caller's exception; null for a replaced wire port.</param>
    public static OperationScope Begin(ClientTelemetry telemetry, string operation, bool isWrite, string? userPoolId, string? identifier, string? endpointHost) =>
        new(telemetry, operation, isWrite, userPoolId, identifier, endpointHost);

    /// <summary>Called by <see cref="CognitoCallPath"/> for each attempt of a pipeline execution; a retry is logged once, as a warning without a stack.</summary>
    public void OnAttempt(int attemptInExecution)
    {
        Interlocked.Increment(ref _attempts);
        CurrentAttempt = attemptInExecution;
        if (attemptInExecution > 1)
        {
            _telemetry.Metrics.Retries.Add(1, new KeyValuePair<string, object?>(ResourceServerTelemetry.OperationTag, _operation));
            if (_telemetry.Logger.IsEnabled(LogLevel.Warning))
            {
                // An attempt cut by the attempt timeout reaches the wire call as a cancellation.
                var error = _lastAttemptFailure switch
                {
                    null => CognitoErrorCodes.Unknown,
                    OperationCanceledException => CognitoErrorCodes.Timeout,
                    var failure => CallFailure.Code(failure),
                };
                var delay = _lastAttemptFailure is null ? 0 : Stopwatch.GetElapsedTime(_lastAttemptFailedAt).TotalMilliseconds;
                Log.Retrying(_telemetry.Logger, _operation, _userPoolId ?? string.Empty, attemptInExecution, error, Math.Round(delay));
            }
        }
    }

    /// <summary>
    /// Records the failure that ends the operation, and returns what its caller receives (see
    /// <see cref="CallFailure.ForCaller"/>): the failure itself, or the library's exception naming the call.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <param name="callerToken">The caller's token: a cancellation it asked for reaches it unchanged.</param>
    public Exception Fail(Exception exception, CancellationToken callerToken)
    {
        _failure = CallFailure.ForCaller(exception, _operation, _endpointHost, Volatile.Read(ref _attempts), Stopwatch.GetElapsedTime(_started), callerToken);
        return _failure;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var elapsed = Stopwatch.GetElapsedTime(_started);
        var attempts = Volatile.Read(ref _attempts);
        var operationTag = new KeyValuePair<string, object?>(ResourceServerTelemetry.OperationTag, _operation);
        var logger = _telemetry.Logger;
        try
        {
            if (_failure is null)
            {
                _telemetry.Metrics.OperationDuration.Record(elapsed.TotalSeconds, operationTag);
                _activity?.SetTag(ResourceServerTelemetry.AttemptTag, attempts);
                var level = _isWrite ? LogLevel.Information : LogLevel.Debug;
                if (logger.IsEnabled(level))
                {
                    Log.OperationSucceeded(logger, level, _operation, _userPoolId, _identifier, attempts, elapsed.TotalMilliseconds, LastRequestId);
                }

                return;
            }

            // An error from a port without HTTP (the in-memory Cognito) still carries the service's request id.
            LastRequestId = (_failure as CognitoServiceException)?.RequestId ?? LastRequestId;
            var errorType = ClientTelemetry.ErrorType(_failure);
            var errorTag = new KeyValuePair<string, object?>(ResourceServerTelemetry.ErrorTypeTag, errorType);
            _telemetry.Metrics.OperationDuration.Record(elapsed.TotalSeconds, operationTag, errorTag);
            _telemetry.Metrics.Errors.Add(1, operationTag, errorTag);
            if (_activity is not null)
            {
                _activity.SetTag(ResourceServerTelemetry.AttemptTag, attempts);
                _activity.SetTag(ResourceServerTelemetry.ErrorTypeTag, errorType);
                _activity.SetStatus(ActivityStatusCode.Error, errorType);
            }

            var canceled = _failure is OperationCanceledException;
            var (failLevel, status, exception) = canceled
                ? (LogLevel.Debug, "Canceled", (Exception?)null)
                : FailureClassification.IsCallerError(_failure) ? (LogLevel.Warning, "Failed", null) : (LogLevel.Error, "Failed", _failure);
            if (logger.IsEnabled(failLevel))
            {
                Log.OperationFailed(logger, failLevel, exception, _operation, status, _userPoolId, _identifier, errorType, attempts, elapsed.TotalMilliseconds, LastRequestId);
            }
        }
        finally
        {
            _activity?.Dispose();
        }
    }
}
