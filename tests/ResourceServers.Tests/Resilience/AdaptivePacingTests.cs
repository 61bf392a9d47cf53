using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Resilience;

/// <summary>
/// Adaptive pacing on a fake clock: a throttled call lowers the rates of its category and of its (operation, pool)
/// pair (multiplicative decrease), and they climb back linearly (additive increase). The rates learned are read as the
/// pacing gauge reads them (<see cref="PacingRates"/>) from the pacer, fed calls as a call path feeds it; which answers
/// count as throttles is tested through clients over the in-memory Cognito.
/// </summary>
public class AdaptivePacingTests : IAsyncLifetime
{
    private const int Precision = 9;

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryCognito _cognito;
    private string _pool = "";

    public AdaptivePacingTests() => _cognito = new InMemoryCognito(new InMemoryCognitoOptions { TimeProvider = _time });

    public async Task InitializeAsync() => _pool = (await _cognito.CreateUserPoolAsync("pool")).Id;

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_throttle_lowers_its_pair_and_category_to_half_the_rate_sent()
    {
        var pacer = Paced(new ResourceServerPacingOptions());
        await SendCreatesThenAThrottledOneAsync(pacer, sentBefore: 4);

        // Five sent in the last second on this pair and in the update category: 0.5 x 5 for both.
        var rates = PacingRates.Of(pacer);
        Assert.Equal(2.5, rates.Operation(CognitoOperation.CreateResourceServer), Precision);
        Assert.Equal(2.5, rates.Category(CognitoQuotaCategory.UserPoolResourceUpdate), Precision);

        // Other limits are untouched: the read category, and no other pair holds a rate (an untracked pair starts at
        // the configured rate; the same operation on another pool: PacingAttributionTests).
        Assert.Equal(20, rates.Category(CognitoQuotaCategory.UserPoolResourceRead));
        Assert.Equal(["CreateResourceServer"], rates.Operations);
    }

    [Fact]
    public async Task After_a_throttle_the_pair_sends_at_the_lowered_rate_spread_over_its_window()
    {
        // A negligible climb and a repeated throttle, so the lowered rate (0.7 x 5 = 3.5/s) can be seen exactly: calls
        // 2/7 s apart (half a spacing early allowed, so timer lateness does not slow the rate), and at most 4 in any
        // 8/7 s, so no second holds more than 4 however the service aligns its seconds.
        var pacer = Paced(new ResourceServerPacingOptions { AdaptiveDecreaseFactor = 0.7, AdaptiveContentionFactor = 0.7, AdaptiveRecoveryPerSecond = 1e-9 });
        await ThrottleTwiceAsync(pacer);
        _time.Advance(TimeSpan.FromSeconds(2));

        await CreateAsync(pacer).WaitAsync(TimeSpan.FromSeconds(10));
        await SentAfterAsync(pacer, 21, TimeSpan.FromMilliseconds(143));
        await SentAfterAsync(pacer, 22, TimeSpan.FromMilliseconds(286));
        await SentAfterAsync(pacer, 23, TimeSpan.FromMilliseconds(286));

        // Four sent in 0.715 s: the fifth waits for the first to leave its 8/7 s window.
        await SentAfterAsync(pacer, 24, TimeSpan.FromMilliseconds(428));
    }

