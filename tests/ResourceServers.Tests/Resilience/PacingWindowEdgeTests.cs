using Microsoft.Extensions.Logging.Testing;
using Polly.RateLimiting;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Resilience;

/// <summary>
/// The pacer's decisions at their edges, driven directly on a fake clock: when the next call may start given the calls
/// in flight and their completions, how long a wait may be before it is refused, how long a call is reported to have
/// waited, when idle pool windows are dropped, and what a throttle or a climb at a lowered rate logs and learns.
/// </summary>
/// <remarks>
/// Time moves only once the waiting caller is parked on its timer (<see cref="WaitCountingTime"/>), so a call that
/// should still wait is seen waiting whatever the machine's load.
/// </remarks>
public class PacingWindowEdgeTests
{
    private const string Pool = "us-east-1_abc123";
    private const int Precision = 9;
    private static readonly CognitoOperation Create = CognitoOperation.CreateResourceServer;

    private readonly WaitCountingTime _time = new();
    private readonly long _origin;

    public PacingWindowEdgeTests() => _origin = _time.GetTimestamp();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_call_waits_for_the_earliest_completion_to_leave_the_window_whichever_call_it_was(bool firstCallEndsFirst)
    {
        var pacer = Pacer(new ResourceServerPacingOptions { PerOperationPerUserPoolPerSecond = 2 });
        var first = await pacer.WaitAsync(Create, Pool, CancellationToken.None);
        var second = await pacer.WaitAsync(Create, Pool, CancellationToken.None);

        // One call ends at 0.1 s, the other at 0.3 s: the pool's two slots are free again from 1.1 s and 1.3 s.
        _time.Advance(TimeSpan.FromMilliseconds(100));
        pacer.Complete(firstCallEndsFirst ? first : second);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        pacer.Complete(firstCallEndsFirst ? second : first);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        var third = pacer.WaitAsync(Create, Pool, CancellationToken.None).AsTask();

        await AdvanceToAsync(third, TimeSpan.FromMilliseconds(1099));
        Assert.False(third.IsCompleted);
        await AdvanceToAsync(third, TimeSpan.FromMilliseconds(1100));
        Assert.Equal(TimeSpan.FromMilliseconds(1100), (await third.WaitAsync(TimeSpan.FromSeconds(10))).SentAt);
    }

    [Fact]
    public async Task Calls_in_flight_hold_their_slots_until_a_window_after_they_end()
    {
        var pacer = Pacer(new ResourceServerPacingOptions { PerOperationPerUserPoolPerSecond = 2 });
        var first = await pacer.WaitAsync(Create, Pool, CancellationToken.None);
        var second = await pacer.WaitAsync(Create, Pool, CancellationToken.None);

        var third = pacer.WaitAsync(Create, Pool, CancellationToken.None).AsTask();
        await ParkedOrDoneAsync(third);
        Assert.False(third.IsCompleted);

        // A second later both calls still run: the third waits on, however long they take.
        await AdvanceToAsync(third, TimeSpan.FromMilliseconds(1500));
        Assert.False(third.IsCompleted);

        // They end at 1.5 s; their slots are free a window later, at 2.5 s, not a window after the third asked again.
        pacer.Complete(first);
        pacer.Complete(second);
        await AdvanceToAsync(third, TimeSpan.FromMilliseconds(2499));
        Assert.False(third.IsCompleted);
        await AdvanceToAsync(third, TimeSpan.FromMilliseconds(2500));
        Assert.Equal(TimeSpan.FromMilliseconds(2500), (await third.WaitAsync(TimeSpan.FromSeconds(10))).SentAt);
    }

    [Theory]
    [InlineData(1000, true)] // the wait is exactly MaxQueueWait: queued
    [InlineData(999, false)] // a millisecond beyond it: refused up front
    public async Task A_wait_of_exactly_MaxQueueWait_is_queued_and_a_longer_one_refused(int maxQueueWaitMs, bool queued)
    {
        var pacer = Pacer(new ResourceServerPacingOptions { PerOperationPerUserPoolPerSecond = 2 }, TimeSpan.FromMilliseconds(maxQueueWaitMs));
        pacer.Complete(await pacer.WaitAsync(Create, Pool, CancellationToken.None));
        pacer.Complete(await pacer.WaitAsync(Create, Pool, CancellationToken.None));

        var third = pacer.WaitAsync(Create, Pool, CancellationToken.None).AsTask();

        if (queued)
        {
            await ParkedOrDoneAsync(third);
            Assert.False(third.IsCompleted);
            await AdvanceToAsync(third, TimeSpan.FromSeconds(1));
            Assert.Equal(TimeSpan.FromSeconds(1), (await third.WaitAsync(TimeSpan.FromSeconds(10))).Waited);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<RateLimiterRejectedException>(() => third);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        }
    }

