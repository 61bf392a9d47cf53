using System.Diagnostics;
using System.Globalization;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// rollout: a multi-tenant service with one user pool per tenant rolls one new scope out to every tenant: each pool
/// has one resource server, which gains one scope; plan, then apply. Over the HTTP transport against the emulator with
/// Cognito's quotas enforced and a round trip's latency added to every answer (<c>--latency</c>, default 50 ms).
/// Run twice, each with a fresh client: with the library's many-pools calls
/// (<see cref="ResourceServerClient.PlanPoolsAsync"/> then <see cref="ResourceServerClient.ApplyPlansAsync"/>), and
/// pool after pool as the tool did before them (<see cref="ResourceServerClient.PlanAllAsync"/> of each pool, then
/// <see cref="ResourceServerClient.EnsureAsync"/> of each planned change). Target for the first:
/// wall_over_floor &lt;= 1.10, failed 0.
/// </summary>
/// <remarks>
/// The floor is the quota minimum of the calls the rollout needs: one ListResourceServers per pool (20 reads a
/// second), then one DescribeResourceServer (20 reads a second) and one UpdateResourceServer (15 writes a second) per
/// pool, the apply's reads and writes overlapping: pools / 20 + max(pools / 20, pools / 15) seconds. Setup (pools,
/// servers, connections) is not timed, and every quota bucket is rested before each run.
/// </remarks>
internal static class RolloutBenchmark
{
    private const double ReadsPerSecond = 20;
    private const double WritesPerSecond = 15;
    private const double Target = 1.10;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var pools, out var latency, out var model))
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ResourceServers.Benchmarks -- rollout [--pools N] [--latency 50ms] [--quota-model token-bucket|fixed-window]");
            return 2;
        }

        var floor = TimeSpan.FromSeconds((pools / ReadsPerSecond) + Math.Max(pools / ReadsPerSecond, pools / WritesPerSecond));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rollout: {pools} user pools of one resource server, each gaining one scope (plan, then apply), HTTP to the emulator with Cognito's quotas enforced ({model}) and {latency.TotalMilliseconds:0} ms added to every answer; floor {floor.TotalSeconds:0.00}s ({pools} Lists at {ReadsPerSecond}/s, then {pools} Describes at {ReadsPerSecond}/s beside {pools} Updates at {WritesPerSecond}/s)"));

        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { EnforceRateQuotas = true, QuotaModel = model });
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { Cognito = cognito, Latency = latency });
        var ids = await SeedAsync(cognito, pools);

        var together = await RunOnceAsync(emulator, cognito, ids, "rollout-together", latency, floor, poolAfterPool: false);
        var oneByOne = await RunOnceAsync(emulator, cognito, ids, "rollout-one-by-one", latency, floor, poolAfterPool: true);
        Console.WriteLine(oneByOne.Line("rollout (pool after pool)"));
        Console.WriteLine(together.Line("rollout"));
        if (together.Failed > 0 || together.WallOverFloor > Target)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rollout: misses the target (wall_over_floor <= {Target:0.00}, failed = 0)"));
            return 1;
        }

        return 0;
    }

    private static async Task<Outcome> RunOnceAsync(CognitoEmulator emulator, InMemoryCognito cognito, IReadOnlyList<string> pools, string scope, TimeSpan latency, TimeSpan floor, bool poolAfterPool)
    {
        // A client as users build one by hand: the HTTP transport, the default pipeline and pacing.
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var client = new ResourceServerClient(new ResourceServerClientOptions { Region = emulator.Region, ServiceUrl = emulator.ServiceUrl, Credentials = emulator.Credentials }, httpClient: http);
        var desired = pools.Select(p => new DesiredUserPool(p, [new ResourceServer(p, Identifier, "api", [new ResourceServerScope("read", "Read"), new ResourceServerScope(scope, "Rolled out")])])).ToList();

        // Connections and JIT on reads of a pool that is not timed, then a rest so every quota bucket is full again.
        await Task.WhenAll(Enumerable.Range(0, ConcurrentPools.MaxConcurrency).Select(_ => client.FindAsync(pools[0], "https://warm-up.example.com")));
        await client.PlanAllAsync(pools[0], desired[0].ResourceServers);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        cognito.Statistics.Reset();

        var clock = Stopwatch.StartNew();
        var failed = poolAfterPool ? await PoolAfterPoolAsync(client, desired) : await TogetherAsync(client, desired);
        clock.Stop();

        var (received, throttled) = (0L, 0L);
        foreach (var operation in CognitoOperation.All)
        {
            received += cognito.Statistics[operation].Received;
            throttled += cognito.Statistics[operation].Throttled;
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        return new Outcome(pools.Count, latency, clock.Elapsed / floor, failed, received == 0 ? 0 : 100.0 * throttled / received, clock.Elapsed);
    }

    private static async Task<int> TogetherAsync(ResourceServerClient client, IReadOnlyList<DesiredUserPool> desired)
    {
        var plans = await client.PlanPoolsAsync(desired);
        var applied = await client.ApplyPlansAsync(plans);
        return applied.Count(r => !r.Succeeded) + applied.Sum(r => r.Changes.Count(c => c.Kind != ResourceServerChangeKind.Updated));
    }

    private static async Task<int> PoolAfterPoolAsync(ResourceServerClient client, IReadOnlyList<DesiredUserPool> desired)
    {
        var failed = 0;
        var plans = new List<ResourceServerChange>();
        foreach (var pool in desired)
        {
            try
            {
                plans.AddRange(await client.PlanAllAsync(pool.UserPoolId, pool.ResourceServers));
            }
            catch (CognitoServiceException)
            {
                failed++;
            }
        }

        foreach (var plan in plans.Where(p => p.HasChanges))
        {
            try
            {
                failed += (await client.EnsureAsync(plan.After!)).Kind == ResourceServerChangeKind.Updated ? 0 : 1;
            }
            catch (CognitoServiceException)
            {
                failed++;
            }
        }

        return failed + (desired.Count - plans.Count(p => p.HasChanges));
    }

    private const string Identifier = "https://api.tenant.example.com";

    /// <summary>Creates the pools and their resource servers through a paced client on the in-memory Cognito (not timed).</summary>
    private static async Task<IReadOnlyList<string>> SeedAsync(InMemoryCognito cognito, int count)
    {
        var pools = new List<string>(count);
        for (var p = 0; p < count; p++)
        {
            pools.Add((await cognito.CreateUserPoolAsync($"tenant-{p}")).Id);
        }

        // Setup may queue longer than a call's default limits allow on a loaded machine; it is not what is measured.
        var options = new ResourceServerClientOptions { Resilience = { AttemptTimeout = TimeSpan.FromMinutes(1), TotalTimeout = TimeSpan.FromMinutes(5) } };
        options.Resilience.Pacing.MaxQueueWait = TimeSpan.FromSeconds(30);
        var setup = cognito.CreateClient(options);
        await Parallel.ForEachAsync(pools, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (pool, ct) =>
            await setup.CreateAsync(new ResourceServer(pool, Identifier, "api", [new ResourceServerScope("read", "Read")]), ct));
        return pools;
    }

    private static bool TryParse(string[] args, out int pools, out TimeSpan latency, out CognitoQuotaModel model)
    {
        (pools, latency, model) = (200, TimeSpan.FromMilliseconds(50), CognitoQuotaModel.TokenBucket);
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i], value)
            {
                case ("--pools", { } n) when int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 1000:
                    pools = parsed;
                    break;
                case ("--latency", { } ms) when ms.EndsWith("ms", StringComparison.Ordinal) && int.TryParse(ms[..^2], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= 10_000:
                    latency = TimeSpan.FromMilliseconds(parsed);
                    break;
                case ("--quota-model", { } name) when BulkApplyBenchmark.TryParseQuotaModel(["--quota-model", name], out var parsed):
                    model = parsed;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private sealed record Outcome(int Pools, TimeSpan Latency, double WallOverFloor, int Failed, double ThrottledPct, TimeSpan Wall)
    {
        public string Line(string label) => string.Create(
            CultureInfo.InvariantCulture,
            $"{label}: pools={Pools} latency_ms={Latency.TotalMilliseconds:0} wall_over_floor={WallOverFloor:0.00} failed={Failed} throttled_attempts_pct={ThrottledPct:0.0} wall_s={Wall.TotalSeconds:0.00}");
    }
}
