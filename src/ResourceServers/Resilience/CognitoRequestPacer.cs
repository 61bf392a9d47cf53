using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.RateLimiting;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// Decides when a wire call may go: at most N calls per rate category and per (operation, user pool) in any
/// one-second window, where a call occupies its slot from when it is sent until one second after it completes.
/// </summary>
/// <remarks>
/// A slot is dated by the call's completion because the service counts a call on arrival, which the client cannot
/// see; each limit's rate adapts to throttles (<see cref="AdaptiveRate"/>). Why, in docs/resilience-and-pacing.md,
/// "Inside the pacer".
/// </remarks>
internal sealed class CognitoRequestPacer
{
    /// <summary>What the rate log names as the pool of a category, which counts every pool's calls.</summary>
    internal const string EveryPool = "(all pools)";

    /// <summary>The gauge's name for the per-operation-per-pool limit.</summary>
    internal const string PerPoolLimit = "PerOperationPerUserPool";

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _origin;
    private readonly ResourceServerPacingOptions _options;
    private readonly Dictionary<CognitoQuotaCategory, Limit> _categories = [];
    private readonly TimeSpan _maxQueueWait;
    private readonly Dictionary<(CognitoOperation Operation, string UserPoolId), Limit> _perPool = [];
    private TimeSpan _lastSweep;

    public CognitoRequestPacer(ResourceServerPacingOptions options, TimeSpan maxQueueWait, TimeProvider timeProvider, ILogger? logger = null)
    {
        _time = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _origin = timeProvider.GetTimestamp();
        _options = options;
        foreach (var category in CognitoQuotaCategory.All)
        {
            _categories[category] = new Limit(category.PacedRate(options), options, category.Name, EveryPool, TimeSpan.Zero);
        }

        _maxQueueWait = maxQueueWait;
    }

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
                var category = _categories[operation.Category];
                var key = (operation, userPoolId);
                var pair = PairOf(key, now);
                var ready = pair is null ? category.NextFree(now, _logger) : Later(category.NextFree(now, _logger), pair.NextFree(now, _logger));
                if (ready <= now)
                {
                    var slots = new Slots(category, category.Take(now), pair, pair?.Take(now) ?? -1, now, now - started);
                    SweepIdle(now);
                    return slots;
                }

                // Timers count whole milliseconds: a shorter wait fires at once, finds the slot still taken and would
                // spin (forever under a fake clock, which fires it without moving time), so round up.
                wait = CeilingToMillisecond(ready - now);
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

    // The per-operation-per-pool limit of a call, made on first use; none for an operation that names no pool
    // (ListUserPools), which Cognito counts only in its category.
    private Limit? PairOf((CognitoOperation Operation, string UserPoolId) key, TimeSpan now)
    {
        if (key.UserPoolId.Length == 0)
        {
            return null;
        }

        if (!_perPool.TryGetValue(key, out var pair))
        {
            pair = new Limit(_options.PerOperationPerUserPoolPerSecond, _options, key.Operation.Name, key.UserPoolId, now);
            _perPool[key] = pair;
        }

        return pair;
    }

    /// <summary>
    /// Marks a call ended (answered, failed or cancelled): its slots free up one window from now. A call Cognito
    /// throttled lowers the rates of its category and pair first (see <see cref="AdaptiveRate"/>).
    /// </summary>
    /// <param name="slots">What <see cref="WaitAsync"/> returned for the call.</param>
    /// <param name="throttled">Whether Cognito refused the call for its rate (<see cref="CognitoServiceException.IsThrottle"/>).</param>
    public void Complete(Slots slots, bool throttled = false)
    {
        lock (_gate)
        {
            var now = Now;
            if (throttled)
            {
                // Cognito does not say which quota it applied. A limit that held calls back around the send was the
                // one this client spent to its edge; lowering one that was not would only starve its callers (one pool
                // of many left at a fraction of a call a second gates every caller that lands on it). When neither
                // or both were at their edge, both are lowered.
                var since = slots.SentAt - Window;
                var categoryFull = slots.Category.HeldBackSince(since);
                var pairFull = slots.Pair?.HeldBackSince(since) ?? false;
                if (categoryFull || !pairFull)
                {
                    slots.Category.Lower(now, slots.SentAt, _logger);
                }

                if (pairFull || !categoryFull)
                {
                    slots.Pair?.Lower(now, slots.SentAt, _logger);
                }
            }

            slots.Category.Log.Complete(slots.CategoryIndex, now, throttled);
            slots.Pair?.Log.Complete(slots.PairIndex, now, throttled);
        }
    }

