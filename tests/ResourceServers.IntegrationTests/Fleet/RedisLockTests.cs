using System.Diagnostics;
using Medallion.Threading;
using ResourceServers.Fleet;
using ResourceServers.Redis;
using StackExchange.Redis;

namespace ResourceServers.IntegrationTests.Fleet;

/// <summary>
/// The locks of coordination on Redis, taken directly from <see cref="ResourceServerCoordination.Locks"/> with a real
/// redis-server (each side with its own connection, as two processes would have): how long a lock outlives a holder
/// that stopped renewing it, that a held lock is renewed, how soon a released lock passes on, and how waits end (a
/// timeout, the caller's cancellation, a connection failure), through the asynchronous and the synchronous members.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class RedisLockTests
{
    private const string Name = "resourceservers:test:orders";

    [Fact]
    public async Task A_lock_lives_LockExpiry_in_Redis_is_renewed_while_held_and_a_holder_that_stops_renewing_holds_the_others_up_that_long_only()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var holderRedis = await RedisConnection.ConnectAsync(server.ConnectionString);
        await using var waiterRedis = await RedisConnection.ConnectAsync(server.ConnectionString);
        var options = new RedisCoordinationOptions { LockExpiry = TimeSpan.FromSeconds(1) };
        var holder = RedisCoordination.Create(holderRedis, options).Locks;
        var waiter = RedisCoordination.Create(waiterRedis, options).Locks;

        var held = await holder.AcquireLockAsync(Name);
        Assert.InRange(await TimeToLiveAsync(waiterRedis), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));

        // Renewed every tenth of the expiry: past twice the expiry, still held and still bounded by it.
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        Assert.False(held.HandleLostToken.IsCancellationRequested);
        Assert.InRange(await TimeToLiveAsync(waiterRedis), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        Assert.Null(await waiter.TryAcquireLockAsync(Name));

        // The holder's process is cut off (its connection closed, nothing released): the key lasts at most one expiry
        // more, so a waiter gets the lock within about a second, not DistributedLock's default 30 s.
        await holderRedis.CloseAsync(allowCommandsToComplete: false);
        var waited = Stopwatch.StartNew();
        await using var taken = await waiter.AcquireLockAsync(Name, TimeSpan.FromSeconds(10));
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(4), $"the lock of a holder cut off passed on after {waited.Elapsed}");
    }

    [Fact]
    public async Task A_released_lock_passes_to_a_waiter_within_tens_of_milliseconds()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var holderRedis = await RedisConnection.ConnectAsync(server.ConnectionString);
        await using var waiterRedis = await RedisConnection.ConnectAsync(server.ConnectionString);
        var holder = RedisCoordination.Create(holderRedis).Locks;
        var waiter = RedisCoordination.Create(waiterRedis).Locks;

        // A unit holds its lock for a few round trips, so the waiter polls often: DistributedLock's default sleeps up to
        // 0.8 s between tries (0.4 s on average), the coordination's at most 50 ms.
        var handovers = new List<TimeSpan>();
        for (var round = 0; round < 8; round++)
        {
            var held = await holder.AcquireLockAsync(Name);
            var waiting = waiter.AcquireLockAsync(Name).AsTask();
            await Task.Delay(TimeSpan.FromMilliseconds(120));
            Assert.False(waiting.IsCompleted);
            var released = Stopwatch.StartNew();
            await held.DisposeAsync();
            await using (await waiting.WaitAsync(TimeSpan.FromSeconds(5)))
            {
                handovers.Add(released.Elapsed);
            }
        }

        var average = TimeSpan.FromTicks((long)handovers.Average(h => h.Ticks));
        Assert.True(average < TimeSpan.FromMilliseconds(200), $"handovers took {string.Join(", ", handovers.Select(h => $"{h.TotalMilliseconds:0} ms"))}");
    }

    [Fact]
    public async Task A_lock_held_elsewhere_is_not_taken_within_a_timeout_try_gives_null_and_acquire_throws_naming_the_lock_and_the_timeout()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var holderRedis = await RedisConnection.ConnectAsync(server.ConnectionString);
        await using var waiterRedis = await RedisConnection.ConnectAsync(server.ConnectionString);
        var waiter = RedisCoordination.Create(waiterRedis).Locks;
        await using var held = await RedisCoordination.Create(holderRedis).Locks.AcquireLockAsync(Name);
        var timeout = TimeSpan.FromMilliseconds(200);

        Assert.Null(await waiter.TryAcquireLockAsync(Name, timeout));
        Assert.Null(await Task.Run(() => waiter.TryAcquireLock(Name, timeout)).WaitAsync(TimeSpan.FromSeconds(10)));
        var asynchronous = await Assert.ThrowsAsync<TimeoutException>(async () => await waiter.AcquireLockAsync(Name, timeout));
        var synchronous = await Assert.ThrowsAsync<TimeoutException>(() => Task.Run(() => waiter.AcquireLock(Name, timeout)).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal($"The lock '{Name}' was not taken within 00:00:00.2000000.", asynchronous.Message);
        Assert.Equal(asynchronous.Message, synchronous.Message);
        Assert.False(held.HandleLostToken.IsCancellationRequested);
    }

    [Fact]
    public async Task A_wait_for_a_held_lock_ends_with_a_connection_error_naming_Redis_when_the_connection_fails_instead_of_waiting_forever()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var holderRedis = await RedisConnection.ConnectAsync(server.ConnectionString);

        // A try that is on the wire when the connection fails ends with StackExchange.Redis's own error once its command
        // times out (here after 1 s); a wait between tries ends at once with the lock provider's. Which one a wait
        // meets depends on when the connection fails; either names Redis and neither waits for the holder.
        await using var waiterRedis = await RedisConnection.ConnectAsync($"{server.ConnectionString},asyncTimeout=1000,syncTimeout=1000");
        var waiter = RedisCoordination.Create(waiterRedis).Locks;
        // Held to the end: Redis is gone before it could be released.
        _ = await RedisCoordination.Create(holderRedis).Locks.AcquireLockAsync(Name);
        var asynchronous = waiter.AcquireLockAsync(Name).AsTask();
        var synchronous = Task.Run(() => waiter.AcquireLock(Name));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(asynchronous.IsCompleted || synchronous.IsCompleted);

        await server.StopAsync();

        foreach (var wait in new[] { asynchronous, synchronous })
        {
            var error = await Assert.ThrowsAnyAsync<RedisException>(() => wait.WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.Contains(server.ConnectionString, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_wait_for_a_held_lock_cancelled_by_the_caller_ends_as_cancelled_not_as_a_connection_error()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var holderRedis = await RedisConnection.ConnectAsync(server.ConnectionString);
        await using var waiterRedis = await RedisConnection.ConnectAsync(server.ConnectionString);
        var waiter = RedisCoordination.Create(waiterRedis).Locks;
        await using var held = await RedisCoordination.Create(holderRedis).Locks.AcquireLockAsync(Name);

        using var asynchronousCancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiter.AcquireLockAsync(Name, cancellationToken: asynchronousCancel.Token));
        using var synchronousCancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Run(() => waiter.AcquireLock(Name, cancellationToken: synchronousCancel.Token)).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task No_lock_is_taken_while_Redis_is_unreachable_and_the_error_names_Redis()
    {
        var port = await RedisConnection.DeadPortAsync();
        await using var redis = await RedisConnection.ConnectAsync($"127.0.0.1:{port},connectTimeout=500");
        var locks = RedisCoordination.Create(redis).Locks;

        var asynchronous = await Assert.ThrowsAsync<RedisConnectionException>(async () => await locks.TryAcquireLockAsync(Name));
        var synchronous = Assert.Throws<RedisConnectionException>(() => locks.TryAcquireLock(Name));

        Assert.Equal($"No connection to Redis at 127.0.0.1:{port}; the lock was not taken.", asynchronous.Message);
        Assert.Equal(asynchronous.Message, synchronous.Message);
    }

    private static async Task<TimeSpan> TimeToLiveAsync(IConnectionMultiplexer redis) =>
        await redis.GetDatabase().KeyTimeToLiveAsync(Name) ?? throw new InvalidOperationException($"The lock key '{Name}' has no expiry, or is not in Redis.");
}
