using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Polly.RateLimiting;
using ResourceServers.Testing;
using ResourceServers.Tests.Resilience;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Coordination;

/// <summary>
/// Pacing shared by every process (<see cref="ResourceServerCoordination.SharedPacing"/>) on fake time: which permits a
/// call takes and under which keys, how long it waits when the limiter says "not yet" (its RetryAfter, else a jittered
/// fraction of the limit's spacing), the pacing queue limit with its message, and a limiter that fails: a typed error
/// naming the coordination service, or with FallbackToLocal a warning and local pacing only.
/// </summary>
public sealed class SharedPacingTests
{
    private const string Pool = "eu-west-1_AbC123";
    private const string Scope = "cognito-idp.eu-west-1.amazonaws.com";
    private const string Coordinator = "in-memory limiter";
    private const string Prefix = $"resourceservers:pace:{Scope}";
    private static readonly TimeSpan MaxQueueWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    private readonly WaitCountingTime _time = new();
    private readonly FakeLogger _logger = new();

    // Distinct rates, so each key shows which rate it was asked at.
    private readonly ResourceServerPacingOptions _rates = new() { PerOperationPerUserPoolPerSecond = 3, ReadCategoryPerSecond = 17, UpdateCategoryPerSecond = 11 };

    [Theory]
    [InlineData(nameof(CognitoOperation.DescribeResourceServer), "UserPoolResourceRead", 17)]
    [InlineData(nameof(CognitoOperation.ListResourceServers), "UserPoolResourceRead", 17)]
    [InlineData(nameof(CognitoOperation.CreateResourceServer), "UserPoolResourceUpdate", 11)]
    [InlineData(nameof(CognitoOperation.UpdateResourceServer), "UserPoolResourceUpdate", 11)]
    [InlineData(nameof(CognitoOperation.DeleteResourceServer), "UserPoolResourceUpdate", 11)]
    public async Task A_call_takes_one_permit_of_its_operation_on_its_pool_then_one_of_its_rate_category(string operationName, string category, int categoryRate)
    {
        var operation = CognitoOperation.Find(operationName)!;
        var limiter = ScriptedPacingLimiter.Granting(_time);

        var waited = await Pacing(limiter).WaitAsync(operation, Pool, CancellationToken.None);

        Assert.Equal(TimeSpan.Zero, waited);
        Assert.Equal(
            [
                new PacingRequest(new CognitoRateLimit($"{Prefix}:{operation}:{Pool}", 3), 1, TimeSpan.Zero),
                new PacingRequest(new CognitoRateLimit($"{Prefix}:{category}", categoryRate), 1, TimeSpan.Zero),
            ],
            limiter.Requests);
    }

    [Fact]
    public async Task An_operation_that_names_no_pool_takes_only_a_permit_of_its_category_at_the_category_rate()
    {
        var limiter = ScriptedPacingLimiter.Granting(_time);

        var waited = await Pacing(limiter).WaitAsync(CognitoOperation.ListUserPools, string.Empty, CancellationToken.None);

        Assert.Equal(TimeSpan.Zero, waited);
        Assert.Equal([new PacingRequest(new CognitoRateLimit($"{Prefix}:UserPoolRead", 20), 1, TimeSpan.Zero)], limiter.Requests);
    }

    [Fact]
    public async Task Keys_carry_the_key_prefix_and_each_pool_has_its_own_pair_while_the_category_is_shared()
    {
        var limiter = ScriptedPacingLimiter.Granting(_time);
        var pacing = Pacing(limiter, prefix: "staging");

        await pacing.WaitAsync(CognitoOperation.DescribeResourceServer, Pool, CancellationToken.None);
        await pacing.WaitAsync(CognitoOperation.DescribeResourceServer, "eu-west-1_Other1", CancellationToken.None);
        await pacing.WaitAsync(CognitoOperation.DescribeResourceServer, Pool, CancellationToken.None);

        Assert.Equal(
            [
                $"staging:pace:{Scope}:DescribeResourceServer:{Pool}", $"staging:pace:{Scope}:UserPoolResourceRead",
                $"staging:pace:{Scope}:DescribeResourceServer:eu-west-1_Other1", $"staging:pace:{Scope}:UserPoolResourceRead",
                $"staging:pace:{Scope}:DescribeResourceServer:{Pool}", $"staging:pace:{Scope}:UserPoolResourceRead",
            ],
            limiter.Keys);
    }

