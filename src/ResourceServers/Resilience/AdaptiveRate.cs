namespace ResourceServers;

/// <summary>
/// The rate one pacing limit allows now: its configured rate, lowered by throttles and regained over time. A function
/// of the throttles seen and the clock (no timer), so tests can move time. Not thread-safe; used under the pacer's lock.
/// </summary>
/// <remarks>
/// An isolated throttle is taken for the edge of the quota and a repeated one for others spending it; how the two are
/// told apart, in docs/resilience-and-pacing.md, "Inside the pacer".
/// </remarks>
internal sealed class AdaptiveRate
{
    private readonly double _configured;
    private readonly double _floor;
    private readonly double _decrease;
    private readonly double _contention;
    private readonly double _recoveryPerSecond;
    private readonly TimeSpan _returnTime;
    private readonly TimeSpan _contentionWindow;
    private readonly bool _adaptive;
    private double _loweredTo;
    private double _held;
    private TimeSpan _loweredAt = TimeSpan.MinValue;
    private TimeSpan _lastThrottleAt = TimeSpan.MinValue;

    // How long the rate stays at the rate that held, once back, before it probes above it again.
    private TimeSpan _dwell;

    // Until a limit has carried calls for a whole quota window, its rate has not held: a throttle then is contention.
    private readonly TimeSpan _heldFrom;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    public AdaptiveRate(int configured, ResourceServerPacingOptions options, TimeSpan createdAt = default)
    {
        _heldFrom = createdAt + TimeSpan.FromSeconds(1);
        _configured = configured;
        _adaptive = options.Adaptive;
        _decrease = options.AdaptiveDecreaseFactor;
        _contention = options.AdaptiveContentionFactor;
        _floor = configured * options.AdaptiveMinimumFraction;
        _recoveryPerSecond = configured * options.AdaptiveRecoveryPerSecond;
        _returnTime = options.AdaptiveReturnTime;
        _contentionWindow = options.AdaptiveContentionWindow;
        _loweredTo = configured;
        _held = configured;
    }

    /// <summary>The configured rate, requests per second: the most this limit ever allows.</summary>
    public int Configured => (int)_configured;

    /// <summary>The rate the limit returns to quickly after a dip: the configured one until throttles repeat.</summary>
    public double Held => _held;

    /// <summary>The rate in force at <paramref name="now"/>, requests per second.</summary>
    public double At(TimeSpan now)
    {
        if (_loweredAt == TimeSpan.MinValue)
        {
            return _configured;
        }

        var since = now - _loweredAt;
        if (since < _returnTime)
        {
            // Concave: most of the way back early, flat as it reaches the rate that held.
            var left = 1 - (since / _returnTime);
            return _held - ((_held - _loweredTo) * left * left * left);
        }

        var probing = since - _returnTime - _dwell;
        return probing <= TimeSpan.Zero ? _held : Math.Min(_configured, _held + (_recoveryPerSecond * probing.TotalSeconds));
    }

    /// <summary>Whether the rate at <paramref name="now"/> is below the configured one (state worth keeping).</summary>
    public bool IsLowered(TimeSpan now) => At(now) < _configured;

    /// <summary>
    /// Learns from a throttled call: dips to the decrease factor times the lower of the rate in force and
    /// <paramref name="sentRate"/>, to return to the rate that held; when the previous throttle was within the
    /// contention window, lowers the rate that held to the contention factor times that lower rate first. A call sent
    /// at or before the last decrease changes nothing.
    /// </summary>
    /// <param name="now">When the throttle was seen.</param>
    /// <param name="sentAt">When the throttled call was sent; a call sent at or before the last decrease was paced at the old rate.</param>
    /// <param name="sentRate">The rate this limit actually sent at over its last window, requests per second.</param>
    /// <param name="passedRate">The rate of this limit's calls Cognito let through over the last second, requests per second.</param>
    /// <param name="before">The rate in force before.</param>
    /// <param name="contended">Whether the throttle repeated one within the contention window.</param>
    /// <returns>The new rate, or null when the throttle changes nothing (adaptation off, or an older call's throttle).</returns>
    public double? Lower(TimeSpan now, TimeSpan sentAt, double sentRate, double passedRate, out double before, out bool contended)
    {
        before = At(now);
        contended = false;
        if (!_adaptive || sentAt <= _loweredAt)
        {
            return null;
        }

        var used = Math.Min(before, sentRate);
        contended = now < _heldFrom || (_lastThrottleAt != TimeSpan.MinValue && now - _lastThrottleAt <= _contentionWindow);
        _lastThrottleAt = now;

        if (!contended)
        {
            // Isolated: the rate in force held until now and is returned to.
            _held = Math.Max(_floor, before);
            _dwell = TimeSpan.Zero;
        }
        else if (_loweredAt != TimeSpan.MinValue && At(sentAt) > _held && passedRate >= _held)
        {
            // Repeated, but on a probe above the rate that held while Cognito still let the held rate through: the
            // quota lies between the two, so the rate that held is kept or raised halfway to what was proven (the rate
            // a window before the call, as sent and as let through), and the next probe waits twice as long: a quota
            // that stays put is probed ever more rarely. Less let through means others spend it: the branch below.
            var proven = Math.Min(Math.Min(used, passedRate), At(sentAt - Window));
            _held = Math.Max(_held, (_held + proven) / 2);
            _dwell = _dwell == TimeSpan.Zero ? _returnTime : Min(_dwell + _dwell, _contentionWindow);
        }
        else
        {
            // Repeated at or under the rate that held: it no longer does, and the share of what was really sent is what
            // others leave. At the floor the rate cannot drop, but the climb starts again.
            _held = Math.Max(_floor, used * _contention);
            _dwell = TimeSpan.Zero;
        }

        _loweredTo = Math.Min(_held, Math.Max(_floor, used * _decrease));
        _loweredAt = now;
        return _loweredTo;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
