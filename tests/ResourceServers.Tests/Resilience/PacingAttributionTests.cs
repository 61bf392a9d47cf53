using Microsoft.Extensions.Time.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Resilience;

/// <summary>
/// Which limits a call is paced by and which a throttle lowers, on the pacer directly with a fake clock: an operation
/// that names no user pool takes only its category's account-level limit; a throttle lowers the limit that held calls
/// back (the one this client spent to its edge), not one it was far from; and under a quota that stays put the rate
/// returns to what held instead of falling to the contention share.
/// </summary>
public class PacingAttributionTests
{
    private static readonly CognitoOperation List = CognitoOperation.ListUserPools;
    private static readonly CognitoOperation Update = CognitoOperation.UpdateResourceServer;

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ListUserPools_names_no_pool_and_is_paced_at_its_category_20_a_second_not_the_pair_limit_5()
    {
        var pacer = new CognitoRequestPacer(new ResourceServerPacingOptions(), TimeSpan.FromSeconds(10), _time);

        // UserPoolRead allows 20 a second; a per-operation-per-pool limit keyed on no pool would stop at 5.
        var sent = new List<CognitoRequestPacer.Slots>();
        for (var i = 0; i < 20; i++)
        {
            var wait = pacer.WaitAsync(List, string.Empty, CancellationToken.None);
            Assert.True(wait.IsCompletedSuccessfully, $"call {i + 1} of 20 was held back");
            sent.Add(await wait);
        }

        var twentyFirst = pacer.WaitAsync(List, string.Empty, CancellationToken.None).AsTask();
        Assert.False(twentyFirst.IsCompleted);
        Assert.Empty(PacingRates.Of(pacer).Operations);

        foreach (var slots in sent)
        {
            pacer.Complete(slots);
        }

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(twentyFirst.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        pacer.Complete(await twentyFirst.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_throttled_ListUserPools_lowers_its_category()
    {
        var pacer = new CognitoRequestPacer(new ResourceServerPacingOptions(), TimeSpan.FromSeconds(10), _time);
        var slots = new List<CognitoRequestPacer.Slots>();
        for (var i = 0; i < 10; i++)
        {
            slots.Add(await pacer.WaitAsync(List, string.Empty, CancellationToken.None));
        }

        _time.Advance(TimeSpan.FromMilliseconds(100));
        pacer.Complete(slots[^1], throttled: true);

        // Ten sent in the category's 1 s window, a throttle in its first second (contention): half of the 10/s sent.
        var rates = PacingRates.Of(pacer);
        Assert.Equal(5, rates.Category(CognitoQuotaCategory.UserPoolRead), 6);
        Assert.Empty(rates.Operations);
    }

    [Fact]
    public async Task A_throttle_while_the_category_holds_calls_back_lowers_the_category_and_leaves_a_pool_far_from_its_limit_alone()
    {
        var options = new ResourceServerPacingOptions { UpdateCategoryPerSecond = 6 };
        var pacer = new CognitoRequestPacer(options, TimeSpan.FromSeconds(10), _time);

        // Six updates over six pools fill the category; a seventh is held back by it, not by its pool (one call there).
        var sent = new List<CognitoRequestPacer.Slots>();
        for (var i = 0; i < 6; i++)
        {
            sent.Add(await pacer.WaitAsync(Update, $"us-east-1_pool{i}", CancellationToken.None));
        }

        var held = pacer.WaitAsync(Update, "us-east-1_pool6", CancellationToken.None).AsTask();
        Assert.False(held.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        pacer.Complete(sent[0], throttled: true);

        // The lowest update pair over the seven pools is still 5: pool0's too.
        var rates = PacingRates.Of(pacer);
        Assert.True(rates.Category(CognitoQuotaCategory.UserPoolResourceUpdate) < 6);
        Assert.Equal(5, rates.Operation(Update), 6);
    }

    [Fact]
    public async Task A_throttle_on_a_pool_held_back_by_its_pair_limit_lowers_the_pair_and_leaves_the_category_alone()
    {
        var pacer = new CognitoRequestPacer(new ResourceServerPacingOptions(), TimeSpan.FromSeconds(10), _time);
        const string pool = "us-east-1_pool0";
        var sent = new List<CognitoRequestPacer.Slots>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add(await pacer.WaitAsync(Update, pool, CancellationToken.None));
        }

        var held = pacer.WaitAsync(Update, pool, CancellationToken.None).AsTask();
        Assert.False(held.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        pacer.Complete(sent[0], throttled: true);

        var rates = PacingRates.Of(pacer);
        Assert.True(rates.Operation(Update) < 5);
        Assert.Equal(15, rates.Category(CognitoQuotaCategory.UserPoolResourceUpdate), 6);

        // The same operation on another pool keeps its own 5 a second: five go at once (at a lowered rate they would
        // be spread out), the sixth waits.
        for (var i = 0; i < 5; i++)
        {
            var wait = pacer.WaitAsync(Update, "us-east-1_pool1", CancellationToken.None);
            Assert.True(wait.IsCompletedSuccessfully, $"update {i + 1} of 5 on another pool was held back");
            await wait;
        }

        var sixth = pacer.WaitAsync(Update, "us-east-1_pool1", CancellationToken.None).AsTask();
        Assert.False(sixth.IsCompleted);
    }

    [Fact]
    public void A_throttle_on_a_probe_above_the_rate_that_held_returns_to_that_rate_and_waits_longer_before_probing_again()
    {
        var rate = new AdaptiveRate(15, new ResourceServerPacingOptions());

        // In the limit's first second: contention, the rate that holds becomes 0.65 of the 8/s sent, 5.2.
        Assert.NotNull(rate.Lower(TimeSpan.FromMilliseconds(500), sentAt: TimeSpan.FromMilliseconds(400), sentRate: 8, passedRate: 6, out _, out var contended));
        Assert.True(contended);
        Assert.Equal(5.2, rate.Held, 6);

        // Back at 5.2 a second later, then probing above it by 2.5 % of 15 a second: 6.325 three seconds after that.
        var probe = TimeSpan.FromMilliseconds(4500);
        Assert.Equal(6.325, rate.At(probe), 6);

        // Throttled on the probe with 6 let through in the last second: the quota lies between 5.2 and 6.3, so the rate
        // that held rises halfway to the rate proven (the 5.95 in force a second before the call), not down to 0.65 of it.
        Assert.NotNull(rate.Lower(probe, sentAt: probe, sentRate: 6.325, passedRate: 6, out _, out contended));
        Assert.True(contended);
        Assert.Equal((5.2 + 5.95) / 2, rate.Held, 6);

        // Back at the rate that held after the 1 s return, and it stays there for the dwell (1 s) before probing again.
        Assert.Equal(rate.Held, rate.At(probe + TimeSpan.FromSeconds(1)), 6);
        Assert.Equal(rate.Held, rate.At(probe + TimeSpan.FromSeconds(2)), 6);
        Assert.True(rate.At(probe + TimeSpan.FromSeconds(3)) > rate.Held);
    }

    [Fact]
    public void A_throttle_at_the_rate_that_held_lowers_it_to_the_contention_share()
    {
        var rate = new AdaptiveRate(15, new ResourceServerPacingOptions());
        Assert.NotNull(rate.Lower(TimeSpan.FromMilliseconds(500), sentAt: TimeSpan.FromMilliseconds(400), sentRate: 8, passedRate: 6, out _, out _));

        // Back at 5.2 after the 1 s return, not above it: a throttle there means it no longer holds.
        var at = TimeSpan.FromMilliseconds(1500);
        Assert.Equal(5.2, rate.At(at), 6);
        Assert.NotNull(rate.Lower(at, sentAt: at, sentRate: 5.2, passedRate: 5, out _, out var contended));
        Assert.True(contended);
        Assert.Equal(5.2 * 0.65, rate.Held, 6);
    }

    [Fact]
    public void A_throttle_on_a_probe_while_less_than_the_rate_that_held_gets_through_is_contention()
    {
        var rate = new AdaptiveRate(15, new ResourceServerPacingOptions());
        Assert.NotNull(rate.Lower(TimeSpan.FromMilliseconds(500), sentAt: TimeSpan.FromMilliseconds(400), sentRate: 8, passedRate: 6, out _, out _));
        var probe = TimeSpan.FromMilliseconds(4500);
        Assert.Equal(6.325, rate.At(probe), 6);

        // Only 4 of the 5.2 that held got through in the last second: others spend the quota, so it no longer holds.
        Assert.NotNull(rate.Lower(probe, sentAt: probe, sentRate: 6.325, passedRate: 4, out _, out var contended));
        Assert.True(contended);
        Assert.Equal(6.325 * 0.65, rate.Held, 6);
    }
}
