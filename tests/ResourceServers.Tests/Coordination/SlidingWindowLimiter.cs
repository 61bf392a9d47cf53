using System.Threading.RateLimiting;

namespace ResourceServers.Tests.Coordination;

/// <summary>
/// A shared pacing limiter as a coordination service keeps one (RedisRateLimiting's sliding window, say), in memory and
/// on the test's clock: each key grants its <see cref="CognitoRateLimit.PermitsPerSecond"/> permits in any window of one
/// second plus <paramref name="margin"/>, and otherwise answers "not yet" with the time until the oldest permit leaves
/// the window. Every client given it draws from the same permits, as processes sharing the service do.
/// </summary>
internal sealed class SlidingWindowLimiter(TimeProvider time, TimeSpan margin) : PartitionedRateLimiter<CognitoRateLimit>
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _granted = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public override RateLimiterStatistics? GetStatistics(CognitoRateLimit resource) => null;

    protected override RateLimitLease AttemptAcquireCore(CognitoRateLimit resource, int permitCount) =>
        throw new NotSupportedException("The library asks for shared permits asynchronously only.");

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(CognitoRateLimit resource, int permitCount, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(1) + margin;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_granted.TryGetValue(resource.Key, out var granted))
            {
                _granted[resource.Key] = granted = new Queue<DateTimeOffset>();
            }

            while (granted.Count > 0 && granted.Peek() + window <= now)
            {
                granted.Dequeue();
            }

            if (granted.Count + permitCount <= resource.PermitsPerSecond)
            {
                granted.Enqueue(now);
                return ValueTask.FromResult<RateLimitLease>(new PacingLease(acquired: true, retryAfter: null));
            }

            return ValueTask.FromResult<RateLimitLease>(new PacingLease(acquired: false, granted.Peek() + window - now));
        }
    }
}
