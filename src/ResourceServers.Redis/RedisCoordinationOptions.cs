namespace ResourceServers.Redis;

/// <summary>Settings of coordination on Redis (<see cref="RedisCoordination.Create"/>, <c>UseRedisCoordination</c>).</summary>
public sealed class RedisCoordinationOptions
{
    /// <summary>
    /// The namespace of every key this library writes to Redis, so several environments (or AWS accounts, whose quotas
    /// are separate) can share one Redis. Default <c>resourceservers</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = ResourceServerCoordination.DefaultKeyPrefix;

    /// <summary>
    /// When Redis cannot be reached, go on with each process's local lock and pacing, logging a Warning each time,
    /// instead of failing with <see cref="ResourceServerCoordinationException"/>. Default false: writes never proceed
    /// uncoordinated by accident.
    /// </summary>
    public bool FallbackToLocal { get; set; }

    /// <summary>
    /// How long a lock outlives a process that stopped renewing it (killed, frozen, cut off): the others wait at most
    /// this long for a dead holder. Renewed every tenth of it while held. Default 10 s; at least 1 s.
    /// </summary>
    public TimeSpan LockExpiry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether pacing permits are shared by every process through Redis. Default true.</summary>
    public bool SharePacing { get; set; } = true;

    /// <summary>
    /// Added to the one-second window of each shared pacing limit: a permit is dated when it is granted, Cognito counts
    /// the call when it arrives, and the margin absorbs the difference. Default 25 ms; 0..1 s.
    /// </summary>
    public TimeSpan PacingWindowMargin { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting and the rule when a setting is out of range.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyPrefix))
        {
            throw new ArgumentException($"RedisCoordinationOptions.KeyPrefix must not be empty; it was '{KeyPrefix}'.", nameof(KeyPrefix));
        }

        if (LockExpiry < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"RedisCoordinationOptions.LockExpiry must be at least 1 s; it was {LockExpiry}.", nameof(LockExpiry));
        }

        if (PacingWindowMargin < TimeSpan.Zero || PacingWindowMargin > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"RedisCoordinationOptions.PacingWindowMargin must be 0..1 s; it was {PacingWindowMargin}.", nameof(PacingWindowMargin));
        }
    }
}
