using System.Threading.RateLimiting;
using Medallion.Threading;

namespace ResourceServers;

/// <summary>
/// Coordination of clients in several processes (or machines) that manage the same resource servers: a distributed
/// per-key lock around every read-modify-write unit, and optionally pacing permits shared by every process. Pass it to
/// <c>new ResourceServerClient(..., coordination: ...)</c> or register it with <c>UseCoordination</c>;
/// <c>ResourceServers.Redis</c> builds one on Redis (<c>RedisCoordination.Create</c>, <c>UseRedisCoordination</c>).
/// </summary>
/// <remarks>
/// <para>Locks: every patch, ensure, update-if-unchanged and ensure-all unit takes the lock
/// <c>{KeyPrefix}:lock:{endpoint}:{user pool}:{identifier}</c> from <see cref="Locks"/> (after the client's own
/// in-process lock) and holds it around its read and its write. A unit whose lease is lost before it writes
/// (<c>HandleLostToken</c>) does not write: it takes the lock again and starts over, and after three losses fails with
/// <see cref="ResourceServerCoordinationException"/>. Any <see cref="IDistributedLockProvider"/> of the DistributedLock
/// family fits (Redis, Postgres, SQL Server, ZooKeeper, ...).</para>
/// <para>Pacing: when <see cref="SharedPacing"/> is set, every paced wire call also takes one permit of its rate
/// category and one of its (operation, user pool) pair from it, keyed
/// <c>{KeyPrefix}:pace:{endpoint}:...</c>, at the rates of <see cref="ResourceServerPacingOptions"/>. The client's
/// local pacer still applies first.</para>
/// <para>Unavailable: when the lock or the limiter fails (the service is down or unreachable), the unit or call fails
/// with <see cref="ResourceServerCoordinationException"/> naming <see cref="Coordinator"/>, and nothing is written;
/// with <see cref="FallbackToLocal"/> it logs a Warning and goes on with the client's local lock and pacing only.</para>
/// </remarks>
public sealed class ResourceServerCoordination
{
    /// <summary>The default <see cref="KeyPrefix"/>: <c>resourceservers</c>.</summary>
    public const string DefaultKeyPrefix = "resourceservers";

    /// <summary>Creates the coordination.</summary>
    /// <param name="locks">Where the per-key locks come from.</param>
    /// <param name="coordinator">What errors and warnings name as the coordination service, e.g. <c>Redis at 10.0.0.5:6379</c>; never a secret.</param>
    public ResourceServerCoordination(IDistributedLockProvider locks, string coordinator)
    {
        ArgumentNullException.ThrowIfNull(locks);
        ArgumentException.ThrowIfNullOrWhiteSpace(coordinator);
        Locks = locks;
        Coordinator = coordinator;
    }

    /// <summary>Where the per-key locks of read-modify-write units come from.</summary>
    public IDistributedLockProvider Locks { get; }

    /// <summary>What errors and warnings name as the coordination service.</summary>
    public string Coordinator { get; }

    /// <summary>
    /// Pacing permits shared by every process, partitioned by <see cref="CognitoRateLimit.Key"/>; a lease that is not
    /// acquired means "not yet" (the call asks again shortly, up to the pacing queue limit). Null: local pacing only.
    /// </summary>
    public PartitionedRateLimiter<CognitoRateLimit>? SharedPacing { get; init; }

    /// <summary>
    /// The namespace of every lock and limiter key, so several environments (or AWS accounts, whose quotas are
    /// separate) can share one coordination service. Default <see cref="DefaultKeyPrefix"/>.
    /// </summary>
    public string KeyPrefix
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(KeyPrefix));
            field = value;
        }
    } = DefaultKeyPrefix;

    /// <summary>
    /// When the coordination service cannot be reached, go on with the client's local lock and pacing (logging a
    /// Warning each time) instead of failing. Default false: writes never proceed uncoordinated by accident.
    /// </summary>
    public bool FallbackToLocal { get; init; }
}