    [Fact]
    public async Task A_wait_of_a_fraction_of_a_millisecond_is_rounded_up_rather_than_spun()
    {
        // At 3.5/s a window lasts 1142.86 ms. Timers count whole milliseconds and a fake clock fires a 0 ms timer at
        // once without moving time, so an unrounded 0.86 ms remainder would loop inside Advance forever.
        var pacer = Paced(new ResourceServerPacingOptions { AdaptiveDecreaseFactor = 0.7, AdaptiveContentionFactor = 0.7, AdaptiveRecoveryPerSecond = 1e-9 });
        await ThrottleTwiceAsync(pacer);
        _time.Advance(TimeSpan.FromSeconds(2));
        await CreateAsync(pacer).WaitAsync(TimeSpan.FromSeconds(10));
        await SentAfterAsync(pacer, 21, TimeSpan.FromMilliseconds(143));
        await SentAfterAsync(pacer, 22, TimeSpan.FromMilliseconds(286));
        await SentAfterAsync(pacer, 23, TimeSpan.FromMilliseconds(286));
        var fifth = CreateAsync(pacer);

        await Task.Run(() => _time.Advance(TimeSpan.FromMilliseconds(427))).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(fifth.IsCompleted);
        await Task.Run(() => _time.Advance(TimeSpan.FromMilliseconds(1))).WaitAsync(TimeSpan.FromSeconds(10));
        await fifth.WaitAsync(TimeSpan.FromSeconds(10));
    }

    // Sends one create, which must still wait a millisecond short of `after` and be sent at `after`.
    private async Task SentAfterAsync(CognitoRequestPacer pacer, int i, TimeSpan after)
    {
        var call = CreateAsync(pacer);
        _time.Advance(after - TimeSpan.FromMilliseconds(1));
        Assert.False(call.IsCompleted, $"create {i} went before {after.TotalMilliseconds} ms");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await call.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_isolated_throttle_dips_the_rates_and_they_return_within_the_return_time_fast_at_first()
    {
        var pacer = Paced(new ResourceServerPacingOptions());
        await SendCreatesThenAThrottledOneAsync(pacer, sentBefore: 4);

        // Back to the rate that held (5 for the pair, 15 for the category) along a cubic: (1 - t/1s)^3 of the dip left.
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(5 - (2.5 * 0.125), PacingRates.Of(pacer).Operation(CognitoOperation.CreateResourceServer), Precision);
        Assert.Equal(15 - (12.5 * 0.125), PacingRates.Of(pacer).Category(CognitoQuotaCategory.UserPoolResourceUpdate), Precision);

        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(5.0, PacingRates.Of(pacer).Operation(CognitoOperation.CreateResourceServer), Precision);
        Assert.Equal(15.0, PacingRates.Of(pacer).Category(CognitoQuotaCategory.UserPoolResourceUpdate), Precision);
    }

    [Fact]
    public async Task A_throttle_repeated_within_the_contention_window_lowers_the_rate_returned_to_which_then_climbs_by_the_recovery_share()
    {
        var pacer = Paced(new ResourceServerPacingOptions());
        await ThrottleTwiceAsync(pacer);

        // Repeated a second after the first, with 5 sent in the last second: back within 1 s to 0.65 x 5, not to 5.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3.25, PacingRates.Of(pacer).Operation(CognitoOperation.CreateResourceServer), Precision);
        Assert.Equal(3.25, PacingRates.Of(pacer).Category(CognitoQuotaCategory.UserPoolResourceUpdate), Precision);

        // Then 2.5% of the configured rate a second: 0.125/s for the pair (of 5), 0.375/s for the category (of 15).
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3.5, PacingRates.Of(pacer).Operation(CognitoOperation.CreateResourceServer), Precision);
        Assert.Equal(4.0, PacingRates.Of(pacer).Category(CognitoQuotaCategory.UserPoolResourceUpdate), Precision);

        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(5.0, PacingRates.Of(pacer).Operation(CognitoOperation.CreateResourceServer), Precision);
        Assert.Equal(15.0, PacingRates.Of(pacer).Category(CognitoQuotaCategory.UserPoolResourceUpdate), Precision);
    }

    [Fact]
    public async Task A_throttle_in_a_limits_first_second_counts_as_contention_since_no_rate_has_held_yet()
    {
        var pacer = Paced(new ResourceServerPacingOptions());
        for (var i = 0; i < 4; i++)
        {
            await CreateAsync(pacer);
        }

        await CreateAsync(pacer, throttled: true);

        // Back within 1 s to 0.65 x the 5 sent, not to the configured 5.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3.25, PacingRates.Of(pacer).Operation(CognitoOperation.CreateResourceServer), Precision);
    }