    [Fact]
    public async Task The_wait_reported_is_from_when_the_call_asked_to_when_it_was_sent()
    {
        var pacer = Pacer(new ResourceServerPacingOptions { PerOperationPerUserPoolPerSecond = 2 });
        _time.Advance(TimeSpan.FromSeconds(5));

        var first = await pacer.WaitAsync(Create, Pool, CancellationToken.None);
        pacer.Complete(first);
        pacer.Complete(await pacer.WaitAsync(Create, Pool, CancellationToken.None));
        _time.Advance(TimeSpan.FromMilliseconds(300));
        var third = pacer.WaitAsync(Create, Pool, CancellationToken.None).AsTask();
        await AdvanceToAsync(third, TimeSpan.FromSeconds(6));
        var held = await third.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.Zero, first.Waited);
        Assert.Equal(TimeSpan.FromSeconds(5), first.SentAt);
        Assert.Equal(TimeSpan.FromMilliseconds(700), held.Waited);
        Assert.Equal(TimeSpan.FromSeconds(6), held.SentAt);
    }

    [Fact]
    public async Task Idle_pool_windows_are_dropped_once_a_second_counting_from_the_last_sweep()
    {
        // One operation per pool, so the pacing gauge, which has a rate per operation while any of its pool windows is
        // kept, shows which windows are.
        var pacer = Pacer(new ResourceServerPacingOptions());

        await SendAtAsync(pacer, CognitoOperation.ListResourceServers, "us-east-1_b", TimeSpan.FromMilliseconds(500));

        // A second after the pacer started: a sweep, but b's call ended 0.5 s ago and still counts.
        await SendAtAsync(pacer, CognitoOperation.DescribeResourceServer, "us-east-1_c", TimeSpan.FromMilliseconds(1000));
        Assert.Equal(["DescribeResourceServer", "ListResourceServers"], PacingRates.Of(pacer).Operations);

        // b is idle from 1.5 s, yet kept until the next sweep, a second after the last.
        await SendAtAsync(pacer, CognitoOperation.ListUserPoolClients, "us-east-1_d", TimeSpan.FromMilliseconds(1600));
        Assert.Equal(["DescribeResourceServer", "ListResourceServers", "ListUserPoolClients"], PacingRates.Of(pacer).Operations);

        // At 2 s exactly: b and c (its call ended at 1 s) are dropped.
        await SendAtAsync(pacer, CognitoOperation.DescribeUserPoolClient, "us-east-1_e", TimeSpan.FromMilliseconds(2000));
        Assert.Equal(["DescribeUserPoolClient", "ListUserPoolClients"], PacingRates.Of(pacer).Operations);
    }

    [Fact]
    public async Task A_climb_is_logged_once_when_the_window_gains_a_call_and_not_before()
    {
        var logger = new FakeLogger();
        var pacer = Pacer(new ResourceServerPacingOptions { AdaptiveContentionFactor = 0.5 }, logger: logger);
        await ThrottleAfterFiveCallsAsync(pacer);
        var logged = Recovering(logger).Count;

        // 2.5/s after the repeated throttle, flat for the 1 s return, then regaining 0.125/s: still two calls a window
        // at 1.5 s, three from 5 s on (logged to two decimals).
        _time.Advance(TimeSpan.FromSeconds(1.5));
        await SendPacedAsync(pacer);
        await SendPacedAsync(pacer);
        Assert.Equal(logged, Recovering(logger).Count);

        _time.Advance(TimeSpan.FromSeconds(4));
        await SendPacedAsync(pacer);
        await SendPacedAsync(pacer);

        // Logged as the window gains its third call: the rate then is just past 3 (the pair's calls are spread, so the
        // clock has moved on by a spacing or two).
        var climb = Assert.Single(Recovering(logger).Skip(logged));
        var match = System.Text.RegularExpressions.Regex.Match(climb, $@"^Pacing rate of CreateResourceServer for user pool {Pool} changed from 2\.5 to (?<rate>3\.\d+) requests per second \(recovering\)$");
        Assert.True(match.Success, climb);
        Assert.InRange(double.Parse(match.Groups["rate"].Value, System.Globalization.CultureInfo.InvariantCulture), 3, PacingRates.Of(pacer).Operation(Create));
    }

    [Fact]
    public async Task A_throttle_at_a_lowered_rate_measures_the_rate_sent_over_the_lowered_window()
    {
        // A negligible climb, so the lowered rate stays 2.5/s: ceil(2.5) = 3 calls in any 1.2 s, spread 0.4 s apart.
        var pacer = Pacer(new ResourceServerPacingOptions { AdaptiveRecoveryPerSecond = 1e-9, AdaptiveContentionFactor = 0.5 });
        await ThrottleAfterFiveCallsAsync(pacer);
        Assert.Equal(2.5, PacingRates.Of(pacer).Operation(Create), Precision);

        _time.Advance(TimeSpan.FromSeconds(2));
        var first = await pacer.WaitAsync(Create, Pool, CancellationToken.None);
        var second = await PacedAsync(pacer);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        pacer.Complete(first, throttled: true);
        pacer.Complete(second);

        // Two calls in the 1.2 s window is 1.67/s sent, a repeat within the window: half of it (plus the negligible climb).
        Assert.Equal(2 / 1.2 * 0.5, PacingRates.Of(pacer).Operation(Create), 6);
    }

    [Fact]
    public void A_throttle_of_a_call_sent_at_the_instant_of_the_last_decrease_lowers_nothing_and_one_sent_after_does()
    {
        var rate = new AdaptiveRate(5, new ResourceServerPacingOptions());
        Assert.Equal(2.5, rate.Lower(TimeSpan.FromSeconds(1), sentAt: TimeSpan.FromMilliseconds(500), sentRate: 5, passedRate: 5, out _, out var first));
        Assert.False(first);

        // Sent at 1 s, when the rate was lowered: paced at the old rate as far as the pacer can tell.
        Assert.Null(rate.Lower(TimeSpan.FromMilliseconds(1200), sentAt: TimeSpan.FromSeconds(1), sentRate: 5, passedRate: 5, out var before, out _));

        // A fifth of the way through the 1 s return: (1 - 0.2)^3 of the dip is left.
        Assert.Equal(5 - (2.5 * 0.512), before, Precision);

        Assert.NotNull(rate.Lower(TimeSpan.FromMilliseconds(1300), sentAt: TimeSpan.FromSeconds(1) + TimeSpan.FromTicks(1), sentRate: 5, passedRate: 5, out _, out var second));
        Assert.True(second);
    }

    private static List<string> Recovering(FakeLogger logger) =>
        logger.Collector.GetSnapshot()
            .Where(r => r.Id.Name == "PacingRateChanged" && r.Message.StartsWith("Pacing rate of CreateResourceServer", StringComparison.Ordinal) && r.Message.EndsWith("(recovering)", StringComparison.Ordinal))
            .Select(r => r.Message)
            .ToList();

    private CognitoRequestPacer Pacer(ResourceServerPacingOptions options, TimeSpan? maxQueueWait = null, FakeLogger? logger = null) =>
        new(options, maxQueueWait ?? TimeSpan.FromSeconds(10), _time, logger);

    // Five calls at once on the pool, the last throttled, twice a second apart: the first throttle is isolated (a dip,
    // back at 5/s a second later), the second repeats it, so with a contention factor of 0.5 the pair and category
    // stay at 2.5/s (half the 5/s sent) and climb only by the recovery share from a second later.
    private async Task ThrottleAfterFiveCallsAsync(CognitoRequestPacer pacer)
    {
        // One call a second before, so the pair's rate has held through a quota window and the first throttle is isolated.
        pacer.Complete(await pacer.WaitAsync(Create, Pool, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(1));
        await ThrottleAfterFiveCallsOnceAsync(pacer);
        _time.Advance(TimeSpan.FromSeconds(1));
        await ThrottleAfterFiveCallsOnceAsync(pacer);
    }

    private static async Task ThrottleAfterFiveCallsOnceAsync(CognitoRequestPacer pacer)
    {
        var slots = new List<CognitoRequestPacer.Slots>();
        for (var i = 0; i < 5; i++)
        {
            slots.Add(await pacer.WaitAsync(Create, Pool, CancellationToken.None));
        }

        for (var i = 0; i < 4; i++)
        {
            pacer.Complete(slots[i]);
        }

        pacer.Complete(slots[4], throttled: true);
    }

    // A call at a lowered rate is spread 1/r after the one before: the clock moves, a millisecond at a time, until it is sent.
    private async Task<CognitoRequestPacer.Slots> PacedAsync(CognitoRequestPacer pacer)
    {
        var call = pacer.WaitAsync(Create, Pool, CancellationToken.None).AsTask();
        while (!call.IsCompleted)
        {
            await ParkedOrDoneAsync(call);
            if (!call.IsCompleted)
            {
                _time.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        return await call;
    }

    private async Task SendPacedAsync(CognitoRequestPacer pacer) => pacer.Complete(await PacedAsync(pacer));

    private async Task SendAtAsync(CognitoRequestPacer pacer, CognitoOperation operation, string pool, TimeSpan at)
    {
        _time.Advance(at - _time.GetElapsedTime(_origin));
        pacer.Complete(await pacer.WaitAsync(operation, pool, CancellationToken.None));
    }

    // Moves the clock to `at` (from its start) a millisecond at a time, each step once the waiter is parked again.
    private async Task AdvanceToAsync(Task waiter, TimeSpan at)
    {
        while (_time.GetElapsedTime(_origin) < at)
        {
            await ParkedOrDoneAsync(waiter);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await ParkedOrDoneAsync(waiter);
    }

    // Waits (on real time, briefly) until the waiter has armed its next timer or finished.
    private async Task ParkedOrDoneAsync(Task waiter)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!waiter.IsCompleted && _time.ArmedWaits == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The waiter neither finished nor parked on a timer within 10 s.");
            await Task.WhenAny(waiter, Task.Delay(1));
        }
    }
}
