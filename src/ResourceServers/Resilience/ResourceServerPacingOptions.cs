namespace ResourceServers;

/// <summary>
/// Client-side pacing keyed the way Cognito counts requests, so bulk work waits for a slot instead of drawing
/// <c>TooManyRequestsException</c>. Every wire call, each retry included, takes a slot in its rate
/// category and in its (operation, user pool) pair; a call goes when both have room.
/// </summary>
/// <remarks>
/// A rate of N per second allows N calls in any one-second window, where a call counts from when it is sent until
/// one second after its answer: the service counts it somewhere in between, so however long it took to get there,
/// the service never sees more than N in a second.
/// The limits are per client; keep one client per account and Region, as Cognito's quotas are per account and Region.
/// A call held back logs a Debug event (<c>PacingWaited</c>) and adds a <see cref="ResourceServerTelemetry.PacingWaitEvent"/>
/// event to its span.
/// <para>The rates are ceilings. Other tools (the console, Terraform, other SDKs, other processes) spend the same
/// account quota, so with <see cref="Adaptive"/> on, a call Cognito throttles anyway dips the rate of its category
/// and of its (operation, user pool) pair; an isolated throttle is soon made good, repeated ones lower the rate to
/// the share others leave (see <see cref="Adaptive"/>).</para>
/// </remarks>
public sealed class ResourceServerPacingOptions
{
    /// <summary>Whether calls are paced. Default true. The test kit's <c>UseInMemoryCognito</c> turns it off unless the in-memory Cognito enforces quotas.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Requests per second in category UserPoolResourceUpdate (CreateResourceServer, UpdateResourceServer,
    /// DeleteResourceServer), per account and Region. Default 15, the published quota.
    /// </summary>
    public int UpdateCategoryPerSecond { get; set; } = 15;

    /// <summary>
    /// Requests per second in category UserPoolResourceRead (DescribeResourceServer, ListResourceServers), per
    /// account and Region. Default 20, the published quota.
    /// </summary>
    public int ReadCategoryPerSecond { get; set; } = 20;

    /// <summary>
    /// Requests per second in category UserPoolClientRead (ListUserPoolClients, DescribeUserPoolClient: reading which
    /// app clients grant a scope), per account and Region. Default 15, the published quota.
    /// </summary>
    public int ClientReadCategoryPerSecond { get; set; } = 15;

    /// <summary>
    /// Requests per second paced for Cognito's UserPoolRead category (ListUserPools, what <c>export --all-pools</c>
    /// pages through), per account and Region. Default 20, the published quota.
    /// </summary>
    public int UserPoolReadCategoryPerSecond { get; set; } = 20;

    /// <summary>Requests per second of one operation on one user pool. Default 5, the published quota.</summary>
    public int PerOperationPerUserPoolPerSecond { get; set; } = 5;

    /// <summary>
    /// The longest a call may be made to wait for a slot. A call that would wait longer fails at once with
    /// <see cref="Polly.RateLimiting.RateLimiterRejectedException"/> (not retried), whose <c>RetryAfter</c> says
    /// when a slot frees up. The wait happens inside an attempt, so it must be shorter than
    /// <see cref="ResourceServerResilienceOptions.AttemptTimeout"/>: a longer queue would be cut by the attempt timeout
    /// and retried as if the request had been sent. When null (the default), half the attempt timeout (5 s with the
    /// defaults). For bulk work with many concurrent callers on one pool, raise the attempt timeout.
    /// </summary>
    public TimeSpan? MaxQueueWait { get; set; }

