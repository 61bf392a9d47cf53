using System.Diagnostics;
using ResourceServers.Errors;
using ResourceServers.Wire;

namespace ResourceServers.Telemetry;

/// <summary>
/// A wire port that observes each request to the port it wraps: one span (<c>cognito-idp.{Method}</c>), the
/// attempt counters and duration, throttles, and a log event. Sits under the resilience pipeline and above pacing,
/// so it sees every attempt, and the wait for a pacing slot counts toward the attempt's duration.
/// </summary>
internal sealed class InstrumentedCognitoApi(ICognitoResourceServerApi inner, ClientTelemetry telemetry) : ICognitoResourceServerApi
{
    private const string RpcSystem = "aws-api";
    private const string RpcService = "CognitoIdentityProvider";

    public Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Observe(Method.Create, request.UserPoolId, (inner, request), static (s, ct) => s.inner.CreateResourceServerAsync(s.request, ct), cancellationToken);
    }

    public Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Observe(Method.Describe, request.UserPoolId, (inner, request), static (s, ct) => s.inner.DescribeResourceServerAsync(s.request, ct), cancellationToken);
    }

    public Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Observe(Method.List, request.UserPoolId, (inner, request), static (s, ct) => s.inner.ListResourceServersAsync(s.request, ct), cancellationToken);
    }

    public Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Observe(Method.Update, request.UserPoolId, (inner, request), static (s, ct) => s.inner.UpdateResourceServerAsync(s.request, ct), cancellationToken);
    }

    public Task DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ObserveAsync(
            Method.Delete,
            request.UserPoolId,
            (inner, request),
            static async (s, ct) =>
            {
                await s.inner.DeleteResourceServerAsync(s.request, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Runs the request observed, or, when nothing takes per-request telemetry, runs it as it is: the span, the
    /// clock reads, the instruments and the async frame cost several hundred nanoseconds a request for no reader.
    /// The operation's own telemetry (and its request id, which the transport reports to the scope) is unaffected.
    /// </summary>
    private Task<TResult> Observe<TState, TResult>(
        Method method,
        string userPoolId,
        TState state,
        Func<TState, CancellationToken, Task<TResult>> call,
        CancellationToken cancellationToken) =>
        telemetry.ObservesRequests
            ? ObserveAsync(method, userPoolId, state, call, cancellationToken)
            : call(state, cancellationToken);

    private async Task<TResult> ObserveAsync<TState, TResult>(
        Method method,
        string userPoolId,
        TState state,
        Func<TState, CancellationToken, Task<TResult>> call,
        CancellationToken cancellationToken)
    {
        var scope = OperationScope.Current;
        var attempt = scope is { CurrentAttempt: > 0 } ? scope.CurrentAttempt : 1;
        var methodTag = new KeyValuePair<string, object?>(ResourceServerTelemetry.MethodTag, method.Name);
        using var activity = ClientTelemetry.Source.StartActivity(method.SpanName, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", RpcSystem);
            activity.SetTag("rpc.service", RpcService);
            activity.SetTag(ResourceServerTelemetry.MethodTag, method.Name);
            activity.SetTag(ResourceServerTelemetry.AttemptTag, attempt);
            activity.SetTag(ResourceServerTelemetry.UserPoolIdTag, userPoolId);
        }

        // The transport reports the response's request id through the scope; cleared so an attempt never shows the
        // id of the one before it.
        scope?.ResponseRequestId = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call(state, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            telemetry.Metrics.Attempts.Add(1, methodTag);
            telemetry.Metrics.AttemptDuration.Record(elapsed.TotalSeconds, methodTag);
            var requestId = scope?.ResponseRequestId;
            activity?.SetTag(ResourceServerTelemetry.RequestIdTag, requestId);

            Log.RequestSucceeded(telemetry.Logger, method.Name, userPoolId, attempt, elapsed.TotalMilliseconds, requestId);
            return result;
        }
        catch (Exception exception)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var requestId = (exception as CognitoServiceException)?.RequestId ?? scope?.ResponseRequestId;
            var errorType = ClientTelemetry.ErrorType(exception);
            var errorTag = new KeyValuePair<string, object?>(ResourceServerTelemetry.ErrorTypeTag, errorType);
            telemetry.Metrics.Attempts.Add(1, methodTag, errorTag);
            telemetry.Metrics.AttemptDuration.Record(elapsed.TotalSeconds, methodTag, errorTag);
            if (activity is not null)
            {
                activity.SetTag(ResourceServerTelemetry.RequestIdTag, requestId);
                activity.SetTag(ResourceServerTelemetry.ErrorTypeTag, errorType);
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }

            if (exception is TooManyRequestsException)
            {
                telemetry.Metrics.Throttles.Add(1, methodTag);
                Log.RequestThrottled(telemetry.Logger, method.Name, userPoolId, attempt, requestId);
            }
            else
            {
                Log.RequestFailed(telemetry.Logger, method.Name, userPoolId, errorType, attempt, elapsed.TotalMilliseconds, requestId);
            }

            throw;
        }
    }

    /// <summary>The names of one operation, computed once.</summary>
    private sealed class Method
    {
        public static readonly Method Create = new(CognitoOperation.CreateResourceServer);
        public static readonly Method Describe = new(CognitoOperation.DescribeResourceServer);
        public static readonly Method List = new(CognitoOperation.ListResourceServers);
        public static readonly Method Update = new(CognitoOperation.UpdateResourceServer);
        public static readonly Method Delete = new(CognitoOperation.DeleteResourceServer);

        private Method(CognitoOperation operation)
        {
            Name = operation.ToString();
            SpanName = "cognito-idp." + Name;
        }

        public string Name { get; }

        public string SpanName { get; }
    }
}
