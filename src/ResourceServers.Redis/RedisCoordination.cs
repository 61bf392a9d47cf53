using System.Threading.RateLimiting;
using Medallion.Threading.Redis;
using RedisRateLimiting;
using StackExchange.Redis;

namespace ResourceServers.Redis;

/// <summary>
/// Builds a <see cref="ResourceServerCoordination"/> on Redis: per-key locks with leases from DistributedLock.Redis,
/// and pacing permits from RedisRateLimiting sliding windows, shared by every process that uses the same Redis and
/// <see cref="RedisCoordinationOptions.KeyPrefix"/>. For a client built by hand:
/// <c>new ResourceServerClient(options, coordination: RedisCoordination.Create(redis))</c>.
/// </summary>
public static class RedisCoordination
{
    /// <summary>Creates the coordination over a connection to Redis.</summary>
    /// <param name="redis">
    /// The connection; keep it open while the client is used. Connect with <c>AbortOnConnectFail = false</c> so that
    /// it reconnects by itself after Redis restarts (<see cref="ConnectionString"/> does).
    /// </param>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <returns>The coordination, to pass to the client.</returns>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public static ResourceServerCoordination Create(IConnectionMultiplexer redis, RedisCoordinationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        options ??= new RedisCoordinationOptions();
        options.Validate();

        var coordinator = Describe(redis);
        var expiry = options.LockExpiry;
        var locks = new RedisDistributedSynchronizationProvider(
            redis.GetDatabase(),
            o => o.Expiry(expiry)
                .ExtensionCadence(expiry / 10)

                // The default waits up to 0.8 s between tries for a held lock; a unit holds it for a few round trips.
                .BusyWaitSleepTime(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50)));

        var window = TimeSpan.FromSeconds(1) + options.PacingWindowMargin;
        return new ResourceServerCoordination(new ReconnectAwareLockProvider(locks, redis, coordinator), coordinator)
        {
            KeyPrefix = options.KeyPrefix,
            FallbackToLocal = options.FallbackToLocal,
            SharedPacing = options.SharePacing
                ? new ConnectedOnlyRateLimiter(
                    PartitionedRateLimiter.Create<CognitoRateLimit, string>(limit => RedisRateLimitPartition.GetSlidingWindowRateLimiter(
                        limit.Key,
                        _ => new RedisSlidingWindowRateLimiterOptions
                        {
                            PermitLimit = limit.PermitsPerSecond,
                            Window = window,
                            ConnectionMultiplexerFactory = () => redis,
                        })),
                    redis,
                    coordinator)
                : null,
        };
    }

    /// <summary>
    /// Parses a StackExchange.Redis connection string the way this library connects: <c>AbortOnConnectFail</c> off, so
    /// a Redis that is down at start-up or restarts later is reconnected to without restarting the application.
    /// </summary>
    /// <param name="connectionString">E.g. <c>localhost:6379</c> or <c>redis.internal:6380,ssl=true,password=...</c>.</param>
    /// <returns>The configuration, to pass to <see cref="ConnectionMultiplexer.Connect(ConfigurationOptions, TextWriter?)"/>.</returns>
    public static ConfigurationOptions ConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        return configuration;
    }

    // Names the endpoints the application configured (not the cluster nodes found through them), never the password a
    // connection string may carry. StackExchange.Redis connects only with at least one endpoint configured.
    private static string Describe(IConnectionMultiplexer redis) =>
        "Redis at " + string.Join(", ", redis.GetEndPoints(configuredOnly: true).Select(Format));

    // A host name as configured, without DnsEndPoint's "Unspecified/" prefix; an address as the runtime writes it.
    private static string Format(System.Net.EndPoint endpoint) => endpoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => $"{endpoint}",
    };
}