    /// <summary>
    /// The rates in force, for the <see cref="ResourceServerTelemetry.PacingRateInstrument"/> gauge: each category's,
    /// and for each operation the lowest over the pools it is tracked for (pool ids stay off metrics).
    /// </summary>
    internal void MeasureRates(List<Measurement<double>> into)
    {
        lock (_gate)
        {
            var now = Now;
            foreach (var (category, limit) in _categories)
            {
                into.Add(new Measurement<double>(limit.Rate.At(now), new KeyValuePair<string, object?>(ResourceServerTelemetry.PacingLimitTag, category.Name)));
            }

            foreach (var operation in CognitoOperation.All)
            {
                var lowest = double.MaxValue;
                foreach (var (key, pair) in _perPool)
                {
                    if (key.Operation == operation)
                    {
                        lowest = Math.Min(lowest, pair.Rate.At(now));
                    }
                }

                if (lowest != double.MaxValue)
                {
                    into.Add(new Measurement<double>(
                        lowest,
                        new KeyValuePair<string, object?>(ResourceServerTelemetry.PacingLimitTag, PerPoolLimit),
                        new KeyValuePair<string, object?>(ResourceServerTelemetry.MethodTag, operation.Name)));
                }
            }
        }
    }

    private static TimeSpan Later(TimeSpan a, TimeSpan b) => TimeSpan.FromTicks(Math.Max(a.Ticks, b.Ticks));

    private static TimeSpan Earlier(TimeSpan a, TimeSpan b) => TimeSpan.FromTicks(Math.Min(a.Ticks, b.Ticks));

