using System.Globalization;
using Polly.RateLimiting;
using ResourceServers.Wire;

namespace ResourceServers.Resilience;

/// <summary>
/// Decides when a wire call may go: at most N calls in any sliding one-second window, per rate category and per
/// (operation, user pool). Driven by a <see cref="TimeProvider"/> so tests can move time.
/// </summary>
/// <remarks>
/// A call takes its slot in every limit at the same instant, under one lock, and only when it is actually sent:
/// reserving future slots would let a call held back by one limit sit on a slot of another it does not use.
/// Waiters are woken by time, not in arrival order; under contention a later arrival may go first.
/// </remarks>
internal sealed class CognitoRequestPacer
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly SlidingWindowLog _update;
    private readonly SlidingWindowLog _read;
    private readonly int _perPoolLimit;
    private readonly TimeSpan _maxQueueWait;
    private readonly Dictionary<(CognitoOperation Operation, string UserPoolId), SlidingWindowLog> _perPool = [];
    private TimeSpan _lastSweep;

    public CognitoRequestPacer(ResourceServerPacingOptions options, TimeProvider timeProvider)
    {
        _time = timeProvider;
        _origin = timeProvider.GetTimestamp();
        _update = new SlidingWindowLog(options.UpdateCategoryPerSecond);
        _read = new SlidingWindowLog(options.ReadCategoryPerSecond);
        _perPoolLimit = options.PerOperationPerUserPoolPerSecond;
        _maxQueueWait = options.MaxQueueWait;
    }

    /// <summary>The (operation, user pool) windows held now; idle ones are dropped as time passes.</summary>
    internal int TrackedPairs
    {
        get
        {
            lock (_gate)
            {
                return _perPool.Count;
            }
        }
    }

    /// <summary>Observes each slot taken, under the lock, with the time it was taken at; for tests.</summary>
    internal Action<CognitoOperation, string, TimeSpan>? SlotTaken { get; set; }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>Waits until the call may be sent and takes its slots.</summary>
    /// <param name="operation">The operation about to be called.</param>
    /// <param name="userPoolId">Its user pool.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes when the slots are taken.</returns>
    /// <exception cref="RateLimiterRejectedException">The wait would exceed the configured maximum.</exception>
    public async ValueTask WaitAsync(CognitoOperation operation, string userPoolId, CancellationToken cancellationToken)
    {
        var started = Now;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan wait;
            TimeSpan now;
            lock (_gate)
            {
                now = Now;
                var category = IsRead(operation) ? _read : _update;
                var key = (operation, userPoolId ?? string.Empty);
                if (!_perPool.TryGetValue(key, out var pair))
                {
                    pair = new SlidingWindowLog(_perPoolLimit);
                    _perPool[key] = pair;
                }

                var ready = Max(category.NextFree(Window), pair.NextFree(Window));
                if (ready <= now)
                {
                    category.Record(now);
                    pair.Record(now);
                    SlotTaken?.Invoke(operation, key.Item2, now);
                    SweepIdle(now);
                    return;
                }

                wait = ready - now;
            }

            if (now - started + wait > _maxQueueWait)
            {
                throw new RateLimiterRejectedException(
                    string.Create(CultureInfo.InvariantCulture, $"{operation} on user pool '{userPoolId}' would wait {wait.TotalMilliseconds:0} ms for a request slot, beyond ResourceServers:Resilience:Pacing:MaxQueueWait ({_maxQueueWait})."),
                    wait);
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsRead(CognitoOperation operation) =>
        operation is CognitoOperation.DescribeResourceServer or CognitoOperation.ListResourceServers;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // A pair with nothing in the last window holds no state worth keeping; dropping it keeps the map as small as the
    // set of pairs used in the last second, which the category limits bound.
    private void SweepIdle(TimeSpan now)
    {
        if (now - _lastSweep < Window)
        {
            return;
        }

        _lastSweep = now;
        List<(CognitoOperation, string)>? idle = null;
        foreach (var (key, log) in _perPool)
        {
            if (log.IsIdle(now, Window))
            {
                (idle ??= []).Add(key);
            }
        }

        if (idle is not null)
        {
            foreach (var key in idle)
            {
                _perPool.Remove(key);
            }
        }
    }

    /// <summary>The send times of the last <c>limit</c> calls, oldest first, in a ring. Not thread-safe; used under the pacer's lock.</summary>
    private sealed class SlidingWindowLog(int limit)
    {
        private readonly TimeSpan[] _sent = new TimeSpan[limit];
        private int _count;
        private int _oldest;

        /// <summary>The earliest time a call fits: when the oldest of the last <c>limit</c> calls leaves the window.</summary>
        public TimeSpan NextFree(TimeSpan window) => _count < _sent.Length ? TimeSpan.MinValue : _sent[_oldest] + window;

        public void Record(TimeSpan now)
        {
            if (_count < _sent.Length)
            {
                _sent[(_oldest + _count) % _sent.Length] = now;
                _count++;
            }
            else
            {
                _sent[_oldest] = now;
                _oldest = (_oldest + 1) % _sent.Length;
            }
        }

        public bool IsIdle(TimeSpan now, TimeSpan window) =>
            _count == 0 || _sent[(_oldest + _count - 1) % _sent.Length] + window <= now;
    }
}
