namespace ResourceServers;

/// <summary>
/// The rate one pacing limit allows now: its configured rate, lowered by throttles and regained over time (AIMD:
/// additive increase, multiplicative decrease). Computed from the time of the last decrease rather than updated by a
/// timer, so the rate at any instant is a function of the throttles seen and the clock, and tests can move time.
/// Not thread-safe; used under the pacer's lock.
/// </summary>
/// <remarks>
/// <para>Why AIMD and not the AWS SDKs' CUBIC: CUBIC's curve exists to climb back fast to an unknown ceiling found by
/// loss. Here the ceiling is known (Cognito publishes its quotas, and the configured rate is never exceeded), and what
/// the rate must find is the share others leave, which moves slowly. A straight, slow climb is enough, throttles fewer
/// calls on its way back up than CUBIC's fast return to the last rate, and its outcome is easy to predict and test.
/// From the AWS SDKs the decrease keeps two ideas: the factor 0.7, and lowering from the rate actually sent when it is
/// below the allowed one (else a pacer sending far under its limit would "lower" a rate it does not use).</para>
/// <para>One decrease per congestion event: throttles of calls sent before the last decrease were paced at the old
/// rate and say nothing about the new one, so a burst of throttled calls lowers the rate once, not once per call.</para>
/// </remarks>
internal sealed class AdaptiveRate
{
    private readonly double _configured;
    private readonly double _floor;
    private readonly double _decrease;
    private readonly double _recoveryPerSecond;
    private readonly bool _adaptive;
    private double _loweredTo;
    private TimeSpan _loweredAt = TimeSpan.MinValue;

    public AdaptiveRate(int configured, ResourceServerPacingOptions options)
    {
        _configured = configured;
        _adaptive = options.Adaptive;
        _decrease = options.AdaptiveDecreaseFactor;
        _floor = configured * options.AdaptiveMinimumFraction;
        _recoveryPerSecond = configured * options.AdaptiveRecoveryPerSecond;
        _loweredTo = configured;
    }

    /// <summary>The configured rate, requests per second: the most this limit ever allows.</summary>
    public int Configured => (int)_configured;

    /// <summary>The rate in force at <paramref name="now"/>, requests per second.</summary>
    public double At(TimeSpan now)
    {
        if (_loweredAt == TimeSpan.MinValue)
        {
            return _configured;
        }

        var regained = _recoveryPerSecond * (now - _loweredAt).TotalSeconds;
        return Math.Min(_configured, _loweredTo + Math.Max(0, regained));
    }

    /// <summary>Whether the rate at <paramref name="now"/> is below the configured one (state worth keeping).</summary>
    public bool IsLowered(TimeSpan now) => At(now) < _configured;

    /// <summary>
    /// Learns from a throttled call: lowers the rate to the decrease factor times the lower of the rate in force and
    /// <paramref name="sentRate"/>, unless the call was sent before the last decrease.
    /// </summary>
    /// <param name="now">When the throttle was seen.</param>
    /// <param name="sentAt">When the throttled call was sent; a call sent at or before the last decrease was paced at the old rate.</param>
    /// <param name="sentRate">The rate this limit actually sent at over its last window, requests per second.</param>
    /// <param name="before">The rate in force before.</param>
    /// <returns>The new rate, or null when the throttle changes nothing (adaptation off, or an older call's throttle).</returns>
    public double? Lower(TimeSpan now, TimeSpan sentAt, double sentRate, out double before)
    {
        before = At(now);
        if (!_adaptive || sentAt <= _loweredAt)
        {
            return null;
        }

        // At the floor the rate cannot drop, but the climb starts again from now: the share left is no larger.
        _loweredTo = Math.Max(_floor, Math.Min(before, sentRate) * _decrease);
        _loweredAt = now;
        return _loweredTo;
    }
}
