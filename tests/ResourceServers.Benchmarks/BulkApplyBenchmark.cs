using System.Diagnostics;
using ResourceServers.Testing;

namespace ResourceServers.Benchmarks;

/// <summary>
/// bulk-apply: 100 full-replace updates (<see cref="ResourceServerClient.UpdateAsync"/>) spread over 5 user pools by
/// 8 concurrent callers, over the HTTP transport, against the emulator with Cognito's rate quotas enforced (15
/// UserPoolResourceUpdate calls a second, 5 a second per operation per pool), once with pacing on and once with it
/// off (the default retry either way: 3 attempts, base delay 1 s). Attempts and throttles are counted by the
/// emulator's Cognito. <c>--quota-model token-bucket</c> (the default) or <c>fixed-window</c> picks how the emulator
/// counts calls against the quotas (<see cref="CognitoQuotaModel"/>), since Cognito does not publish its algorithm.
/// The Cognito has a network's timing (<see cref="ArrivalJitter"/>, <see cref="ServiceDelay"/>), so a client pacing
/// at the quota meets the odd throttle at its edge, as against the real service. Targets: wall_over_min &lt;= 1.05,
/// failed 0, throttled_attempts_pct &lt;= 2.
/// </summary>
/// <remarks>
/// Each run gets a fresh emulator. Setup (pools, resource servers, opening the connections) is not timed: the resource
/// servers are created through a paced client straight on the in-memory Cognito, which draws no throttle, and the
/// run then opens one connection per caller (with reads, which draw on another quota) and waits for every quota
/// bucket to fill again, so the timed updates start from a rested account, as a bulk job would. The quota minimum
/// counts every update at 15 a second; the service's one-second burst lets a paced run finish in about 6 s, so
/// wall_over_min is about 0.90 at best.
/// </remarks>
internal static class BulkApplyBenchmark
{
    private const int Updates = 100;
    private const int Pools = 5;
    private const int ServersPerPool = 4;
    private const int Callers = 8;
    private const double UpdateQuotaPerSecond = 15;

    // The quota counters date each call up to this much later than it arrived (InMemoryCognitoOptions.ArrivalJitter).
    private static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(25);

