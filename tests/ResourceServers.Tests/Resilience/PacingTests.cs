using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly.RateLimiting;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Resilience;

public class PacingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryCognito _cognito;
    private string _pool = "";

    public PacingTests() => _cognito = new InMemoryCognito(new InMemoryCognitoOptions { TimeProvider = _time });

    public async Task InitializeAsync() => _pool = (await _cognito.CreateUserPoolAsync("pool")).Id;

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Six_creates_on_one_pool_send_five_and_hold_the_sixth_for_a_second()
    {
        var client = _cognito.CreatePacedClient(new ResourceServerPacingOptions());

        var calls = Enumerable.Range(0, 6).Select(i => client.CreateAsync(Server(_pool, i))).ToList();

        await Task.WhenAll(calls.Take(5)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(calls[5].IsCompleted);
        Assert.Equal(5, Calls(CognitoOperation.CreateResourceServer));

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(calls[5].IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await calls[5].WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6, Calls(CognitoOperation.CreateResourceServer));
    }

    [Fact]
    public async Task Sixteen_updates_across_pools_send_fifteen_then_wait_for_the_category()
    {
        var client = _cognito.CreatePacedClient(new ResourceServerPacingOptions());

        // Creates, updates and deletes share UserPoolResourceUpdate; 16 pools keep the per-pool limit out of it.
        var pools = await NewPoolsAsync(16);
        for (var i = 0; i < 16; i++)
        {
            await _cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = pools[i], Identifier = $"https://api{i}", Name = "n" });
        }

        _cognito.Statistics.Reset();
        var calls = Enumerable.Range(0, 16).Select(Task (i) => (i % 3) switch
        {
            0 => client.CreateAsync(Server(pools[i], 100 + i)),
            1 => client.UpdateAsync(new ResourceServer(pools[i], $"https://api{i}", "n")),
            _ => client.DeleteAsync(pools[i], $"https://api{i}"),
        }).ToList();
        await Task.WhenAll(calls.Take(15)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(15, _cognito.Statistics.TotalReceived);
        Assert.False(calls[15].IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await calls[15].WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(16, _cognito.Statistics.TotalReceived);
    }

    [Fact]
    public async Task Reads_have_their_own_category_of_twenty()
    {
        var client = _cognito.CreatePacedClient(new ResourceServerPacingOptions());
        var written = await NewPoolsAsync(15);
        var read = await NewPoolsAsync(21);
        var updates = Enumerable.Range(0, 15).Select(i => client.CreateAsync(Server(written[i], i))).ToList();

        // The update category is full, yet 20 reads on 20 pools go at once; the 21st waits.
        var reads = Enumerable.Range(0, 21).Select(i => client.ListAsync(read[i]).ToListAsync().AsTask()).ToList();

        await Task.WhenAll(updates.Concat<Task>(reads.Take(20))).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(reads[20].IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await reads[20].WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_per_pool_limit_is_per_operation()
    {
        await _cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = _pool, Identifier = "https://api", Name = "api" });
        _cognito.Statistics.Reset();
        var client = _cognito.CreatePacedClient(new ResourceServerPacingOptions());

        var creates = Enumerable.Range(0, 5).Select(i => client.CreateAsync(Server(_pool, i)));
        var describes = Enumerable.Range(0, 5).Select(_ => client.GetAsync(_pool, "https://api"));
        var lists = Enumerable.Range(0, 5).Select(_ => client.ListAsync(_pool).ToListAsync().AsTask());

        await Task.WhenAll(creates.Concat<Task>(describes).Concat(lists).ToList()).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(15, _cognito.Statistics.TotalReceived);
    }

    [Fact]
    public async Task A_caller_cancelled_while_queued_gets_OperationCanceled_and_takes_no_slot()
    {
        var client = _cognito.CreatePacedClient(new ResourceServerPacingOptions());
        for (var i = 0; i < 5; i++)
        {
            await client.CreateAsync(Server(_pool, i));
        }

        using var cts = new CancellationTokenSource();
        var queued = client.CreateAsync(Server(_pool, 5), cts.Token);
        Assert.False(queued.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(5, Calls(CognitoOperation.CreateResourceServer));

        // The cancelled call never sent, so the next second still has all five slots.
        _time.Advance(TimeSpan.FromSeconds(1));
        var next = Enumerable.Range(10, 6).Select(i => client.CreateAsync(Server(_pool, i))).ToList();
        await Task.WhenAll(next.Take(5)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(next[5].IsCompleted);
    }

    [Theory]
    [InlineData(900, false)] // unset: half of a 1.8 s attempt timeout is 900 ms, so the 1 s wait is refused
    [InlineData(2400, true)] // unset: half of a 4.8 s attempt timeout is 2.4 s, so the 1 s wait is queued
    public async Task Under_a_client_pipeline_an_unset_queue_limit_is_half_the_attempt_timeout(int halfAttemptTimeoutMs, bool queued)
    {
        var options = new ResourceServerClientOptions { Resilience = { AttemptTimeout = TimeSpan.FromMilliseconds(halfAttemptTimeoutMs * 2) } };
        options.Resilience.Pacing.PerOperationPerUserPoolPerSecond = 2;
        var client = _cognito.CreateClient(options);
        await client.CreateAsync(Server(_pool, 0));
        await client.CreateAsync(Server(_pool, 1));

        var third = client.CreateAsync(Server(_pool, 2));

        if (queued)
        {
            Assert.False(third.IsCompleted);
            _time.Advance(TimeSpan.FromSeconds(1));
            await third.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(3, Calls(CognitoOperation.CreateResourceServer));
        }
        else
        {
            var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.PacingQueueFull, () => third);
            Assert.IsType<RateLimiterRejectedException>(error.InnerException);
            Assert.Equal(2, Calls(CognitoOperation.CreateResourceServer));
        }
    }

    [Fact]
    public async Task A_wait_beyond_MaxQueueWait_is_rejected_at_once()
    {
        var client = _cognito.CreatePacedClient(new ResourceServerPacingOptions { PerOperationPerUserPoolPerSecond = 2, MaxQueueWait = TimeSpan.FromMilliseconds(500) });
        await client.CreateAsync(Server(_pool, 0));
        await client.CreateAsync(Server(_pool, 1));

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.PacingQueueFull, () => client.CreateAsync(Server(_pool, 2)));

        var rejected = Assert.IsType<RateLimiterRejectedException>(error.InnerException);
        Assert.Equal(TimeSpan.FromSeconds(1), rejected.RetryAfter);
        Assert.Contains("MaxQueueWait", rejected.Message, StringComparison.Ordinal);
        Assert.False(ResourceServerResilience.IsTransient(rejected));
        Assert.Equal(2, Calls(CognitoOperation.CreateResourceServer));
    }

    [Fact]
    public async Task Disabled_pacing_holds_back_no_call()
    {
        var client = _cognito.CreatePacedClient(new ResourceServerPacingOptions { Enabled = false });

        // Six creates on one pool, where paced the sixth would wait a second.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.CreateAsync(Server(_pool, i)))).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(6, Calls(CognitoOperation.CreateResourceServer));
    }

    [Fact]
    public void Invalid_rates_are_refused_with_the_setting_named()
    {
        var error = Assert.Throws<OptionsValidationException>(() => _cognito.CreatePacedClient(new ResourceServerPacingOptions { UpdateCategoryPerSecond = 0 }));

        Assert.Contains("Pacing:UpdateCategoryPerSecond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idle_pool_windows_are_dropped()
    {
        // On the pacer, each list of a pool taking and giving back its slots as a call path does; read as the pacing gauge
        // reads it, where an operation with no pool window kept has no rate.
        var pacer = ClientComposition.CreatePacer(new ResourceServerResilienceOptions { Pacing = { ReadCategoryPerSecond = 10_000 } }, _time)!;
        for (var i = 0; i < 200; i++)
        {
            pacer.Complete(await pacer.WaitAsync(CognitoOperation.ListResourceServers, $"us-east-1_p{i}", CancellationToken.None));
        }

        Assert.Equal(["ListResourceServers"], PacingRates.Of(pacer).Operations);

        // The first pool's window is still held under the 199 after it: four more lists of it go at once, a fifth waits.
        for (var i = 0; i < 4; i++)
        {
            var wait = pacer.WaitAsync(CognitoOperation.ListResourceServers, "us-east-1_p0", CancellationToken.None);
            Assert.True(wait.IsCompleted);
            pacer.Complete(await wait);
        }

        using (var giveUp = new CancellationTokenSource())
        {
            var fifth = pacer.WaitAsync(CognitoOperation.ListResourceServers, "us-east-1_p0", giveUp.Token).AsTask();
            Assert.False(fifth.IsCompleted);
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fifth);
        }

        // Two seconds on, a call of another operation sweeps: none of the 200 list windows is left.
        _time.Advance(TimeSpan.FromSeconds(2));
        pacer.Complete(await pacer.WaitAsync(CognitoOperation.DescribeResourceServer, _pool, CancellationToken.None));

        Assert.Equal(["DescribeResourceServer"], PacingRates.Of(pacer).Operations);
    }

    [Fact]
    public async Task Retries_are_paced_too()
    {
        // Five throttled attempts use the pool's five slots; the retry after them waits for the next second.
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 5, FaultKind.TooManyRequests);
        await _cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = _pool, Identifier = "https://api", Name = "api" });
        _cognito.Statistics.Reset();
        // Fixed rates: this is about where retries wait, not about what the throttles teach (AdaptivePacingTests).
        var options = new ResourceServerResilienceOptions { UseJitter = false, MaxAttempts = 6, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(10), Pacing = { Adaptive = false } };
        var client = TestClients.Create(_cognito, options, _time);

        var call = client.GetAsync(_pool, "https://api");
        var elapsed = await _time.RunUntilCompletedAsync(call, TimeSpan.FromMilliseconds(10));

        Assert.Equal("api", (await call).Name);
        Assert.Equal(6, Calls(CognitoOperation.DescribeResourceServer));
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    private long Calls(CognitoOperation operation) => _cognito.Statistics.GetReceived(operation);

    private async Task<List<string>> NewPoolsAsync(int count)
    {
        var pools = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            pools.Add((await _cognito.CreateUserPoolAsync($"pool{i}")).Id);
        }

        return pools;
    }

    private static ResourceServer Server(string pool, int i) => new(pool, $"https://api{i}", $"api{i}");
}
