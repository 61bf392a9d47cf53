using System.Diagnostics;
using System.Globalization;
using ResourceServers.Fleet;
using ResourceServers.Redis;
using ResourceServers.Testing;
using StackExchange.Redis;

namespace ResourceServers.Benchmarks;

/// <summary>
/// fleet: 4 worker processes (tests/ResourceServers.FleetWorker) against the emulator with Cognito's quotas enforced,
/// once coordinated through a real redis-server and once not: first 100 <c>UpdateAsync</c> calls over 5 pools (25 per
/// process), then 4 x 25 <c>PatchAsync</c> calls adding scope s{i} to one resource server. Attempts and throttles are
/// counted by the emulator's Cognito; lost scopes are read from it at the end. Then the cost of shared pacing per
/// call, Redis against local, side by side in this process.
/// </summary>
/// <remarks>
/// The quota minimum of a phase is its calls over the narrowest limit they share: 100 updates at 15 a second
/// (UserPoolResourceUpdate) = 6.67 s; 100 patches = 100 Describes and 100 Updates of one pool at 5 a second each =
/// 20 s. wall_over_min = (wall of both phases) / 26.67 s. The service's one-second burst is not counted.
/// </remarks>
internal static class FleetBenchmark
{
    private const int Processes = 4;
    private const int UnitsEach = 25;
    private const int Pools = 5;
    private const string UpdatedIdentifier = "https://fleet.example.com";
    private const string PatchedIdentifier = "https://patched.example.com";
    private static readonly TimeSpan QuotaMinimum = TimeSpan.FromSeconds((100 / 15.0) + (100 / 5.0));

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0)
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ResourceServers.Benchmarks -- fleet");
            return 2;
        }

        Console.WriteLine($"fleet: {Processes} processes; {Processes * UnitsEach} updates over {Pools} pools, then {Processes}x{UnitsEach} patches of one resource server; emulator with Cognito's quotas; quota minimum {QuotaMinimum.TotalSeconds:0.00}s");
        await using var redis = await RedisServer.StartNewAsync();
        var coordinated = await RunModeAsync(redis);
        var alone = await RunModeAsync(redis: null);

        var (local, shared) = await PerCallCostAsync(redis);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fleet: per paced call (sequential, no wait, 2 permits each): local={local:0.0} us redis={shared:0.0} us (redis adds {shared - local:0.0} us, x{shared / local:0.0})"));
        Console.WriteLine(coordinated.Summary());
        Console.WriteLine(alone.Summary());

        // Correctness is the part of the target that does not depend on the machine's load.
        return coordinated.Failed == 0 && coordinated.LostScopes == 0 ? 0 : 1;
    }

    private static async Task<FleetRun> RunModeAsync(RedisServer? redis)
    {
        await using var scenario = await FleetScenario.StartAsync(enforceQuotas: true);
        var pools = await scenario.SeedAsync(Pools, UpdatedIdentifier);
        await scenario.Cognito.CreateClient().CreateAsync(new ResourceServer(pools[0], PatchedIdentifier, "patched", []));

        var update = await RunPhaseAsync(scenario, p => scenario.WorkerArguments("update", pools, UpdatedIdentifier, p * UnitsEach, (p * UnitsEach) + UnitsEach - 1, redis, "--warm-up"));
        var patch = await RunPhaseAsync(scenario, p => scenario.WorkerArguments("patch", [pools[0]], PatchedIdentifier, p * UnitsEach, (p * UnitsEach) + UnitsEach - 1, redis, "--warm-up"));

        var scopes = await scenario.ScopesAsync(pools[0], PatchedIdentifier);
        var succeededPatches = patch.Workers.SelectMany(w => w.Succeeded).ToHashSet();
        var run = new FleetRun(
            redis is null ? "none" : "redis",
            update.Wall + patch.Wall,
            QuotaMinimum,
            update.Workers.Concat(patch.Workers).Sum(w => Math.Max(0, w.Failed)),
            update.Attempts + patch.Attempts,
            update.Throttled + patch.Throttled,
            succeededPatches.Count(i => !scopes.Contains($"s{i}")));
        Console.WriteLine(run.Describe(update.Wall, patch.Wall));

        // What the failed units ended with ("failed <unit> <error code or exception type>"), so a figure can be explained.
        foreach (var worker in update.Workers.Concat(patch.Workers))
        {
            foreach (var line in worker.Lines.Where(l => l.StartsWith("failed ", StringComparison.Ordinal)))
            {
                Console.WriteLine($"  {worker.Name}: {line}");
            }
        }

        return run;
    }

    // Each worker warms up before it says ready (one uncounted call of its job's kind on a missing identifier); the
    // phase then waits for the quotas those calls spent to rest, and counts attempts from the start signal on.
    private static async Task<(TimeSpan Wall, IReadOnlyList<FleetWorkerProcess> Workers, long Attempts, long Throttled)> RunPhaseAsync(FleetScenario scenario, Func<int, IEnumerable<string>> arguments)
    {
        var workers = new List<FleetWorkerProcess>();
        foreach (var p in Enumerable.Range(0, Processes))
        {
            workers.Add(await scenario.StartWorkerAsync($"worker{p}", arguments(p)));
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var statistics = scenario.Cognito.Statistics;
        var (received, throttled) = (statistics.TotalReceived, statistics.TotalThrottled);
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers)
        {
            worker.Go();
        }

        await Task.WhenAll(workers.Select(w => w.WaitForExitAsync(TimeSpan.FromMinutes(5))));
        clock.Stop();
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }

        return (clock.Elapsed, workers, statistics.TotalReceived - received, statistics.TotalThrottled - throttled);
    }

    // The same client, paced at rates that never make a call wait, over a port that answers at once: the difference
    // is what shared pacing costs per call (two sliding-window scripts on Redis).
    private static async Task<(double Local, double Redis)> PerCallCostAsync(RedisServer redis)
    {
        const int Calls = 2000;
        var cognito = new InMemoryCognito();
        var pool = (await cognito.CreateUserPoolAsync("cost")).Id;
        await cognito.CreateClient().CreateAsync(new ResourceServer(pool, PatchedIdentifier, "cost", []));
        var options = new ResourceServerClientOptions();
        options.Resilience.Pacing.PerOperationPerUserPoolPerSecond = 10_000;
        options.Resilience.Pacing.ReadCategoryPerSecond = 10_000;
        options.Resilience.Pacing.UpdateCategoryPerSecond = 10_000;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(RedisCoordination.ConnectionString(redis.ConnectionString));
        var local = new ResourceServerClient(options, api: cognito);
        var shared = new ResourceServerClient(options, api: cognito, coordination: RedisCoordination.Create(connection, new RedisCoordinationOptions { KeyPrefix = "cost" }));

        // Interleaved rounds, so machine load falls on both alike; the best round of each.
        var best = (Local: double.MaxValue, Redis: double.MaxValue);
        for (var round = 0; round < 5; round++)
        {
            best.Local = Math.Min(best.Local, await MicrosPerCallAsync(local, pool, Calls / 5));
            best.Redis = Math.Min(best.Redis, await MicrosPerCallAsync(shared, pool, Calls / 5));
        }

        return best;
    }

    private static async Task<double> MicrosPerCallAsync(ResourceServerClient client, string pool, int calls)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            await client.GetAsync(pool, PatchedIdentifier);
        }

        return clock.Elapsed.TotalMicroseconds / calls;
    }
}
