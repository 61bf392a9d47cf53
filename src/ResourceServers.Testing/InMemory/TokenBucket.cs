namespace ResourceServers.Testing;

/// <summary>
/// A token bucket over <see cref="TimeProvider"/> timestamps, so tests drive it with a fake clock. It holds at most
/// one second of rate (at least one token, so rates below 1/s still pass a call now and then), refilled continuously.
/// A call dated before the last one counted (arrival jitter) finds the bucket as that one left it.
/// </summary>
internal sealed class TokenBucket : IQuotaCounter
{
    private readonly TimeProvider _timeProvider;
    private readonly double _ratePerSecond;
    private readonly double _capacity;
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(double ratePerSecond, TimeProvider timeProvider, long now)
    {
        _timeProvider = timeProvider;
        _ratePerSecond = ratePerSecond;
        _capacity = Math.Max(1, ratePerSecond);
        _tokens = _capacity;
        _lastTimestamp = now;
    }

    public bool HasRoom(long now)
    {
        var elapsed = _timeProvider.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(_capacity, _tokens + (elapsed * _ratePerSecond));
            _lastTimestamp = now;
        }

        return _tokens >= 1;
    }

    public void Take() => _tokens -= 1;
}
