using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace ResourceServers.Tests.Coordination;

/// <summary>
/// A shared pacing limiter (the seam <see cref="ResourceServerCoordination.SharedPacing"/> takes) whose answers the
/// test scripts per request: a permit, "not yet" (with or without RetryAfter, as RedisRateLimiting's limiters answer),
/// a failure (the service unreachable), or no answer until the caller gives up. Records every request and when it came.
/// </summary>
internal sealed class ScriptedPacingLimiter(TimeProvider time, Func<CognitoRateLimit, int, PacingAnswer> answer) : PartitionedRateLimiter<CognitoRateLimit>
{
    private readonly DateTimeOffset _origin = time.GetUtcNow();
    private readonly ConcurrentQueue<PacingRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _perKey = new(StringComparer.Ordinal);

    /// <summary>A limiter that grants every request.</summary>
    public static ScriptedPacingLimiter Granting(TimeProvider time) => new(time, static (_, _) => PacingAnswer.Granted);

    /// <summary>Every request so far, in order.</summary>
    public IReadOnlyList<PacingRequest> Requests => [.. _requests];

    /// <summary>The keys asked for, in order.</summary>
    public IReadOnlyList<string> Keys => [.. _requests.Select(r => r.Limit.Key)];

    public override RateLimiterStatistics? GetStatistics(CognitoRateLimit resource) => null;

    protected override RateLimitLease AttemptAcquireCore(CognitoRateLimit resource, int permitCount) =>
        throw new NotSupportedException("The library asks for shared permits asynchronously only.");

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(CognitoRateLimit resource, int permitCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var n = _perKey.AddOrUpdate(resource.Key, 1, static (_, c) => c + 1);
        _requests.Enqueue(new PacingRequest(resource, permitCount, time.GetUtcNow() - _origin));
        var given = answer(resource, n);
        if (given.Failure is { } failure)
        {
            throw failure;
        }

        if (given.Hangs)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        return new PacingLease(given.Acquired, given.RetryAfter);
    }
}

/// <summary>One request to the limiter: the limit, the permits asked for, and when (time since the limiter was made).</summary>
internal sealed record PacingRequest(CognitoRateLimit Limit, int Permits, TimeSpan At);

/// <summary>What <see cref="ScriptedPacingLimiter"/> answers one request with.</summary>
internal sealed record PacingAnswer(bool Acquired, TimeSpan? RetryAfter = null, Exception? Failure = null, bool Hangs = false)
{
    public static PacingAnswer Granted { get; } = new(Acquired: true);

    /// <summary>"Not yet", saying when to ask again.</summary>
    public static PacingAnswer NotYet(TimeSpan retryAfter) => new(Acquired: false, retryAfter);

    /// <summary>"Not yet", without saying when (RedisRateLimiting's sliding window).</summary>
    public static PacingAnswer NotYetUnsaid { get; } = new(Acquired: false);

    public static PacingAnswer Throws(Exception failure) => new(Acquired: false, Failure: failure);

    /// <summary>No answer until the caller cancels.</summary>
    public static PacingAnswer NoAnswer { get; } = new(Acquired: false, Hangs: true);
}
