namespace ResourceServers;

/// <summary>
/// Settings of the resilience pipeline every Cognito resource-server call runs in: retries with exponential backoff
/// and jitter, a shared retry budget, a per-attempt and a total timeout, and client-side pacing at Cognito's
/// published request rates. The defaults follow the AWS SDKs' "standard" retry mode.
/// </summary>
/// <remarks>
/// Mutable so configuration binding can fill it; checked by <see cref="ResourceServerResilienceOptionsValidator"/>
/// when a pipeline is built, with messages naming the setting at fault.
/// </remarks>
public sealed class ResourceServerResilienceOptions
{
    /// <summary>The configuration section these options are usually bound from: <c>ResourceServers:Resilience</c>.</summary>
    public const string SectionName = "ResourceServers:Resilience";

    /// <summary>
    /// Attempts per call in all, the first included. Default 3 (the AWS standard mode). 1 disables retries.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// Attempts per call in all while Cognito answers throttles (<c>TooManyRequestsException</c>, another throttling
    /// code, or HTTP 429), the first included: a throttled call was refused before it ran, so repeating it is always
    /// safe. Default 5. Never fewer than <see cref="MaxAttempts"/>, and no retry at all when <see cref="MaxAttempts"/> is 1.
    /// </summary>
    /// <remarks>
    /// Why more than <see cref="MaxAttempts"/>: processes that share a quota without coordination are not throttled
    /// alike, and one can be refused for seconds while the others never learn to slow down (figures in
    /// docs/benchmarks.md, <c>fleet-simulation</c>). The extra attempts are spent only by calls that are being
    /// throttled, and draw on the retry budget as any retry does.
    /// </remarks>
    public int MaxAttemptsWhenThrottled { get; set; } = 5;

    /// <summary>
    /// The backoff before the first retry; each later retry doubles it. Default 1 second (the AWS standard mode's
    /// base for throttling errors).
    /// </summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff between two attempts. Default 20 seconds (the AWS standard mode's cap).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Whether backoffs are randomized so that callers throttled together do not retry together. Default true.
    /// </summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// How long one attempt may take before it is abandoned and retried. Default 10 seconds. Runs inside the retry,
    /// so each attempt gets the full allowance; the time an attempt waits for a pacing slot counts toward it.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a call may take in all, every attempt and backoff included. Default 60 seconds. When it elapses
    /// the call fails with <see cref="Polly.Timeout.TimeoutRejectedException"/>, which is not retried.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an operation made of many calls may take in all: a <see cref="IResourceServerClient.ListAsync"/>
    /// enumeration (every page; the time the caller spends between pages is not counted),
    /// <see cref="IResourceServerClient.PlanAllAsync"/> and <see cref="IResourceServerClient.EnsureAllAsync"/>. Default
    /// 10 minutes; 10 milliseconds to 1 day. When it elapses the operation fails with
    /// <see cref="CognitoErrorCodes.Timeout"/>; what it did before stays done.
    /// </summary>
    /// <remarks>
    /// Each call already has <see cref="AttemptTimeout"/> and <see cref="TotalTimeout"/>; without a bound across calls, a
    /// server answering each of 301 pages just within the attempt timeout would hold a listing for most of an hour.
    /// Ten minutes is several times what ensuring a full pool of 300 resource servers takes at Cognito's write quotas.
    /// </remarks>
    public TimeSpan MultiCallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The retry budget shared by every call through one pipeline. Enabled by default.</summary>
    public ResourceServerRetryBudgetOptions RetryBudget { get; set; } = new();

    /// <summary>Client-side pacing at Cognito's request-rate quotas. Enabled by default at the published rates.</summary>
    public ResourceServerPacingOptions Pacing { get; set; } = new();
}
