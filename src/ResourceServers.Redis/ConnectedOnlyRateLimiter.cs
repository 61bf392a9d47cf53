using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace ResourceServers.Redis;

/// <summary>
/// Shared pacing that fails at once while there is no connection to Redis, instead of queueing the limiter's script
/// in StackExchange.Redis's backlog until a timeout that would hold the call longer than its attempt may last.
/// </summary>
internal sealed class ConnectedOnlyRateLimiter(PartitionedRateLimiter<CognitoRateLimit> inner, IConnectionMultiplexer redis, string coordinator) : PartitionedRateLimiter<CognitoRateLimit>
{
    public override RateLimiterStatistics? GetStatistics(CognitoRateLimit resource) => inner.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(CognitoRateLimit resource, int permitCount)
    {
        ThrowIfDisconnected();
        return inner.AttemptAcquire(resource, permitCount);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(CognitoRateLimit resource, int permitCount, CancellationToken cancellationToken)
    {
        ThrowIfDisconnected();
        return inner.AcquireAsync(resource, permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override ValueTask DisposeAsyncCore() => inner.DisposeAsync();

    private void ThrowIfDisconnected()
    {
        if (!redis.IsConnected)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, $"No connection to {coordinator}; no pacing permit was taken.");
        }
    }
}
