namespace ResourceServers;

/// <summary>
/// The names under which the client reports what it does: its <see cref="System.Diagnostics.ActivitySource"/>, its
/// <see cref="System.Diagnostics.Metrics.Meter"/>, their instruments and tags. Subscribe with OpenTelemetry, e.g.
/// <c>tracing.AddSource(ResourceServerTelemetry.ActivitySourceName)</c> and
/// <c>metrics.AddMeter(ResourceServerTelemetry.MeterName)</c>.
/// </summary>
/// <remarks>
/// <para>Spans: one per client operation, named <c>ResourceServers.{Operation}</c> (e.g. <c>ResourceServers.Patch</c>;
/// for <c>ListAsync</c>, one per page), and under it one per service request, named <c>cognito-idp.{Method}</c>
/// (e.g. <c>cognito-idp.UpdateResourceServer</c>), tagged with the attempt number and the AWS request id.</para>
/// <para>Metric tags are low-cardinality only (operation, method, error type); user pool ids and identifiers appear on
/// spans and logs, never on metrics. Credentials, session tokens, signatures and the Authorization header appear
/// nowhere.</para>
/// </remarks>
public static class ResourceServerTelemetry
{
    /// <summary>The name of the library's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "ResourceServers";

    /// <summary>The name of the library's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "ResourceServers";

    /// <summary>Histogram, seconds: how long each client operation took, retries and backoff included. Tags: <see cref="OperationTag"/>, <see cref="ErrorTypeTag"/> on failure.</summary>
    public const string OperationDurationInstrument = "resourceservers.client.operation.duration";

    /// <summary>Histogram, seconds: how long each request to Cognito took, pacing wait included. Tags: <see cref="MethodTag"/>, <see cref="ErrorTypeTag"/> on failure.</summary>
    public const string AttemptDurationInstrument = "resourceservers.client.attempt.duration";

    /// <summary>Counter: requests sent to Cognito (every attempt, retries included). Tags: <see cref="MethodTag"/>, <see cref="ErrorTypeTag"/> on failure.</summary>
    public const string AttemptsInstrument = "resourceservers.client.attempts";

    /// <summary>Counter: client operations that failed, by error. Tags: <see cref="OperationTag"/>, <see cref="ErrorTypeTag"/>.</summary>
    public const string ErrorsInstrument = "resourceservers.client.errors";

    /// <summary>Counter: requests Cognito answered with <c>TooManyRequestsException</c>. Tags: <see cref="MethodTag"/>.</summary>
    public const string ThrottlesInstrument = "resourceservers.client.throttles";

    /// <summary>Counter: retries made by the resilience pipeline (attempts after the first of an execution). Tags: <see cref="OperationTag"/>.</summary>
    public const string RetriesInstrument = "resourceservers.client.retries";

    /// <summary>
    /// Gauge, requests per second: the rates client-side pacing allows now, lowered by throttles and recovering
    /// (see <see cref="ResourceServerPacingOptions.Adaptive"/>). Tags: <see cref="PacingLimitTag"/>; for the
    /// per-operation-per-pool limit also <see cref="MethodTag"/>, with the lowest rate over the pools in use (pool ids
    /// are in the <c>PacingRateChanged</c> Debug log, never on metrics). One measurement set per client.
    /// </summary>
    public const string PacingRateInstrument = "resourceservers.client.pacing.rate";

    /// <summary>
    /// Tag of <see cref="PacingRateInstrument"/>: which limit, <c>UserPoolResourceUpdate</c>,
    /// <c>UserPoolResourceRead</c> (Cognito's categories) or <c>PerOperationPerUserPool</c>.
    /// </summary>
    public const string PacingLimitTag = "resourceservers.pacing.limit";

    /// <summary>Tag: the client operation, e.g. <c>Patch</c>, <c>Get</c>, <c>List</c>.</summary>
    public const string OperationTag = "resourceservers.operation";

    /// <summary>Tag: the Cognito API method of a request, e.g. <c>UpdateResourceServer</c> (OpenTelemetry's <c>rpc.method</c>).</summary>
    public const string MethodTag = "rpc.method";

    /// <summary>
    /// Tag: why it failed: the service error code (e.g. <c>TooManyRequestsException</c>) or, for failures without
    /// one, the exception type name (e.g. <c>TimeoutRejectedException</c>). Absent on success.
    /// </summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Span tag: the AWS request id (<c>x-amzn-RequestId</c>) of the response, when it had one.</summary>
    public const string RequestIdTag = "aws.request_id";

    /// <summary>Span tag: the attempt number (1 for the first) of a request within its execution.</summary>
    public const string AttemptTag = "resourceservers.attempt";

    /// <summary>Span tag: the user pool id.</summary>
    public const string UserPoolIdTag = "resourceservers.user_pool_id";

    /// <summary>Span tag: the resource server identifier.</summary>
    public const string IdentifierTag = "resourceservers.identifier";

    /// <summary>The span event recorded when pacing held a request back to stay within Cognito's quotas.</summary>
    public const string PacingWaitEvent = "resourceservers.pacing.wait";

    /// <summary>The tag of <see cref="PacingWaitEvent"/> holding the wait in milliseconds.</summary>
    public const string PacingWaitMsTag = "resourceservers.pacing.wait_ms";
}
