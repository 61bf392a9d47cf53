namespace ResourceServers.Resilience;

/// <summary>
/// Client-side pacing keyed the way Cognito counts requests, so bulk work waits for a slot instead of drawing
/// <see cref="Errors.TooManyRequestsException"/>. Every wire call, each retry included, takes a slot in its rate
/// category and in its (operation, user pool) pair; a call goes when both have room.
/// </summary>
/// <remarks>
/// A rate of N per second allows N calls in any one-second window, where a call counts from when it is sent until
/// one second after its answer: the service counts it somewhere in between, so however long it took to get there,
/// the service never sees more than N in a second.
/// The limits are per wrapped port (<see cref="ResourceServerResilience.WithPacing"/>); share one wrapped port per
/// account and Region, as Cognito's quotas are per account and Region.
/// </remarks>
public sealed class ResourceServerPacingOptions
{
    /// <summary>Whether calls are paced. Default true.</summary>
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

    /// <summary>Requests per second of one operation on one user pool. Default 5, the published quota.</summary>
    public int PerOperationPerUserPoolPerSecond { get; set; } = 5;

    /// <summary>
    /// The longest a call may be made to wait for a slot. A call that would wait longer fails at once with
    /// <see cref="Polly.RateLimiting.RateLimiterRejectedException"/> (not retried), whose <c>RetryAfter</c> says
    /// when a slot frees up. Default 30 seconds.
    /// </summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(30);
}
