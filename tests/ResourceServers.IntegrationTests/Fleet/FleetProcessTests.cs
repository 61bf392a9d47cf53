using System.Diagnostics;
using ResourceServers.Fleet;
using Xunit.Abstractions;

namespace ResourceServers.IntegrationTests.Fleet;

/// <summary>
/// The library's promise across real OS processes (tests/ResourceServers.FleetWorker), coordinated by a real
/// redis-server: concurrent patches of one resource server from several processes lose nothing, a killed lock holder
/// holds the others up only until its lease expires, and a Redis restart mid-run loses nothing either.
/// </summary>
/// <remarks>
/// The workers pace at 20 calls a second (--rate) against an emulator that enforces no quota: these tests are about
/// what is written, not about pacing (the fleet benchmark measures that at Cognito's quotas).
/// </remarks>
[Collection(FleetCollection.Name)]
public sealed class FleetProcessTests(ITestOutputHelper output)
{
    private const string Identifier = "https://orders.example.com";
    private const int Processes = 4;
    private const int PatchesEach = 25;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Four_processes_adding_25_scopes_each_through_redis_lose_none()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var scenario = await FleetScenario.StartAsync(enforceQuotas: false);
        var pool = (await scenario.SeedAsync(1, Identifier))[0];

        var workers = await scenario.StartWorkersAsync(Enumerable.Range(0, Processes).Select(p =>
            ($"worker{p}", scenario.WorkerArguments("patch", [pool], Identifier, p * PatchesEach, (p * PatchesEach) + PatchesEach - 1, redis, "--rate", "20"))));
        await WaitAllAsync(workers);

        var scopes = await scenario.ScopesAsync(pool, Identifier);
        var expected = Enumerable.Range(0, Processes * PatchesEach).Select(i => $"s{i}").ToHashSet();
        var lost = expected.Except(scopes).Order().ToList();
        Assert.True(lost.Count == 0, $"lost {lost.Count} scope(s): {string.Join(", ", lost)}");
        Assert.Equal(expected, scopes);
        Assert.All(workers, w => Assert.Equal(PatchesEach, w.Succeeded.Count));
    }

    [Fact]
    public async Task Without_coordination_the_same_run_is_reported_with_the_scopes_it_lost()
    {
        await using var scenario = await FleetScenario.StartAsync(enforceQuotas: false);
        var pool = (await scenario.SeedAsync(1, Identifier))[0];

        var workers = await scenario.StartWorkersAsync(Enumerable.Range(0, Processes).Select(p =>
            ($"worker{p}", scenario.WorkerArguments("patch", [pool], Identifier, p * PatchesEach, (p * PatchesEach) + PatchesEach - 1, redis: null, "--rate", "20"))));
        await WaitAllAsync(workers);

        // Every patch reported success: without coordination the loss is silent, which is the hazard shown here.
        Assert.All(workers, w => Assert.Equal(PatchesEach, w.Succeeded.Count));
        var scopes = await scenario.ScopesAsync(pool, Identifier);
        var lost = Enumerable.Range(0, Processes * PatchesEach).Count(i => !scopes.Contains($"s{i}"));
        output.WriteLine($"without coordination: {Processes} processes x {PatchesEach} patches, lost_scopes={lost} (reported, not asserted: interleaving varies)");
        Assert.Subset(Enumerable.Range(0, Processes * PatchesEach).Select(i => $"s{i}").ToHashSet(), scopes.ToHashSet());
    }

    [Fact]
    public async Task A_lock_holder_killed_with_SIGKILL_holds_the_others_up_only_until_its_lease_expires()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var scenario = await FleetScenario.StartAsync(enforceQuotas: false);
        var pool = (await scenario.SeedAsync(1, Identifier))[0];
        const int expiryMs = 3000;

        // The holder reads, then stalls before its write, holding the lock (and renewing its lease) until killed.
        var holder = await scenario.StartWorkerAsync("holder", scenario.WorkerArguments("patch", [pool], Identifier, 900, 900, redis, "--rate", "20", "--lock-expiry-ms", $"{expiryMs}", "--stall-before-write"));
        holder.Go();
        await holder.Stalled.WaitAsync(TimeSpan.FromSeconds(30));

        var others = await scenario.StartWorkersAsync(Enumerable.Range(0, 3).Select(p =>
            ($"worker{p}", scenario.WorkerArguments("patch", [pool], Identifier, p * 5, (p * 5) + 4, redis, "--rate", "20", "--lock-expiry-ms", $"{expiryMs}"))));

        // Longer than a lease: the holder is alive and renewing, so nobody may get past it.
        await Task.Delay(TimeSpan.FromMilliseconds(expiryMs * 1.5));
        Assert.All(others, w => Assert.Empty(w.Succeeded));

        var killed = Stopwatch.StartNew();
        await holder.KillAsync();
        await WaitAllAsync(others);
        output.WriteLine($"the others finished {killed.Elapsed.TotalSeconds:0.0}s after the kill (lease {expiryMs} ms)");

        // What the survivors wrote, and nothing of the killed unit.
        var scopes = await scenario.ScopesAsync(pool, Identifier);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => $"s{i}").ToHashSet(), scopes);
        Assert.Equal(0, scenario.Cognito.Statistics.GetSucceeded(Wire.CognitoOperation.UpdateResourceServer) - 15);
    }

    [Fact]
    public async Task Redis_stopped_and_started_again_mid_run_loses_nothing_and_the_workers_recover()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var scenario = await FleetScenario.StartAsync(enforceQuotas: false);
        var pool = (await scenario.SeedAsync(1, Identifier))[0];

        var workers = await scenario.StartWorkersAsync(Enumerable.Range(0, Processes).Select(p =>
            ($"worker{p}", scenario.WorkerArguments("patch", [pool], Identifier, p * PatchesEach, (p * PatchesEach) + PatchesEach - 1, redis, "--rate", "20", "--retry-coordination-errors"))));

        // Mid-run: a quarter of the scopes in, Redis goes away (every key with it) and comes back.
        var wait = Stopwatch.StartNew();
        while ((await scenario.ScopesAsync(pool, Identifier)).Count < 26)
        {
            Assert.True(wait.Elapsed < RunTimeout, "the run did not get a quarter of the way");
            await Task.Delay(50);
        }

        await redis.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var scopesWhileDown = (await scenario.ScopesAsync(pool, Identifier)).Count;
        await redis.StartAsync();
        await WaitAllAsync(workers);

        var scopes = await scenario.ScopesAsync(pool, Identifier);
        var lost = Enumerable.Range(0, Processes * PatchesEach).Where(i => !scopes.Contains($"s{i}")).ToList();
        output.WriteLine($"scopes when Redis stopped: >= 26; at restart: {scopesWhileDown}; coordination errors seen by the workers: {workers.Sum(w => w.CoordinationErrors)}");
        Assert.True(lost.Count == 0, $"lost {lost.Count} scope(s): {string.Join(", ", lost)}");
        Assert.True(scopesWhileDown < Processes * PatchesEach, "the run ended before Redis was stopped, so the restart proved nothing");
        Assert.True(workers.Sum(w => w.CoordinationErrors) > 0, "no worker saw Redis go away");
    }

    private static async Task WaitAllAsync(IReadOnlyList<FleetWorkerProcess> workers)
    {
        var codes = await Task.WhenAll(workers.Select(w => w.WaitForExitAsync(RunTimeout)));
        for (var i = 0; i < workers.Count; i++)
        {
            Assert.True(codes[i] == 0, $"worker exited {codes[i]}:\n{workers[i]}");
        }
    }
}