    /// <summary>
    /// Whether the rates adapt to throttles. Default true. When a call is throttled (<c>TooManyRequestsException</c>,
    /// another throttling code, or HTTP 429), the rate of its category and of its (operation, user pool) pair dips to
    /// <see cref="AdaptiveDecreaseFactor"/> times the lower of the current rate and the rate actually sent over the last
    /// second (as the AWS SDKs' adaptive retry mode does), never below <see cref="AdaptiveMinimumFraction"/> of the
    /// configured rate; throttles of calls sent before that dip do not lower it again. What follows depends on whether
    /// throttles repeat:
    /// <list type="bullet">
    /// <item><description>An isolated throttle (none on that limit within <see cref="AdaptiveContentionWindow"/> before
    /// it, and the limit in use for at least a second, so its rate has held through a whole quota window), taken for the
    /// edge of the quota: the rate returns to where it was within <see cref="AdaptiveReturnTime"/>,
    /// fast at first, so it costs about its own retry.</description></item>
    /// <item><description>A throttle within <see cref="AdaptiveContentionWindow"/> of the previous one (or in the
    /// limit's first second), taken for others
    /// spending the quota: the rate returned to becomes <see cref="AdaptiveContentionFactor"/> times the rate sent,
    /// and it lowers again with each further repeat at or under it. A repeat on the climb above the rate returned to
    /// keeps that rate (or raises it halfway to what the climb proved) and waits twice as long before climbing again,
    /// so a quota that stays put is settled just under.</description></item>
    /// </list>
    /// A throttle lowers the limit that was holding calls back when it was sent (the category, or the (operation,
    /// user pool) pair), or both when neither or both were.
    /// Past the rate returned to, the rate climbs by <see cref="AdaptiveRecoveryPerSecond"/> of the configured rate
    /// each second, up to the configured rate. Each change is logged at Debug (<c>PacingRateChanged</c>) and the rates
    /// in force are the <see cref="ResourceServerTelemetry.PacingRateInstrument"/> gauge.
    /// </summary>
    public bool Adaptive { get; set; } = true;

    /// <summary>
    /// How deep a throttle dips the rate: the factor applied to the rate sent, above 0 and below 1. Default 0.5 (TCP's
    /// halving); the dip lets the service's counters refill before the rate returns (see <see cref="AdaptiveReturnTime"/>).
    /// </summary>
    public double AdaptiveDecreaseFactor { get; set; } = 0.5;

    /// <summary>
    /// How long the rate takes to climb back from a dip to the rate it returns to, above zero and at most 1 minute.
    /// Default 1 second. The climb is concave (CUBIC's shape): about 70 % of the way back in a third of this time.
    /// </summary>
    public TimeSpan AdaptiveReturnTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How close two throttles of one limit must come to be taken for contention rather than jitter, above zero and at
    /// most 1 hour. Default 30 seconds: longer than the sawtooth of a fleet sharing a quota, so its throttles count as repeats.
    /// </summary>
    public TimeSpan AdaptiveContentionWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Under contention (a throttle within <see cref="AdaptiveContentionWindow"/> of the previous one), the share of
    /// the rate actually sent that the rate returns to, above 0 and at most 1. Default 0.65: under what the service let
    /// through (a burst it allowed inflates the rate sent). Higher settles closer to the share others leave and
    /// throttles more (figures: docs/benchmarks.md, fleet-simulation).
    /// </summary>
    public double AdaptiveContentionFactor { get; set; } = 0.65;

    /// <summary>
    /// The fraction of the configured rate regained each second past the rate returned to, without a throttle, above
    /// 0 and at most 1. Default 0.025: from half the configured rate, back to full in 20 seconds.
    /// </summary>
    public double AdaptiveRecoveryPerSecond { get; set; } = 0.025;

    /// <summary>
    /// The lowest a rate may be driven, as a fraction of its configured rate, above 0 and at most 1. Default 0.1
    /// (1.5 a second for the update category, 0.5 a second for one operation on one pool).
    /// </summary>
    public double AdaptiveMinimumFraction { get; set; } = 0.1;

    /// <summary>The queue limit in force under a pipeline whose attempts time out after <paramref name="attemptTimeout"/>.</summary>
    internal TimeSpan EffectiveMaxQueueWait(TimeSpan attemptTimeout) => MaxQueueWait ?? attemptTimeout / 2;
}
