using Microsoft.Extensions.Time.Testing;

namespace ResourceServers.Tests.Resilience;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows how many short waits (pacing delays, retry backoffs) are armed and not
/// yet fired, so a test with several concurrent callers can move time only once every live caller is parked on one.
/// A fixed real-time settle instead lets a loaded machine move time while a caller is still between waits, and the
/// outcome then depends on the machine's load (it failed in CI that way).
/// </summary>
/// <remarks>
/// Timers due later than <see cref="ShortWaitLimit"/> (attempt and total timeouts) are not waits a caller parks on:
/// they are armed beside one, so they are not counted.
/// </remarks>
public sealed class WaitCountingTime : TimeProvider
{
    private readonly FakeTimeProvider _fake = new();
    private int _armed;

    /// <summary>The longest timer counted as a wait; choose it below the pipeline's attempt timeout.</summary>
    public TimeSpan ShortWaitLimit { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Short waits armed and not yet fired or disposed.</summary>
    public int ArmedWaits => Volatile.Read(ref _armed);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _fake.LocalTimeZone;

    /// <summary>Moves time forward, firing due timers (their continuations may run inline, here).</summary>
    public void Advance(TimeSpan delta) => _fake.Advance(delta);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Counted before it exists: a timer already due fires inside CreateTimer.
        var counted = new CountedTimer(this);
        counted.Arm(dueTime, period);
        counted.Inner = _fake.CreateTimer(
            s =>
            {
                counted.Fired();
                callback(s);
            },
            state,
            dueTime,
            period);
        return counted;
    }

    /// <summary>
    /// Advances time by <paramref name="step"/> until <paramref name="task"/> completes, each time only once as many
    /// short waits are armed as <paramref name="liveCallers"/> says callers are still running.
    /// </summary>
    /// <returns>How much fake time passed.</returns>
    public async Task<TimeSpan> RunUntilCompletedAsync(Task task, TimeSpan step, Func<int> liveCallers, TimeSpan? limit = null)
    {
        var max = limit ?? TimeSpan.FromMinutes(10);
        var elapsed = TimeSpan.Zero;
        var realDeadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!task.IsCompleted)
        {
            if (elapsed >= max)
            {
                throw new TimeoutException($"The task had not completed after {max} of fake time.");
            }

            // Continuations of fired timers may run on the thread pool; wait (on real time, briefly) until each live
            // caller has parked on its next wait or finished.
            while (!task.IsCompleted && ArmedWaits < liveCallers())
            {
                if (DateTime.UtcNow > realDeadline)
                {
                    throw new TimeoutException($"{liveCallers()} callers live but only {ArmedWaits} waits armed for 2 minutes of real time: a caller is parked on something other than a timer.");
                }

                await Task.WhenAny(task, Task.Delay(1));
            }

            if (!task.IsCompleted)
            {
                Advance(step);
                elapsed += step;
            }
        }

        return elapsed;
    }

    private sealed class CountedTimer(WaitCountingTime owner) : ITimer
    {
        private int _counted;

        public ITimer Inner { get; set; } = null!;

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            var isWait = period == Timeout.InfiniteTimeSpan && dueTime != Timeout.InfiniteTimeSpan && dueTime <= owner.ShortWaitLimit;
            if (isWait && Interlocked.Exchange(ref _counted, 1) == 0)
            {
                Interlocked.Increment(ref owner._armed);
            }
        }

        public void Fired() => Disarm();

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Disarm();
            var changed = Inner.Change(dueTime, period);
            Arm(dueTime, period);
            return changed;
        }

        public void Dispose()
        {
            Disarm();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Disarm();
            return Inner.DisposeAsync();
        }

        private void Disarm()
        {
            if (Interlocked.Exchange(ref _counted, 0) == 1)
            {
                Interlocked.Decrement(ref owner._armed);
            }
        }
    }
}
