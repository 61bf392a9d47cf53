using System.Collections.Concurrent;
using System.Diagnostics;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Fleet;

/// <summary>
/// EnsurePoolsAsync against the emulator (quotas enforced, 300 ms added to every answer, the library's default
/// pipeline and pacing): pools run side by side over the real wire, a pool that does not exist fails alone, and
/// cancelling stops the run with what was done left done.
/// </summary>
public class ManyPoolsOverHttpTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Pools_run_side_by_side_and_a_missing_pool_fails_alone()
    {
        await using var emulator = await StartAsync();
        var pools = await PoolsAsync(emulator, 6);
        var missing = emulator.Region + "_missing01";
        var client = Client(emulator);
        var progress = new CollectingProgress();
        var desired = pools.Prepend(missing).Select(p => new DesiredUserPool(p, [new ResourceServer(p, "https://api.example.com", "api", [new ResourceServerScope("read", "Read")])])).ToList();

        // Connection, credentials and JIT first, so the time below is the run's.
        await client.FindAsync(pools[0], "https://warm-up.example.com");
        var clock = Stopwatch.StartNew();
        var results = await client.EnsurePoolsAsync(desired, progress: progress);
        clock.Stop();

        // One after another, six pools of three calls (list, describe, create) take at least 18 x 300 ms.
        var serialFloor = Latency * 3 * pools.Count;
        Assert.True(clock.Elapsed < serialFloor / 2, $"took {clock.Elapsed}; one pool after another takes at least {serialFloor}");
        Assert.Equal(desired.Select(d => d.UserPoolId), results.Select(r => r.UserPoolId));
        Assert.Equal(CognitoErrorCodes.ResourceNotFound, Assert.IsAssignableFrom<CognitoServiceException>(results[0].Error).ErrorCode);
        Assert.All(results.Skip(1), r => Assert.Equal(ResourceServerChangeKind.Created, Assert.Single(r.Changes).Kind));
        Assert.Equal(pools.Order(), progress.Changes.Select(c => c.UserPoolId).Order());
        Assert.Equal(0, emulator.Cognito.Statistics[CognitoOperation.CreateResourceServer].Throttled);
    }

    [Fact]
    public async Task Cancelling_stops_the_run_and_what_was_done_stays_done()
    {
        await using var emulator = await StartAsync();
        var pools = await PoolsAsync(emulator, 3);
        var client = Client(emulator);
        using var cancel = new CancellationTokenSource();
        var progress = new CollectingProgress(onFirst: cancel.Cancel);

        // Each pool gains ten servers, one after another: the first change made cancels the rest.
        var desired = pools.Select(p => new DesiredUserPool(p, Enumerable.Range(0, 10).Select(i => new ResourceServer(p, $"https://api{i}.example.com", "api"))));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.EnsurePoolsAsync(desired, progress: progress, cancellationToken: cancel.Token));

        var stored = 0;
        foreach (var pool in pools)
        {
            stored += (await client.ListAsync(pool).ToListAsync()).Count;
        }

        Assert.True(stored >= progress.Changes.Count && stored < 30, $"{stored} stored, {progress.Changes.Count} reported");
    }

    private static Task<CognitoEmulator> StartAsync() =>
        CognitoEmulator.StartAsync(new CognitoEmulatorOptions { EnforceRateQuotas = true, Latency = Latency });

    private static ResourceServerClient Client(CognitoEmulator emulator) =>
        new(new ResourceServerClientOptions { Region = emulator.Region, ServiceUrl = emulator.ServiceUrl, Credentials = emulator.Credentials });

    private static async Task<List<string>> PoolsAsync(CognitoEmulator emulator, int count)
    {
        var pools = new List<string>();
        for (var i = 0; i < count; i++)
        {
            pools.Add((await emulator.Cognito.CreateUserPoolAsync($"tenant{i}")).Id);
        }

        return pools;
    }

    private sealed class CollectingProgress(Action? onFirst = null) : IProgress<ResourceServerChange>
    {
        private readonly ConcurrentQueue<ResourceServerChange> _changes = new();

        public IReadOnlyList<ResourceServerChange> Changes => [.. _changes];

        public void Report(ResourceServerChange value)
        {
            _changes.Enqueue(value);
            if (_changes.Count == 1)
            {
                onFirst?.Invoke();
            }
        }
    }
}
