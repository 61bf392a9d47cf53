using System.Globalization;
using Polly.RateLimiting;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// Decides when a wire call may go: at most N calls per rate category and per (operation, user pool) in any
/// one-second window, where a call occupies its slot from when it is sent until one second after it completes.
/// Driven by a <see cref="TimeProvider"/> so tests can move time.
/// </summary>
/// <remarks>
/// <para>
/// The service counts a call when it arrives, which the client cannot see: only that it lies between the send and
/// the answer. Dating a slot by its send lets a call that reached the service late (a new connection, a TLS
/// handshake, credentials resolved after the slot was taken, a busy thread pool) count in the service's next second
/// while the client already counts the next second's calls, and they are throttled. Dating it by its completion
/// makes every call's slot free up at least a second after the service counted it, whatever the latency, at the
/// cost of one round trip per window.
/// </para>
/// <para>
/// A call takes its slot in every limit at the same instant, under one lock, and only when it is actually sent:
/// reserving future slots would let a call held back by one limit sit on a slot of another it does not use.
/// Waiters are woken by time, not in arrival order; under contention a later arrival may go first.
/// </para>
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

    public CognitoRequestPacer(ResourceServerPacingOptions options, TimeSpan maxQueueWait, TimeProvider timeProvider)
    {
        _time = timeProvider;
        _origin = timeProvider.GetTimestamp();
        _update = new SlidingWindowLog(options.UpdateCategoryPerSecond);
        _read = new SlidingWindowLog(options.ReadCategoryPerSecond);
        _perPoolLimit = options.PerOperationPerUserPoolPerSecond;
        _maxQueueWait = maxQueueWait;
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

    /// <summary>Waits until the call may be sent and takes its slots; pass the result to <see cref="Complete"/> when the call ends.</summary>
    /// <param name="operation">The operation about to be called.</param>
    /// <param name="userPoolId">Its user pool.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The slots taken, held until <see cref="Complete"/>.</returns>
    /// <exception cref="RateLimiterRejectedException">The wait would exceed the configured maximum.</exception>
    public async ValueTask<Slots> WaitAsync(CognitoOperation operation, string userPoolId, CancellationToken cancellationToken)
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

                var ready = Max(category.NextFree(now, Window), pair.NextFree(now, Window));
                if (ready <= now)
                {
                    var slots = new Slots(category, category.Take(), pair, pair.Take(), now - started);
                    SlotTaken?.Invoke(operation, key.Item2, now);
                    SweepIdle(now);
                    return slots;
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

    /// <summary>Marks a call ended (answered, failed or cancelled): its slots free up one window from now.</summary>
    /// <param name="slots">What <see cref="WaitAsync"/> returned for the call.</param>
    public void Complete(Slots slots)
    {
        lock (_gate)
        {
            var now = Now;
            slots.Category.Complete(slots.CategoryIndex, now);
            slots.Pair.Complete(slots.PairIndex, now);
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

    /// <summary>The slots of one call, in its category and in its (operation, user pool) pair.</summary>
    /// <param name="Category">The rate category's log.</param>
    /// <param name="CategoryIndex">The slot taken in it.</param>
    /// <param name="Pair">The (operation, user pool) pair's log.</param>
    /// <param name="PairIndex">The slot taken in it.</param>
    /// <param name="Waited">How long the call was held back for them; zero when a slot was free at once.</param>
    internal readonly record struct Slots(SlidingWindowLog Category, int CategoryIndex, SlidingWindowLog Pair, int PairIndex, TimeSpan Waited);

    /// <summary>
    /// The last <c>limit</c> calls of one limit: each slot holds the completion time of its call, or
    /// <see cref="InFlight"/> while the call runs. Not thread-safe; used under the pacer's lock.
    /// </summary>
    /// <remarks>
    /// A slot is reused only once its call has completed and a window has passed, so the index a call holds stays
    /// its own until <see cref="Complete"/>. Completions come in any order, so the earliest is found by a scan:
    /// the service's rates are tens of slots (a linear scan of the 10,000 the options allow is still microseconds).
    /// </remarks>
    internal sealed class SlidingWindowLog(int limit)
    {
        private static readonly TimeSpan InFlight = TimeSpan.MaxValue;

        private readonly TimeSpan[] _slots = new TimeSpan[limit];
        private int _count;
        private int _reusable = -1;

        /// <summary>
        /// The earliest time a call fits: at once while a slot was never used; else when the earliest completion
        /// leaves the window. With every slot in flight that is unknown, and at least a window away: the caller
        /// waits that long and asks again.
        /// </summary>
        public TimeSpan NextFree(TimeSpan now, TimeSpan window)
        {
            _reusable = -1;
            if (_count < _slots.Length)
            {
                return TimeSpan.MinValue;
            }

            var earliest = 0;
            for (var i = 1; i < _slots.Length; i++)
            {
                if (_slots[i] < _slots[earliest])
                {
                    earliest = i;
                }
            }

            if (_slots[earliest] == InFlight)
            {
                return now + window;
            }

            var free = _slots[earliest] + window;
            if (free <= now)
            {
                _reusable = earliest;
            }

            return free;
        }

        /// <summary>Takes a slot for a call being sent; valid right after <see cref="NextFree"/> said it fits.</summary>
        /// <returns>The slot's index, for <see cref="Complete"/>.</returns>
        public int Take()
        {
            var index = _count < _slots.Length ? _count++ : _reusable;
            _slots[index] = InFlight;
            _reusable = -1;
            return index;
        }

        public void Complete(int index, TimeSpan now) => _slots[index] = now;

        public bool IsIdle(TimeSpan now, TimeSpan window)
        {
            for (var i = 0; i < _count; i++)
            {
                if (_slots[i] == InFlight || _slots[i] + window > now)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