    // And are answered this much after they were counted.
    private static readonly TimeSpan ServiceDelay = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan QuotaMinimum = TimeSpan.FromSeconds(Updates / UpdateQuotaPerSecond);

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParseQuotaModel(args, out var model))
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ResourceServers.Benchmarks -- bulk-apply [--quota-model token-bucket|fixed-window]");
            return 2;
        }

        Console.WriteLine($"bulk-apply: {Updates} UpdateResourceServer calls over {Pools} user pools ({ServersPerPool} resource servers each), {Callers} concurrent callers, HTTP to the emulator with Cognito's quotas enforced ({model}, arrival jitter up to {ArrivalJitter.TotalMilliseconds:0} ms, service delay {ServiceDelay.TotalMilliseconds:0} ms); quota minimum {QuotaMinimum.TotalSeconds:0.00}s ({Updates} / {UpdateQuotaPerSecond}/s)");

        // Compiles both paths (paced and not) on a throwaway emulator, so neither timed run pays for the JIT.
        _ = await RunOnceAsync(pacing: true, updates: 20, enforceQuotas: false, model);
        _ = await RunOnceAsync(pacing: false, updates: 20, enforceQuotas: false, model);

        var on = await RunOnceAsync(pacing: true, Updates, enforceQuotas: true, model);
        Console.WriteLine(on.Describe());
        var off = await RunOnceAsync(pacing: false, Updates, enforceQuotas: true, model);
        Console.WriteLine(off.Describe());

        Console.WriteLine(on.Summary());
        if (!on.MeetsTarget)
        {
            Console.Error.WriteLine("bulk-apply: pacing on misses the target (wall_over_min <= 1.05, failed = 0, throttled_attempts_pct <= 2)");
            return 1;
        }

        return 0;
    }

    /// <summary>Reads <c>[--quota-model token-bucket|fixed-window]</c>; false on anything else.</summary>
    internal static bool TryParseQuotaModel(string[] args, out CognitoQuotaModel model)
    {
        model = CognitoQuotaModel.TokenBucket;
        if (args.Length == 0)
        {
            return true;
        }

        if (args is not ["--quota-model", var name])
        {
            return false;
        }

        switch (name)
        {
            case "token-bucket":
                return true;
            case "fixed-window":
                model = CognitoQuotaModel.FixedWindow;
                return true;
            default:
                return false;
        }
    }

    private static async Task<BulkApplyRun> RunOnceAsync(bool pacing, int updates, bool enforceQuotas, CognitoQuotaModel model)
    {
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { EnforceRateQuotas = enforceQuotas, QuotaModel = model, ArrivalJitter = ArrivalJitter, ServiceDelay = ServiceDelay });
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { Cognito = cognito });
        var servers = await SeedAsync(cognito);

        // A client built as users build one by hand (the HTTP transport, the default pipeline), pacing as the run asks.
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var options = new ResourceServerClientOptions { Region = emulator.Region, ServiceUrl = emulator.ServiceUrl, Credentials = emulator.Credentials, GrantRevocation = GrantRevocation.Allow };
        options.Resilience.Pacing.Enabled = pacing;
        var client = new ResourceServerClient(options, httpClient: http);

        // One connection per caller, opened with reads: they draw on the read quota, not the update quota measured.
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => client.GetAsync(servers[i % servers.Count].UserPoolId, servers[i % servers.Count].Identifier)));

        // Every bucket holds one second of its rate; after a second of rest all are full.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        cognito.Statistics.Reset();

        // Update i goes to pool i % 5, so every pool sees an even share at any moment of the run.
        var work = Enumerable.Range(0, updates)
            .Select(i =>
            {
                var target = servers[((i / Pools) % ServersPerPool * Pools) + (i % Pools)];
                return target with { Scopes = [new ResourceServerScope("read", "Read"), new ResourceServerScope($"rev{i}", $"Revision {i}")] };
            })
            .ToArray();

        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < work.Length)
            {
                try
                {
                    await client.UpdateAsync(work[i]);
                }
                catch (CognitoServiceException e)
                {
                    // Every failure of a call arrives as the library's exception; its code says which kind.
                    var key = e.ErrorCode;
                    lock (failures)
                    {
                        failures[key] = failures.GetValueOrDefault(key) + 1;
                    }
                }
            }
        })));
        clock.Stop();

        var statistics = cognito.Statistics[Wire.CognitoOperation.UpdateResourceServer];
        return new BulkApplyRun(
            pacing,
            model,
            clock.Elapsed,
            TimeSpan.FromSeconds(updates / UpdateQuotaPerSecond),
            updates,
            failures.Values.Sum(),
            statistics.Received,
            statistics.Throttled,
            failures);
    }

    /// <summary>Creates the pools and resource servers, paced so that no create is throttled; returns the servers pool-major.</summary>
    private static async Task<IReadOnlyList<ResourceServer>> SeedAsync(InMemoryCognito cognito)
    {
        var setup = cognito.CreateClient();
        var servers = new ResourceServer[Pools * ServersPerPool];
        var pools = new List<string>();
        for (var p = 0; p < Pools; p++)
        {
            pools.Add((await cognito.CreateUserPoolAsync($"bulk-{p}")).Id);
        }

        await Task.WhenAll(Enumerable.Range(0, Pools * ServersPerPool).Select(async index =>
        {
            var (s, p) = Math.DivRem(index, Pools);
            servers[index] = await setup.CreateAsync(new ResourceServer(pools[p], $"https://api{s}.bulk.example.com", $"api{s}", [new ResourceServerScope("read", "Read")]));
        }));
        return servers;
    }
}
