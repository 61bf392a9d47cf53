using Medallion.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ResourceServers.Fleet;
using ResourceServers.Redis;
using ResourceServers.Testing;
using ResourceServers.Wire;
using StackExchange.Redis;

namespace ResourceServers.IntegrationTests.Fleet;

/// <summary>
/// Coordination's behaviour, in one process: Redis unavailable (typed error naming the endpoint, nothing written, and
/// at once for shared pacing; or the explicit local fallback with a warning), a lease lost before the write (start over
/// from a fresh read, or fail typed), a Redis connection failure marking held leases lost, key prefixes keeping two
/// environments in one Redis apart, and pacing shared by two clients that each hold their own connection, as two
/// processes would.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class RedisCoordinationTests
{
    internal const string Identifier = "https://orders.example.com";

    [Fact]
    public async Task Redis_unavailable_fails_a_patch_with_a_typed_error_naming_the_endpoint_and_nothing_is_read_or_written()
    {
        var port = await RedisConnection.DeadPortAsync();
        var cognito = new InMemoryCognito();
        var pool = await SeedAsync(cognito);
        var services = new ServiceCollection();
        services.AddResourceServerClient().UseInMemoryCognito(cognito).UseRedisCoordination($"127.0.0.1:{port},connectTimeout=500,asyncTimeout=1000");
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IResourceServerClient>();

        var error = await Assert.ThrowsAsync<ResourceServerCoordinationException>(() => client.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("write", "Write")));

        Assert.Equal($"Redis at 127.0.0.1:{port}", error.Coordinator);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cognito.Statistics.TotalReceived);
        Assert.Empty((await cognito.CreateClient().GetAsync(pool, Identifier)).Scopes);
    }

    [Fact]
    public async Task Redis_unavailable_with_FallbackToLocal_patches_under_local_coordination_and_logs_a_warning()
    {
        var port = await RedisConnection.DeadPortAsync();
        var cognito = new InMemoryCognito();
        var pool = await SeedAsync(cognito);
        await using var redis = await RedisConnection.ConnectAsync($"127.0.0.1:{port},connectTimeout=500,asyncTimeout=1000");
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var client = new ResourceServerClient(api: cognito, loggerFactory: loggerFactory, coordination: RedisCoordination.Create(redis, new RedisCoordinationOptions { FallbackToLocal = true }));

        await client.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("write", "Write"));

        Assert.Equal(["write"], (await cognito.CreateClient().GetAsync(pool, Identifier)).Scopes.Select(s => s.Name));
        var warnings = logs.Collector.GetSnapshot().Where(r => r.Id.Name == "CoordinationFallback").ToList();
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
        Assert.Contains(warnings, w => w.Message.Contains($"127.0.0.1:{port}", StringComparison.Ordinal) && w.Message.Contains("lock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lease_lost_between_read_and_write_makes_the_unit_start_over_from_a_fresh_read()
    {
        var cognito = new InMemoryCognito();
        var pool = await SeedAsync(cognito);
        var locks = new ScriptedLockProvider();

        // After the unit's first read: another process (whose turn it now is) adds a scope, and the lease is gone.
        cognito.Faults.AfterServing(CognitoOperation.DescribeResourceServer, async (request, _) =>
        {
            if (request.Number == 1)
            {
                await cognito.CreateClient().PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("theirs", "Theirs"));
                locks.LoseCurrentLease();
            }
        });
        var client = new ResourceServerClient(api: cognito, coordination: new ResourceServerCoordination(locks, "scripted locks"));

        await client.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours"));
        var describes = cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer);

        Assert.Equal(["ours", "theirs"], (await cognito.CreateClient().GetAsync(pool, Identifier)).Scopes.Select(s => s.Name).Order());
        Assert.Equal(2, locks.Acquisitions);

        // The unit read twice; the other process read once in between.
        Assert.Equal(2 + 1, describes);
    }

    [Fact]
    public async Task A_lease_lost_before_every_write_fails_with_a_typed_error_and_writes_nothing()
    {
        var cognito = new InMemoryCognito();
        var pool = await SeedAsync(cognito);
        var locks = new ScriptedLockProvider();
        cognito.Faults.AfterServing(CognitoOperation.DescribeResourceServer, (_, _) =>
        {
            locks.LoseCurrentLease();
            return Task.CompletedTask;
        });
        var client = new ResourceServerClient(api: cognito, coordination: new ResourceServerCoordination(locks, "scripted locks"));
        var statistics = cognito.Statistics;
        statistics.Reset();

        var error = await Assert.ThrowsAsync<ResourceServerCoordinationException>(() => client.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("ours", "Ours")));

        Assert.Equal("scripted locks", error.Coordinator);
        Assert.Equal(3, locks.Acquisitions);
        Assert.Equal(0, statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        cognito.Faults.Clear();
        Assert.Empty((await cognito.CreateClient().GetAsync(pool, Identifier)).Scopes);
    }

    [Fact]
    public async Task A_Redis_connection_failure_marks_every_held_lease_lost_at_once()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var redis = await RedisConnection.ConnectAsync(server.ConnectionString);
        var coordination = RedisCoordination.Create(redis, new RedisCoordinationOptions { LockExpiry = TimeSpan.FromSeconds(60) });
        var handle = await coordination.Locks.AcquireLockAsync("resourceservers:test:held");
        Assert.False(handle.HandleLostToken.IsCancellationRequested);

        // A restarted Redis has lost the key; DistributedLock alone would notice at its next renewal (6 s here).
        await server.StopAsync();
        var lost = new TaskCompletionSource();
        using var registration = handle.HandleLostToken.Register(lost.SetResult);
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(5));

        // While Redis is away, no lock is handed out; once it is back, the same connection takes one again.
        await Assert.ThrowsAsync<RedisConnectionException>(async () => await coordination.Locks.AcquireLockAsync("resourceservers:test:other"));
        await server.StartAsync();
        await handle.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!redis.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await using var again = await coordination.Locks.AcquireLockAsync("resourceservers:test:held");
        Assert.False(again.HandleLostToken.IsCancellationRequested);
    }

    [Fact]
    public async Task Shared_pacing_fails_a_call_at_once_while_Redis_is_unreachable_instead_of_waiting_out_the_connection_timeouts()
    {
        var port = await RedisConnection.DeadPortAsync();
        var cognito = new InMemoryCognito();
        var pool = await SeedAsync(cognito);

        // StackExchange.Redis's defaults: a command waits up to 5 s for a connection that is not there.
        await using var redis = await RedisConnection.ConnectAsync($"127.0.0.1:{port},connectTimeout=500");
        var coordination = RedisCoordination.Create(redis);
        var client = new ResourceServerClient(api: cognito, coordination: coordination);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ResourceServerCoordinationException>(() => client.GetAsync(pool, Identifier));

        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(2.5), $"the call failed after {elapsed.Elapsed}");
        Assert.Equal($"Redis at 127.0.0.1:{port}", error.Coordinator);
        Assert.Equal(0, cognito.Statistics.TotalReceived);
        var direct = Assert.Throws<RedisConnectionException>(() => coordination.SharedPacing!.AttemptAcquire(new CognitoRateLimit("resourceservers:pace:test", 5)));
        Assert.Equal($"No connection to Redis at 127.0.0.1:{port}; no pacing permit was taken.", direct.Message);
    }

    [Fact]
    public async Task Two_environments_with_their_own_KeyPrefix_share_one_Redis_without_holding_each_other_up_while_one_prefix_serialises_its_units()
    {
        await using var server = await RedisServer.StartNewAsync();
        var cognito = new InMemoryCognito();
        var pool = await SeedAsync(cognito);
        await using var blueRedis = await RedisConnection.ConnectAsync(server.ConnectionString);
        await using var otherBlueRedis = await RedisConnection.ConnectAsync(server.ConnectionString);
        await using var greenRedis = await RedisConnection.ConnectAsync(server.ConnectionString);
        var green = new ResourceServerClient(api: cognito, coordination: RedisCoordination.Create(greenRedis, new RedisCoordinationOptions { KeyPrefix = "green" }));
        var otherBlue = new ResourceServerClient(api: cognito, coordination: RedisCoordination.Create(otherBlueRedis, new RedisCoordinationOptions { KeyPrefix = "blue" }));
        IReadOnlyList<string> keysWhileBlueHeldItsLock = [];
        Task? otherBluePatch = null;

        // While blue's unit holds its lock (between its read and its write): green's unit on the same resource server
        // runs to its end; another blue process's unit waits for blue's.
        cognito.Faults.AfterServing(CognitoOperation.DescribeResourceServer, async (request, _) =>
        {
            if (request.Number == 1)
            {
                await green.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("green", "Green")).WaitAsync(TimeSpan.FromSeconds(10));

                // Read at once: green's pacing keys live about a second, and a busy thread pool can stretch the wait below past it.
                keysWhileBlueHeldItsLock = await RedisConnection.KeysAsync(server.ConnectionString);
                otherBluePatch = otherBlue.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("other-blue", "Other blue"));
                await Task.Delay(TimeSpan.FromMilliseconds(300));
                Assert.False(otherBluePatch.IsCompleted);
            }
        });
        var blue = new ResourceServerClient(api: cognito, coordination: RedisCoordination.Create(blueRedis, new RedisCoordinationOptions { KeyPrefix = "blue" }));

        await blue.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("blue", "Blue"));
        await otherBluePatch!.WaitAsync(TimeSpan.FromSeconds(10));

        // Every key is in one of the two namespaces (RedisRateLimiting wraps the limiter keys it is given in its own
        // "rl:...{key}" names); blue's lock was among them.
        Assert.NotEmpty(keysWhileBlueHeldItsLock);
        Assert.All(keysWhileBlueHeldItsLock, key => Assert.Matches("^(rl:[a-z]+:\\{)?(blue|green):", key));
        Assert.Contains(keysWhileBlueHeldItsLock, key => key.StartsWith("blue:lock:", StringComparison.Ordinal) && key.EndsWith($":{pool}:{Identifier}", StringComparison.Ordinal));
        Assert.Contains(keysWhileBlueHeldItsLock, key => key.Contains("green:pace:", StringComparison.Ordinal));
        Assert.Equal(["blue", "other-blue"], (await cognito.CreateClient().GetAsync(pool, Identifier)).Scopes.Select(s => s.Name).Order());
    }

    [Fact]
    public async Task Pacing_shared_through_redis_keeps_two_clients_with_their_own_connections_within_one_pool_quota()
    {
        await using var server = await RedisServer.StartNewAsync();

        // Each client alone may send 5 Describes a second to the pool, and the pool takes 5 a second in all: shared,
        // nothing is throttled; each pacing alone, they send 10 a second (20 calls in 2 s where 15 are granted).
        var shared = await DescribeFromTwoClientsAsync(server, sharePacing: true);
        var alone = await DescribeFromTwoClientsAsync(server, sharePacing: false);

        Assert.Equal((0, 20), (shared.Throttled, shared.Succeeded));
        Assert.True(alone.Throttled >= 3, $"pacing alone: {alone.Throttled} of {alone.Received} throttled");
    }

    [Fact]
    public async Task ListUserPools_names_no_pool_and_shares_only_its_category_limit_through_redis()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var redis = await RedisConnection.ConnectAsync(server.ConnectionString);
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { EnforceRateQuotas = true });
        await SeedAsync(cognito);
        var client = new ResourceServerClient(api: cognito, coordination: RedisCoordination.Create(redis, new RedisCoordinationOptions { KeyPrefix = "poolless" }));

        var listed = 0;
        await foreach (var _ in client.ListUserPoolsAsync())
        {
            listed++;
        }

        Assert.Equal(1, listed);

        // The shared limits asked for are those Redis holds: UserPoolRead's (20 a second), and no per-pool limit
        // (5 a second) keyed on an empty pool.
        var keys = await RedisConnection.KeysAsync(server.ConnectionString);
        Assert.Contains(keys, key => key.Contains("poolless:pace:", StringComparison.Ordinal) && key.Contains(":UserPoolRead", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, key => key.Contains(":ListUserPools", StringComparison.Ordinal));
    }

    // 2 x 10 Describes of one pool from two clients as two processes would have them: each its own connection,
    // coordination and local pacer.
    private static async Task<CognitoOperationCallCounts> DescribeFromTwoClientsAsync(RedisServer server, bool sharePacing)
    {
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { EnforceRateQuotas = true });
        var pool = await SeedAsync(cognito);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        cognito.Statistics.Reset();

        // The margin covers how much later than its permit a call reaches Cognito. The 25 ms default fits an unloaded
        // process; the test runner shares two cores with other test processes, which delays some calls more, so this
        // test gives the margin room: what it checks is that the two clients spend one quota, not the default margin.
        var options = new RedisCoordinationOptions { SharePacing = sharePacing, PacingWindowMargin = TimeSpan.FromMilliseconds(200), KeyPrefix = $"pacing-{sharePacing}" };
        await using var first = await RedisConnection.ConnectAsync(server.ConnectionString);
        await using var second = await RedisConnection.ConnectAsync(server.ConnectionString);
        // Twenty calls queue for about four seconds; the default 5 s queue limit is not what this test is about. Fixed
        // local rates, so that only the shared pacing keeps the clients within the quota, not a rate learned from throttles.
        var clientOptions = new ResourceServerClientOptions { Resilience = { Pacing = { MaxQueueWait = TimeSpan.FromSeconds(9), Adaptive = false } } };
        var clients = new[] { first, second }.Select(redis => new ResourceServerClient(clientOptions, api: cognito, coordination: RedisCoordination.Create(redis, options))).ToList();

        await Task.WhenAll(clients.Select(c => Task.WhenAll(Enumerable.Range(0, 10).Select(_ => c.GetAsync(pool, Identifier)))));
        return cognito.Statistics[CognitoOperation.DescribeResourceServer];
    }

    [Theory]
    [InlineData(nameof(RedisCoordinationOptions.LockExpiry), "at least 1 s")]
    [InlineData(nameof(RedisCoordinationOptions.PacingWindowMargin), "0..1 s")]
    [InlineData(nameof(RedisCoordinationOptions.KeyPrefix), "must not be empty")]
    public void A_setting_out_of_range_is_refused_at_registration_naming_the_setting_and_the_rule(string setting, string rule)
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<ArgumentException>(() => services.AddResourceServerClient().UseRedisCoordination("127.0.0.1:1", o =>
        {
            switch (setting)
            {
                case nameof(RedisCoordinationOptions.LockExpiry):
                    o.LockExpiry = TimeSpan.FromMilliseconds(500);
                    break;
                case nameof(RedisCoordinationOptions.PacingWindowMargin):
                    o.PacingWindowMargin = TimeSpan.FromSeconds(2);
                    break;
                default:
                    o.KeyPrefix = " ";
                    break;
            }
        }));

        Assert.Contains($"RedisCoordinationOptions.{setting}", error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    internal static async Task<string> SeedAsync(InMemoryCognito cognito)
    {
        var pool = (await cognito.CreateUserPoolAsync("coordination")).Id;
        await cognito.CreateClient().CreateAsync(new ResourceServer(pool, Identifier, "orders", []));
        cognito.Statistics.Reset();
        return pool;
    }
}
