using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly.RateLimiting;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// Pacing shared by every process through <see cref="ResourceServerCoordination.SharedPacing"/>: a wire call takes one
/// permit of its (operation, user pool) pair (when it names a pool) and one of its rate category, asking again shortly while none is free,
/// up to the pacing queue limit. Runs after the client's local pacer, right before the call is sent, so a permit is
/// dated as close to the call's arrival at Cognito as the client can.
/// </summary>
internal sealed class SharedPacing
{
    private readonly ResourceServerCoordination _coordination;
    private readonly PartitionedRateLimiter<CognitoRateLimit> _limiter;
    private readonly string _prefix;
    private readonly int _perPool;
    private readonly Dictionary<CognitoQuotaCategory, CognitoRateLimit> _categories = [];
    private readonly TimeSpan _maxQueueWait;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(CognitoOperation, string), CognitoRateLimit> _pairs = new();

    public SharedPacing(ResourceServerCoordination coordination, PartitionedRateLimiter<CognitoRateLimit> limiter, ResourceServerPacingOptions rates, string scope, TimeSpan maxQueueWait, TimeProvider time, ILogger logger)
    {
        _coordination = coordination;
        _limiter = limiter;
        _prefix = $"{coordination.KeyPrefix}:pace:{scope}";
        _perPool = rates.PerOperationPerUserPoolPerSecond;
        foreach (var category in CognitoQuotaCategory.All)
        {
            _categories[category] = new CognitoRateLimit($"{_prefix}:{category.Name}", category.PacedRate(rates));
        }

        _maxQueueWait = maxQueueWait;
        _time = time;
        _logger = logger;
    }

    /// <summary>Waits for the call's shared permits.</summary>
    /// <returns>How long the call was held back.</returns>
    /// <exception cref="RateLimiterRejectedException">The wait would exceed the pacing queue limit.</exception>
    /// <exception cref="ResourceServerCoordinationException">The limiter failed and <see cref="ResourceServerCoordination.FallbackToLocal"/> is off.</exception>
    public async ValueTask<TimeSpan> WaitAsync(CognitoOperation operation, string userPoolId, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var category = _categories[operation.Category];

        // An operation that names no pool (ListUserPools) is counted only in its category.
        if (userPoolId.Length == 0)
        {
            await AcquireAsync(category, operation, userPoolId, started, cancellationToken).ConfigureAwait(false);
            return _time.GetElapsedTime(started);
        }

        var pair = _pairs.GetOrAdd((operation, userPoolId), static (key, self) => new CognitoRateLimit($"{self._prefix}:{key.Item1.Name}:{key.Item2}", self._perPool), this);

        // The narrower limit first: a permit taken from one limit while the other makes the call wait is spent unused.
        if (await AcquireAsync(pair, operation, userPoolId, started, cancellationToken).ConfigureAwait(false))
        {
            await AcquireAsync(category, operation, userPoolId, started, cancellationToken).ConfigureAwait(false);
        }

        return _time.GetElapsedTime(started);
    }

    // False when the limiter is unavailable and the call goes on with local pacing only.
    private async ValueTask<bool> AcquireAsync(CognitoRateLimit limit, CognitoOperation operation, string userPoolId, long started, CancellationToken cancellationToken)
    {
        while (true)
        {
            RateLimitLease lease;
            try
            {
                lease = await _limiter.AcquireAsync(limit, 1, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (_coordination.FallbackToLocal)
                {
                    Log.CoordinationFallback(_logger, e, "pacing", userPoolId, operation.Name, _coordination.Coordinator);
                    return false;
                }

                throw new ResourceServerCoordinationException(
                    $"Could not take a pacing permit for {operation} on user pool '{userPoolId}' from {_coordination.Coordinator} ({e.GetType().Name}), so the call was not sent. "
                    + "The client reconnects by itself; retry later, or set FallbackToLocal to go on with local pacing.",
                    _coordination.Coordinator,
                    e);
            }

            TimeSpan wait;
            using (lease)
            {
                if (lease.IsAcquired)
                {
                    return true;
                }

                wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : PollInterval(limit);
            }

            var waited = _time.GetElapsedTime(started);
            if (waited + wait > _maxQueueWait)
            {
                throw new RateLimiterRejectedException(
                    string.Create(CultureInfo.InvariantCulture, $"{operation} on user pool '{userPoolId}' waited {waited.TotalMilliseconds:0} ms for a shared pacing permit ({_coordination.Coordinator}), up to ResourceServers:Resilience:Pacing:MaxQueueWait ({_maxQueueWait})."),
                    wait);
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    // A limiter that says "not yet" without saying when (RedisRateLimiting's sliding window) is asked again after a
    // fraction of a slot's spacing, jittered so that processes waiting on one limit do not ask in step.
    private static TimeSpan PollInterval(CognitoRateLimit limit)
    {
        var spacingMs = 1000.0 / Math.Max(1, limit.PermitsPerSecond);
        var ms = Math.Clamp(spacingMs / 20, 2, 10);
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds(ms * (0.5 + Random.Shared.NextDouble()));
#pragma warning restore CA5394
    }
}