    [Fact]
    public async Task A_call_told_to_retry_after_a_while_asks_again_exactly_then_and_reports_the_wait()
    {
        var limiter = new ScriptedPacingLimiter(_time, (limit, n) => IsPair(limit) && n == 1 ? PacingAnswer.NotYet(TimeSpan.FromMilliseconds(300)) : PacingAnswer.Granted);

        var waited = await RunAsync(Pacing(limiter).WaitAsync(CognitoOperation.DescribeResourceServer, Pool, CancellationToken.None));

        Assert.Equal(TimeSpan.FromMilliseconds(300), waited);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300)], limiter.Requests.Select(r => r.At));
    }

    [Fact]
    public async Task A_call_waiting_for_its_category_keeps_its_pair_permit_and_asks_for_the_category_only()
    {
        var limiter = new ScriptedPacingLimiter(_time, (limit, n) => !IsPair(limit) && n == 1 ? PacingAnswer.NotYet(TimeSpan.FromMilliseconds(250)) : PacingAnswer.Granted);

        var waited = await RunAsync(Pacing(limiter).WaitAsync(CognitoOperation.UpdateResourceServer, Pool, CancellationToken.None));

        Assert.Equal(TimeSpan.FromMilliseconds(250), waited);
        Assert.Equal(
            [($"{Prefix}:UpdateResourceServer:{Pool}", 0), ($"{Prefix}:UserPoolResourceUpdate", 0), ($"{Prefix}:UserPoolResourceUpdate", 250)],
            limiter.Requests.Select(r => (r.Limit.Key, (int)r.At.TotalMilliseconds)));
    }

    [Theory]
    [InlineData(1, 5.0, 15.0, false)] // 1000 ms between permits: a twentieth is 50 ms, capped at 10 ms, then jittered by ±50 %
    [InlineData(10, 2.5, 7.5, false)] // 100 ms between permits: a twentieth, 5 ms
    [InlineData(200, 1.0, 3.0, false)] // 5 ms between permits: a twentieth is 0.25 ms, raised to 2 ms
    [InlineData(10, 2.5, 7.5, true)] // a RetryAfter of zero says nothing either: the call does not ask again at once
    public async Task A_limiter_that_says_not_yet_without_saying_when_is_asked_again_after_a_jittered_fraction_of_the_limit_s_spacing(int perPool, double minMs, double maxMs, bool zeroRetryAfter)
    {
        const int Refusals = 50;
        var notYet = zeroRetryAfter ? PacingAnswer.NotYet(TimeSpan.Zero) : PacingAnswer.NotYetUnsaid;
        var limiter = new ScriptedPacingLimiter(_time, (limit, n) => IsPair(limit) && n <= Refusals ? notYet : PacingAnswer.Granted);
        var rates = new ResourceServerPacingOptions { PerOperationPerUserPoolPerSecond = perPool };

        await RunAsync(Pacing(limiter, rates: rates).WaitAsync(CognitoOperation.DescribeResourceServer, Pool, CancellationToken.None));

        var asked = limiter.Requests.Where(r => IsPair(r.Limit)).Select(r => r.At).ToList();
        Assert.Equal(Refusals + 1, asked.Count);

        // Timers, the fake one as the system's, count whole milliseconds.
        var intervals = asked.Zip(asked.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Assert.True(intervals.All(ms => ms >= Math.Floor(minMs) && ms <= Math.Ceiling(maxMs)), $"asked at {string.Join(", ", asked.Select(a => a.TotalMilliseconds))} ms");

        // Jittered: processes polling one limit do not ask in step.
        Assert.True(intervals.Distinct().Count() > 1, $"every interval was {intervals[0]} ms");
    }

    [Fact]
    public async Task A_wait_that_ends_exactly_at_the_queue_limit_is_taken()
    {
        var limiter = new ScriptedPacingLimiter(_time, (limit, n) => n == 1 && IsPair(limit) ? PacingAnswer.NotYet(MaxQueueWait) : PacingAnswer.Granted);

        var waited = await RunAsync(Pacing(limiter).WaitAsync(CognitoOperation.DescribeResourceServer, Pool, CancellationToken.None));

        Assert.Equal(MaxQueueWait, waited);
    }

    [Fact]
    public async Task A_wait_beyond_the_queue_limit_is_refused_at_once_with_the_documented_message_and_its_RetryAfter()
    {
        var retryAfter = MaxQueueWait + TimeSpan.FromMilliseconds(1);
        var limiter = new ScriptedPacingLimiter(_time, (_, _) => PacingAnswer.NotYet(retryAfter));

        var error = await Assert.ThrowsAsync<RateLimiterRejectedException>(() => Pacing(limiter).WaitAsync(CognitoOperation.DescribeResourceServer, Pool, CancellationToken.None).AsTask());

        Assert.Equal($"DescribeResourceServer on user pool '{Pool}' waited 0 ms for a shared pacing permit ({Coordinator}), up to ResourceServers:Resilience:Pacing:MaxQueueWait (00:00:01).", error.Message);
        Assert.Equal(retryAfter, error.RetryAfter);
        Assert.Single(limiter.Requests);
    }

    [Fact]
    public async Task The_queue_limit_counts_every_wait_of_the_call()
    {
        var limiter = new ScriptedPacingLimiter(_time, (_, _) => PacingAnswer.NotYet(TimeSpan.FromMilliseconds(400)));

        var error = await Assert.ThrowsAsync<RateLimiterRejectedException>(() => RunAsync(Pacing(limiter).WaitAsync(CognitoOperation.DescribeResourceServer, Pool, CancellationToken.None)));

        Assert.Equal([0, 400, 800], limiter.Requests.Select(r => (int)r.At.TotalMilliseconds));
        Assert.Contains(" waited 800 ms ", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMilliseconds(400), error.RetryAfter);
    }

    [Fact]
    public async Task The_queue_limit_counts_the_wait_for_the_pair_permit_against_the_wait_for_the_category_permit()
    {
        var limiter = new ScriptedPacingLimiter(_time, (limit, n) => IsPair(limit) && n > 1 ? PacingAnswer.Granted : PacingAnswer.NotYet(TimeSpan.FromMilliseconds(600)));

        var error = await Assert.ThrowsAsync<RateLimiterRejectedException>(() => RunAsync(Pacing(limiter).WaitAsync(CognitoOperation.DescribeResourceServer, Pool, CancellationToken.None)));

        Assert.Equal(3, limiter.Requests.Count);
        Assert.Contains(" waited 600 ms ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CoordinationServiceFailures.Unreachable), MemberType = typeof(CoordinationServiceFailures))]
    public async Task A_limiter_that_fails_stops_the_call_with_a_typed_error_naming_the_coordination_service(string unreachable)
    {
        var failure = CoordinationServiceFailures.Rows[unreachable]();
        var limiter = new ScriptedPacingLimiter(_time, (_, _) => PacingAnswer.Throws(failure));

        var error = await Assert.ThrowsAsync<ResourceServerCoordinationException>(() => Pacing(limiter).WaitAsync(CognitoOperation.UpdateResourceServer, Pool, CancellationToken.None).AsTask());

        Assert.Equal(Coordinator, error.Coordinator);
        Assert.Same(failure, error.InnerException);
        Assert.Equal(
            $"Could not take a pacing permit for UpdateResourceServer on user pool '{Pool}' from {Coordinator} ({failure.GetType().Name}), so the call was not sent. "
            + "The client reconnects by itself; retry later, or set FallbackToLocal to go on with local pacing.",
            error.Message);
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_limiter_that_fails_with_FallbackToLocal_lets_the_call_go_with_one_warning(bool pairFails)
    {
        var failure = new InvalidOperationException("No connection is active/available to service this operation.");
        var limiter = new ScriptedPacingLimiter(_time, (limit, _) => IsPair(limit) == pairFails ? PacingAnswer.Throws(failure) : PacingAnswer.Granted);

        var waited = await Pacing(limiter, fallback: true).WaitAsync(CognitoOperation.UpdateResourceServer, Pool, CancellationToken.None);

        Assert.Equal(TimeSpan.Zero, waited);

        // Without a pair permit the category permit would be spent unused; the call is paced locally only.
        Assert.Equal(pairFails ? 1 : 2, limiter.Requests.Count);
        var warning = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(new EventId(20, "CoordinationFallback"), warning.Id);
        Assert.Same(failure, warning.Exception);
        Assert.Equal($"Coordination service {Coordinator} unavailable for the pacing of user pool {Pool}, UpdateResourceServer; going on with local coordination only (FallbackToLocal)", warning.Message);
    }

    [Fact]
    public async Task The_caller_s_cancellation_while_the_limiter_answers_is_not_an_unavailable_service()
    {
        var limiter = new ScriptedPacingLimiter(_time, (_, _) => PacingAnswer.NoAnswer);
        using var caller = new CancellationTokenSource();
        var call = Pacing(limiter, fallback: true).WaitAsync(CognitoOperation.DescribeResourceServer, Pool, caller.Token).AsTask();
        while (limiter.Requests.Count == 0)
        {
            await Task.Delay(1);
        }

        caller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public async Task The_caller_s_cancellation_ends_a_wait_for_a_permit()
    {
        var limiter = new ScriptedPacingLimiter(_time, (_, _) => PacingAnswer.NotYet(TimeSpan.FromMilliseconds(500)));
        using var caller = new CancellationTokenSource();
        var call = Pacing(limiter).WaitAsync(CognitoOperation.DescribeResourceServer, Pool, caller.Token).AsTask();
        while (_time.ArmedWaits == 0)
        {
            await Task.Delay(1);
        }

        caller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(limiter.Requests);
    }

    [Fact]
    public async Task A_client_with_shared_pacing_waits_for_the_shared_permit_before_it_sends_and_logs_the_wait()
    {
        var cognito = new InMemoryCognito();
        var pool = (await cognito.CreateUserPoolAsync("paced")).Id;
        await cognito.CreateClient().CreateAsync(new ResourceServer(pool, "https://orders.example.com", "orders", []));
        cognito.Statistics.Reset();
        var time = new WaitCountingTime { ShortWaitLimit = TimeSpan.FromSeconds(5) };
        var limiter = new ScriptedPacingLimiter(time, (limit, n) => n == 1 && limit.Key.EndsWith(pool, StringComparison.Ordinal) ? PacingAnswer.NotYet(TimeSpan.FromMilliseconds(300)) : PacingAnswer.Granted);
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var client = new ResourceServerClient(api: cognito, loggerFactory: loggerFactory, timeProvider: time, coordination: new ResourceServerCoordination(new InMemoryLockProvider(), Coordinator) { SharedPacing = limiter });

        var call = client.GetAsync(pool, "https://orders.example.com");
        await time.RunUntilCompletedAsync(call, Step, liveCallers: () => 1);

        Assert.Equal("orders", (await call).Name);
        Assert.Equal(
            [($"resourceservers:pace:port:DescribeResourceServer:{pool}", 0), ($"resourceservers:pace:port:DescribeResourceServer:{pool}", 300), ("resourceservers:pace:port:UserPoolResourceRead", 300)],
            limiter.Requests.Select(r => (r.Limit.Key, (int)r.At.TotalMilliseconds)));
        Assert.Equal(1, cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        var held = Assert.Single(logs.Collector.GetSnapshot(), r => r.Id.Name == "PacingWaited");
        Assert.Contains(" for 300 ms ", held.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_whose_shared_limiter_fails_sends_nothing_and_reports_the_typed_error()
    {
        var cognito = new InMemoryCognito();
        var pool = (await cognito.CreateUserPoolAsync("paced")).Id;
        var limiter = new ScriptedPacingLimiter(TimeProvider.System, (_, _) => PacingAnswer.Throws(new InvalidOperationException("refused")));
        var client = new ResourceServerClient(api: cognito, coordination: new ResourceServerCoordination(new InMemoryLockProvider(), Coordinator) { SharedPacing = limiter });

        var error = await Assert.ThrowsAsync<ResourceServerCoordinationException>(() => client.CreateAsync(new ResourceServer(pool, "https://orders.example.com", "orders", [])));

        Assert.Equal(Coordinator, error.Coordinator);
        Assert.Equal(0, cognito.Statistics.TotalReceived);
        Assert.Single(limiter.Requests);
    }

    private SharedPacing Pacing(ScriptedPacingLimiter limiter, bool fallback = false, string prefix = ResourceServerCoordination.DefaultKeyPrefix, ResourceServerPacingOptions? rates = null)
    {
        var coordination = new ResourceServerCoordination(new InMemoryLockProvider(), Coordinator) { SharedPacing = limiter, FallbackToLocal = fallback, KeyPrefix = prefix };
        return new SharedPacing(coordination, limiter, rates ?? _rates, Scope, MaxQueueWait, _time, _logger);
    }

    private static bool IsPair(CognitoRateLimit limit) => limit.Key.EndsWith(Pool, StringComparison.Ordinal);

    // Moves fake time in steps, each once the call is parked on its next wait, until the call ends.
    private async Task<TimeSpan> RunAsync(ValueTask<TimeSpan> wait, TimeSpan? step = null)
    {
        var call = wait.AsTask();
        await _time.RunUntilCompletedAsync(call, step ?? Step, liveCallers: () => 1);
        return await call;
    }
}
