namespace ResourceServers.Testing;

/// <summary>
/// Fixed windows over <see cref="TimeProvider"/> timestamps, all counted from one origin so every quota's windows
/// start together, as wall-clock seconds would: at most floor(rate) calls per one-second window, or for a rate below
/// 1, one call per window of 1 / rate seconds.
/// </summary>
internal sealed class FixedWindowCounter : IQuotaCounter
{
    private readonly TimeProvider _timeProvider;
    private readonly long _origin;
    private readonly TimeSpan _window;
    private readonly int _limit;
    private long _currentWindow = -1;
    private int _count;

    public FixedWindowCounter(double ratePerSecond, TimeProvider timeProvider, long origin)
    {
        _timeProvider = timeProvider;
        _origin = origin;
        _limit = ratePerSecond >= 1 ? (int)Math.Floor(ratePerSecond) : 1;
        _window = ratePerSecond >= 1 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1 / ratePerSecond);
    }

    public bool HasRoom(long now)
    {
        var window = _timeProvider.GetElapsedTime(_origin, now).Ticks / _window.Ticks;

        // A call dated into a window already left behind (arrival jitter) counts in the current one.
        if (window > _currentWindow)
        {
            _currentWindow = window;
            _count = 0;
        }

        return _count < _limit;
    }

    public void Take() => _count++;
}