    private static TimeSpan CeilingToMillisecond(TimeSpan wait) =>
        TimeSpan.FromTicks((wait.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond);

    // A pair with nothing in its last window and its full rate back holds no state worth keeping; dropping it keeps
    // the map as small as the set of pairs used in the last second (which the category limits bound) plus the pairs
    // still recovering from a throttle.
    private void SweepIdle(TimeSpan now)
    {
        if (now - _lastSweep < Window)
        {
            return;
        }

        _lastSweep = now;
        List<(CognitoOperation, string)>? idle = null;
        foreach (var (key, pair) in _perPool)
        {
            if (pair.IsIdle(now))
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
    /// <param name="Category">The rate category's limit.</param>
    /// <param name="CategoryIndex">The slot taken in it.</param>
    /// <param name="Pair">The (operation, user pool) pair's limit; null for an operation that names no user pool.</param>
    /// <param name="PairIndex">The slot taken in it; -1 without a pair.</param>
    /// <param name="SentAt">When the slots were taken (the call sent), on the pacer's clock.</param>
    /// <param name="Waited">How long the call was held back for them; zero when a slot was free at once.</param>
    internal readonly record struct Slots(Limit Category, int CategoryIndex, Limit? Pair, int PairIndex, TimeSpan SentAt, TimeSpan Waited);

    /// <summary>
    /// One limit: a category, or one operation on one pool. Its rate in force (<see cref="AdaptiveRate"/>) decides how
    /// many of its log's slots a window holds and how long that window is. Not thread-safe; used under the pacer's lock.
    /// </summary>
    internal sealed class Limit
    {
        private readonly string _name;
        private readonly string _userPoolId;

        // The slots a window held and the rate when last logged, so a climb is logged once per slot gained.
        private int _reportedCount;
        private double _reportedRate;

        // When a call last found this limit full.
        private TimeSpan _heldBackAt = TimeSpan.MinValue;

        // When the next call is due at the rate in force, had every call been spaced evenly (GCRA's theoretical arrival time).
        private TimeSpan _spacedUntil = TimeSpan.MinValue;

        public Limit(int configured, ResourceServerPacingOptions options, string name, string userPoolId, TimeSpan createdAt)
        {
            _name = name;
            _userPoolId = userPoolId;
            _reportedCount = configured;
            _reportedRate = configured;
            Log = new SlidingWindowLog(configured);
            Rate = new AdaptiveRate(configured, options, createdAt);
        }

        public SlidingWindowLog Log { get; }

        public AdaptiveRate Rate { get; }

        /// <summary>When the call fits (see <see cref="SlidingWindowLog.NextFree"/>) at the rate in force; logs a climb to more slots a window.</summary>
        public TimeSpan NextFree(TimeSpan now, ILogger logger)
        {
            var rate = Rate.At(now);
            var (count, window) = Shape(rate);
            if (count > _reportedCount)
            {
                ResourceServers.Log.PacingRateChanged(logger, _name, _userPoolId, _reportedRate, rate, "recovering");
                _reportedCount = count;
                _reportedRate = rate;
            }

            var free = Log.NextFree(now, window, count);
            if (rate < Rate.Configured && _spacedUntil != TimeSpan.MinValue)
            {
                // Lowered, the calls are also spread over the window: its slots alone would let them go in bursts
                // (a whole window's worth at once), which a service counting in one-second windows sees as two.
                // Half a spacing early is allowed, so timer lateness does not slow the rate.
                var spaced = _spacedUntil - (TimeSpan.FromSeconds(1 / rate) / 2);
                free = free > spaced ? free : spaced;
            }

            if (free > now)
            {
                _heldBackAt = now;
            }

            return free;
        }

        /// <summary>Takes a slot for a call sent at <paramref name="now"/>; valid right after <see cref="NextFree"/> said it fits.</summary>
        /// <returns>The slot's index, for <see cref="SlidingWindowLog.Complete"/>.</returns>
        public int Take(TimeSpan now)
        {
            var rate = Rate.At(now);
            _spacedUntil = (_spacedUntil > now ? _spacedUntil : now) + TimeSpan.FromSeconds(1 / rate);
            return Log.Take();
        }

        /// <summary>Whether this limit held a call back at or after <paramref name="since"/>: it was spent to its edge.</summary>
        public bool HeldBackSince(TimeSpan since) => _heldBackAt >= since;

        /// <summary>Learns from a call throttled at <paramref name="now"/> that was sent at <paramref name="sentAt"/>.</summary>
        public void Lower(TimeSpan now, TimeSpan sentAt, ILogger logger)
        {
            var (_, window) = Shape(Rate.At(now));
            var sentRate = Log.Busy(now, window) / window.TotalSeconds;
            var passed = Log.Passed(now, Window) / Window.TotalSeconds;
            if (Rate.Lower(now, sentAt, sentRate, passed, out var before, out var contended) is { } after)
            {
                ResourceServers.Log.PacingRateChanged(logger, _name, _userPoolId, before, after, contended ? "throttled under contention" : "throttled");
                _reportedCount = Shape(after).Count;
                _reportedRate = after;
            }
        }

        public bool IsIdle(TimeSpan now) => !Rate.IsLowered(now) && Log.Busy(now, Window) == 0;

        // A rate r allows L = ceil(r) calls in any window of L / r seconds, at least one second: no second holds more
        // than ceil(r) of them, however the service aligns its seconds (L = floor(r) in a window under a second would
        // let two bursts into one of them). At the configured rate (a whole number, never exceeded), N calls in exactly
        // one second.
        private static (int Count, TimeSpan Window) Shape(double rate)
        {
            var count = Math.Max(1, (int)Math.Ceiling(rate - 1e-9));
            return (count, TimeSpan.FromSeconds(count / rate));
        }
    }

    /// <summary>
    /// The last calls of one limit, at most its configured rate of them: each slot holds the completion time of its
    /// call, <see cref="InFlight"/> while the call runs, or <see cref="Unused"/>. Not thread-safe; used under the
    /// pacer's lock.
    /// </summary>
    /// <remarks>
    /// A slot is reused only once its call has completed and its window has passed, so the index a call holds stays
    /// its own until <see cref="Complete"/>. Completions come in any order, so they are found by a scan: the service's
    /// rates are tens of slots (a linear scan of the 10,000 the options allow is still microseconds).
    /// </remarks>
    internal sealed class SlidingWindowLog(int capacity)
    {
        private static readonly TimeSpan InFlight = TimeSpan.MaxValue;
        private static readonly TimeSpan Unused = TimeSpan.MinValue;

        private readonly TimeSpan[] _slots = CreateSlots(capacity);
        private readonly bool[] _throttled = new bool[capacity];
        private TimeSpan[]? _scratch;

        // The free slot NextFree found for the call it said fits, until Take takes it.
        private int? _reusable;

        /// <summary>
        /// The earliest time a call fits when <paramref name="count"/> calls are allowed in any
        /// <paramref name="window"/>: <paramref name="now"/> while fewer are in flight or completed within the window;
        /// else when enough completions leave it. With those all in flight that is unknown, and at least a window away:
        /// the caller waits that long and asks again.
        /// </summary>
        public TimeSpan NextFree(TimeSpan now, TimeSpan window, int count)
        {
            _reusable = null;
            var busy = 0;
            int? free = null;
            var earliest = InFlight;
            for (var i = 0; i < _slots.Length; i++)
            {
                if (IsBusy(_slots[i], now, window))
                {
                    busy++;
                    earliest = Earlier(earliest, _slots[i]);
                }
                else
                {
                    free = i;
                }
            }

            if (busy < count)
            {
                // The log holds count or more slots (its capacity is the configured rate), so one is free.
                _reusable = free;
                return now;
            }

            // The call fits once busy - count + 1 of the busy slots have left the window (more than one when a rate drop
            // left more busy than the window now allows): when the (busy - count)-th earliest completion, from 0, does.
            // A full log (busy == count, every wake-up of a waiting caller) needs only the earliest, found above, which
            // spares it a copy and sort of its slots: thousands at the rates the options allow.
            // Stryker disable once Equality,Conditional : equivalent: the search from 0 finds that same earliest slot.
            var leaving = busy == count ? earliest : KthBusy(now, window, busy, busy - count);
            return leaving == InFlight ? now + window : leaving + window;
        }

        /// <summary>Takes a slot for a call being sent; valid right after <see cref="NextFree"/> said it fits.</summary>
        /// <returns>The slot's index, for <see cref="Complete"/>.</returns>
        public int Take()
        {
            var index = _reusable ?? throw new InvalidOperationException("A slot is taken only right after NextFree said the call fits.");
            _slots[index] = InFlight;
            _reusable = null;
            return index;
        }

        /// <summary>Frees a call's slot from one window after <paramref name="now"/>; remembers whether Cognito throttled it.</summary>
        public void Complete(int index, TimeSpan now, bool throttled = false)
        {
            _slots[index] = now;
            _throttled[index] = throttled;
        }

        /// <summary>The calls completed within <paramref name="window"/> of <paramref name="now"/> that Cognito let through.</summary>
        public int Passed(TimeSpan now, TimeSpan window)
        {
            var passed = 0;
            for (var i = 0; i < _slots.Length; i++)
            {
                passed += _slots[i] != InFlight && IsBusy(_slots[i], now, window) && !_throttled[i] ? 1 : 0;
            }

            return passed;
        }

        /// <summary>The calls in flight or completed within <paramref name="window"/> of <paramref name="now"/>.</summary>
        public int Busy(TimeSpan now, TimeSpan window)
        {
            var busy = 0;
            foreach (var slot in _slots)
            {
                busy += IsBusy(slot, now, window) ? 1 : 0;
            }

            return busy;
        }

        private static TimeSpan[] CreateSlots(int capacity)
        {
            var slots = new TimeSpan[capacity];
            Array.Fill(slots, Unused);
            return slots;
        }

        private static bool IsBusy(TimeSpan slot, TimeSpan now, TimeSpan window) =>
            slot == InFlight || (slot != Unused && slot + window > now);

        private TimeSpan KthBusy(TimeSpan now, TimeSpan window, int busy, int k)
        {
            // Stryker disable once Assignment : equivalent mutant: an allocation cache; a fresh array each time holds the same slots.
            var scratch = _scratch ??= new TimeSpan[_slots.Length];
            var n = 0;
            foreach (var slot in _slots)
            {
                if (IsBusy(slot, now, window))
                {
                    scratch[n++] = slot;
                }
            }

            var span = scratch.AsSpan(0, busy);
            span.Sort();
            return span[k];
        }
    }
}