    [Fact]
    public async Task A_throttle_after_the_contention_window_is_isolated_again()
    {
        var pacer = Paced(new ResourceServerPacingOptions { AdaptiveContentionWindow = TimeSpan.FromSeconds(3) });
        await SendCreatesThenAThrottledOneAsync(pacer, sentBefore: 4);
        _time.Advance(TimeSpan.FromSeconds(3.5));
        await SendCreatesThenAThrottledOneAsync(pacer, sentBefore: 4);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5.0, PacingRates.Of(pacer).Operation(CognitoOperation.CreateResourceServer), Precision);
    }

    [Fact]
    public async Task Throttles_of_calls_sent_together_lower_the_rate_once()
    {
        var options = Resilience(new ResourceServerPacingOptions());
        var pacer = ClientComposition.CreatePacer(options, _time)!;
        var slots = new List<CognitoRequestPacer.Slots>();
        for (var i = 0; i < 4; i++)
        {
            slots.Add(await pacer.WaitAsync(CognitoOperation.UpdateResourceServer, _pool, CancellationToken.None));
        }

        _time.Advance(TimeSpan.FromMilliseconds(50));
        foreach (var slot in slots)
        {
            pacer.Complete(slot, throttled: true);
        }

        // Four in flight when the first throttle came: 0.5 x 4 once, not 0.5^4 x 4.
        Assert.Equal(2.0, PacingRates.Of(pacer).Operation(CognitoOperation.UpdateResourceServer), Precision);

        // A call sent after that decrease and throttled lowers it again.
        _time.Advance(TimeSpan.FromSeconds(2));
        var later = await pacer.WaitAsync(CognitoOperation.UpdateResourceServer, _pool, CancellationToken.None);
        pacer.Complete(later, throttled: true);
        Assert.True(PacingRates.Of(pacer).Operation(CognitoOperation.UpdateResourceServer) < 2.0 * 0.5 + 1e-9);
    }

    [Fact]
    public async Task Throttles_never_drive_a_rate_below_the_minimum_share()
    {
        var pacer = ClientComposition.CreatePacer(Resilience(new ResourceServerPacingOptions { AdaptiveMinimumFraction = 0.2 }), _time)!;
        for (var i = 0; i < 20; i++)
        {
            var slot = await WaitForSlotAsync(pacer, CognitoOperation.DescribeResourceServer);
            _time.Advance(TimeSpan.FromMilliseconds(10));
            pacer.Complete(slot, throttled: true);
        }

        Assert.Equal(1.0, PacingRates.Of(pacer).Operation(CognitoOperation.DescribeResourceServer), Precision);
        Assert.Equal(4.0, PacingRates.Of(pacer).Category(CognitoQuotaCategory.UserPoolResourceRead), Precision);
    }

    [Fact]
    public async Task With_adaptation_off_throttles_leave_the_rates_alone()
    {
        var pacer = Paced(new ResourceServerPacingOptions { Adaptive = false });
        await SendCreatesThenAThrottledOneAsync(pacer, sentBefore: 4);

        Assert.Equal(5, PacingRates.Of(pacer).Operation(CognitoOperation.CreateResourceServer));
        Assert.Equal(15, PacingRates.Of(pacer).Category(CognitoQuotaCategory.UserPoolResourceUpdate));
    }

    [Fact]
    public async Task Failures_other_than_throttling_teach_nothing()
    {
        // Through a client, whose call path tells the pacer which failures were throttles; its gauge shows the rates.
        var services = new ServiceCollection();
        services.AddMetrics();
        using var provider = services.BuildServiceProvider();
        var meters = provider.GetRequiredService<IMeterFactory>();
        using var gauge = new MetricCollector<double>(meters, ResourceServerTelemetry.MeterName, ResourceServerTelemetry.PacingRateInstrument);
        var client = new ResourceServerClient(new ResourceServerClientOptions { Resilience = { MaxAttempts = 1 } }, _cognito, meterFactory: meters, timeProvider: _time);
        _cognito.Faults.FailNext(CognitoOperation.CreateResourceServer, 1, FaultKind.InternalError);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => client.CreateAsync(new ResourceServer(_pool, "https://api0", "api0")));

        var rates = PacingRates.Of(gauge);
        Assert.Equal(["CreateResourceServer"], rates.Operations);
        Assert.Equal(5, rates.Operation(CognitoOperation.CreateResourceServer));
        Assert.Equal(15, rates.Category(CognitoQuotaCategory.UserPoolResourceUpdate));
    }

    [Fact]
    public async Task A_lowered_pair_is_kept_while_idle_and_dropped_once_recovered()
    {
        var pacer = Paced(new ResourceServerPacingOptions());
        await ThrottleTwiceAsync(pacer);

        // Two seconds idle would drop a pair at full rate; this one still holds what it learned (3.25, then 0.125/s).
        // An operation none of whose pairs is kept has no rate on the gauge.
        _time.Advance(TimeSpan.FromSeconds(2));
        await SendAsync(pacer, CognitoOperation.ListResourceServers, "us-east-1_other");
        var kept = PacingRates.Of(pacer);
        Assert.Equal(["CreateResourceServer", "ListResourceServers"], kept.Operations);
        Assert.Equal(3.375, kept.Operation(CognitoOperation.CreateResourceServer), Precision);

        _time.Advance(TimeSpan.FromSeconds(20));
        await SendAsync(pacer, CognitoOperation.ListResourceServers, "us-east-1_third");
        Assert.Equal(["ListResourceServers"], PacingRates.Of(pacer).Operations);
    }

    [Fact]
    public async Task Every_attempt_of_a_retried_call_teaches_the_pacer()
    {
        await _cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = _pool, Identifier = "https://api", Name = "api" });
        _cognito.Statistics.Reset();
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 2, FaultKind.TooManyRequests);
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var options = new ResourceServerClientOptions
        {
            Resilience = { UseJitter = false, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(10) },
        };
        var client = new ResourceServerClient(options, _cognito, loggerFactory: loggerFactory, timeProvider: _time);

        var call = client.GetAsync(_pool, "https://api");
        await _time.RunUntilCompletedAsync(call, TimeSpan.FromMilliseconds(50));

        Assert.Equal("api", (await call).Name);
        Assert.Equal(3, _cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));

        // Both throttled attempts lowered the pair: the first from 5 to 0.5 x the one call sent, the retry (sent after
        // that decrease, so it says something about the new rate) from what had been regained by then.
        var lowered = logs.Collector.GetSnapshot()
            .Where(r => r.Id.Name == "PacingRateChanged" && r.Message.StartsWith("Pacing rate of DescribeResourceServer", StringComparison.Ordinal) && r.Message.Contains("(throttled", StringComparison.Ordinal))
            .Select(r => r.Message)
            .ToList();
        Assert.Equal(2, lowered.Count);
        Assert.Contains("changed from 5 to 0.5 requests per second", lowered[0], StringComparison.Ordinal);
        Assert.DoesNotContain("to 5 requests per second", lowered[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Learned_rates_are_logged_at_Debug_and_reported_on_the_gauge()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddMetrics();
        using var provider = services.BuildServiceProvider();
        var logs = provider.GetFakeLogCollector();
        var meters = provider.GetRequiredService<IMeterFactory>();
        using var gauge = new MetricCollector<double>(meters, ResourceServerTelemetry.MeterName, ResourceServerTelemetry.PacingRateInstrument);
        var client = new ResourceServerClient(
            new ResourceServerClientOptions { Resilience = { MaxAttempts = 1 } },
            _cognito,
            loggerFactory: provider.GetRequiredService<ILoggerFactory>(),
            meterFactory: meters,
            timeProvider: _time);
        for (var i = 0; i < 4; i++)
        {
            await client.CreateAsync(new ResourceServer(_pool, $"https://api{i}", "api"));
        }

        _cognito.Faults.FailNext(CognitoOperation.CreateResourceServer, 1, FaultKind.TooManyRequests);
        await Assert.ThrowsAsync<CognitoServiceException>(() => client.CreateAsync(new ResourceServer(_pool, "https://api9", "api")));

        var changes = logs.GetSnapshot().Where(r => r.Id.Name == "PacingRateChanged").ToList();
        Assert.All(changes, r => Assert.Equal(LogLevel.Debug, r.Level));
        Assert.Contains(changes, r => r.Message == "Pacing rate of UserPoolResourceUpdate for user pool (all pools) changed from 15 to 2.5 requests per second (throttled under contention)");
        Assert.Contains(changes, r => r.Message == $"Pacing rate of CreateResourceServer for user pool {_pool} changed from 5 to 2.5 requests per second (throttled under contention)");

        gauge.RecordObservableInstruments();
        var measured = gauge.GetMeasurementSnapshot();
        Assert.Equal(2.5, measured.Single(m => Tag(m, ResourceServerTelemetry.PacingLimitTag) == "UserPoolResourceUpdate").Value, Precision);
        Assert.Equal(20, measured.Single(m => Tag(m, ResourceServerTelemetry.PacingLimitTag) == "UserPoolResourceRead").Value);
        var pair = measured.Single(m => Tag(m, ResourceServerTelemetry.PacingLimitTag) == "PerOperationPerUserPool");
        Assert.Equal("CreateResourceServer", Tag(pair, ResourceServerTelemetry.MethodTag));
        Assert.Equal(2.5, pair.Value, Precision);

        // _pool ids stay off metrics.
        Assert.DoesNotContain(measured.SelectMany(m => m.Tags.Values), v => v is string s && s.Contains(_pool, StringComparison.Ordinal));

        // A climb to a further whole call a second is logged too, at the next call (4 s: the pair from 2.5 to 3).
        _time.Advance(TimeSpan.FromSeconds(4));
        await client.CreateAsync(new ResourceServer(_pool, "https://api10", "api"));
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Name == "PacingRateChanged" && r.Message.EndsWith("(recovering)", StringComparison.Ordinal));
    }

    private static readonly NamedRows<(string Expected, Action<ResourceServerPacingOptions> Spoil)> InvalidAdaptiveSettingRows = new()
    {
        { "AdaptiveDecreaseFactor 1", ("ResourceServers:Resilience:Pacing:AdaptiveDecreaseFactor must be above 0 and below 1", o => o.AdaptiveDecreaseFactor = 1) },
        { "AdaptiveDecreaseFactor 0", ("ResourceServers:Resilience:Pacing:AdaptiveDecreaseFactor must be above 0 and below 1", o => o.AdaptiveDecreaseFactor = 0) },
        { "AdaptiveRecoveryPerSecond NaN", ("ResourceServers:Resilience:Pacing:AdaptiveRecoveryPerSecond must be above 0 and at most 1", o => o.AdaptiveRecoveryPerSecond = double.NaN) },
        { "AdaptiveRecoveryPerSecond 1.5", ("ResourceServers:Resilience:Pacing:AdaptiveRecoveryPerSecond must be above 0 and at most 1", o => o.AdaptiveRecoveryPerSecond = 1.5) },
        { "AdaptiveContentionFactor 0", ("ResourceServers:Resilience:Pacing:AdaptiveContentionFactor must be above 0 and at most 1", o => o.AdaptiveContentionFactor = 0) },
        { "AdaptiveReturnTime 0", ("ResourceServers:Resilience:Pacing:AdaptiveReturnTime must be above zero and at most 1 minute", o => o.AdaptiveReturnTime = TimeSpan.Zero) },
        { "AdaptiveReturnTime 2 min", ("ResourceServers:Resilience:Pacing:AdaptiveReturnTime must be above zero and at most 1 minute", o => o.AdaptiveReturnTime = TimeSpan.FromMinutes(2)) },
        { "AdaptiveContentionWindow negative", ("ResourceServers:Resilience:Pacing:AdaptiveContentionWindow must be above zero and at most 1 hour", o => o.AdaptiveContentionWindow = TimeSpan.FromSeconds(-1)) },
        { "AdaptiveMinimumFraction -0.1", ("ResourceServers:Resilience:Pacing:AdaptiveMinimumFraction must be above 0 and at most 1", o => o.AdaptiveMinimumFraction = -0.1) },
    };

    public static TheoryData<string> InvalidAdaptiveSettings => InvalidAdaptiveSettingRows.Names;

    [Theory]
    [MemberData(nameof(InvalidAdaptiveSettings))]
    public void Invalid_adaptive_settings_are_refused_naming_the_setting_and_the_rule(string setting)
    {
        var (expected, spoil) = InvalidAdaptiveSettingRows[setting];
        var pacing = new ResourceServerPacingOptions();
        spoil(pacing);

        var error = Assert.Throws<OptionsValidationException>(() => ClientComposition.CreatePacer(Resilience(pacing), _time));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adaptive_settings_are_not_checked_while_adaptation_is_off()
    {
        var pacing = new ResourceServerPacingOptions { Adaptive = false, AdaptiveDecreaseFactor = 5 };

        Assert.NotNull(ClientComposition.CreatePacer(Resilience(pacing), _time));
    }

    private static string? Tag(CollectedMeasurement<double> measurement, string name) =>
        measurement.Tags.TryGetValue(name, out var value) ? value as string : null;

    private static ResourceServerResilienceOptions Resilience(ResourceServerPacingOptions pacing) =>
        new() { Pacing = pacing, AttemptTimeout = TimeSpan.FromSeconds(30), TotalTimeout = TimeSpan.FromMinutes(5) };

    private CognitoRequestPacer Paced(ResourceServerPacingOptions pacing) => ClientComposition.CreatePacer(Resilience(pacing), _time)!;

    // One call as a client's call path paces it: it waits for its slots, is sent, and gives them back as Cognito
    // answers it at once, throttled or not (which answers are throttles is the call path's to tell, tested through clients).
    private static async Task SendAsync(CognitoRequestPacer pacer, CognitoOperation operation, string userPoolId, bool throttled = false)
    {
        var slots = await pacer.WaitAsync(operation, userPoolId, CancellationToken.None);
        pacer.Complete(slots, throttled);
    }

    private Task CreateAsync(CognitoRequestPacer pacer, bool throttled = false) =>
        SendAsync(pacer, CognitoOperation.CreateResourceServer, _pool, throttled);

    // One create a second before, so the limits' rates have held through a quota window; then sentBefore creates that
    // pass and one Cognito throttles, all at the same instant on one pool.
    private async Task SendCreatesThenAThrottledOneAsync(CognitoRequestPacer pacer, int sentBefore)
    {
        await CreateAsync(pacer);
        _time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < sentBefore; i++)
        {
            await CreateAsync(pacer);
        }

        await CreateAsync(pacer, throttled: true);
    }

    // Five creates with the fifth throttled, twice a second apart: the second throttle repeats the first.
    private async Task ThrottleTwiceAsync(CognitoRequestPacer pacer)
    {
        await SendCreatesThenAThrottledOneAsync(pacer, sentBefore: 4);
        _time.Advance(TimeSpan.FromSeconds(1));
        await SendCreatesThenAThrottledOneAsync(pacer, sentBefore: 4);
    }

    private async Task<CognitoRequestPacer.Slots> WaitForSlotAsync(CognitoRequestPacer pacer, CognitoOperation operation)
    {
        var wait = pacer.WaitAsync(operation, _pool, CancellationToken.None).AsTask();
        // Coarse steps: the callers of this helper assert rates reached, not when a slot came.
        await _time.RunUntilCompletedAsync(wait, TimeSpan.FromMilliseconds(250));
        return await wait;
    }
}
