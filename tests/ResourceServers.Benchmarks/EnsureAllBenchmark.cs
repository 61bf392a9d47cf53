using System.Diagnostics;
using System.Globalization;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// ensure-all: what ensuring and planning a set of 25 unchanged resource servers (a pool at Cognito's default limit)
/// costs, over the HTTP transport against the emulator with Cognito's quotas enforced and the default pacing. Reads
/// (Describe, List) and writes (Create, Update, Delete) are counted by the emulator's Cognito, so the figures are
/// counts, and wall time is shown beside them. For comparison it first ensures the same servers one
/// <see cref="ResourceServerClient.EnsureAsync"/> at a time (a Describe each, paced at 5 a second on one pool).
/// </summary>
internal static class EnsureAllBenchmark
{
    private const int Servers = 25;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!BulkApplyBenchmark.TryParseQuotaModel(args, out var model))
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ResourceServers.Benchmarks -- ensure-all [--quota-model token-bucket|fixed-window]");
            return 2;
        }

        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { EnforceRateQuotas = true, QuotaModel = model });
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { Cognito = cognito });
        var (pool, servers) = await SeedAsync(cognito);

        // A client as users build one by hand: the HTTP transport, the default pipeline and pacing.
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var client = new ResourceServerClient(
            new ResourceServerClientOptions { Region = emulator.Region, ServiceUrl = emulator.ServiceUrl, Credentials = emulator.Credentials },
            httpClient: http);
        Console.WriteLine($"ensure-all: {Servers} unchanged resource servers in one pool, HTTP to the emulator with Cognito's quotas enforced ({model}), default pacing");

        // Compiles the paths and opens the connection, untimed; then every bucket rests full again.
        _ = await client.EnsureAllAsync(pool, servers);
        _ = await client.PlanAllAsync(pool, servers);
        _ = await client.EnsureAsync(servers[0]);
        await RestAsync();

        var each = await MeasureAsync(cognito, async () =>
        {
            foreach (var server in servers)
            {
                _ = await client.EnsureAsync(server);
            }
        });
        Console.WriteLine(each.Line("ensure-each"));
        await RestAsync();

        var plan = await MeasureAsync(cognito, async () => Check(await client.PlanAllAsync(pool, servers, deleteUnlisted: true)));
        Console.WriteLine(plan.Line("plan-all"));
        var ensure = await MeasureAsync(cognito, async () => Check(await client.EnsureAllAsync(pool, servers)));
        Console.WriteLine(ensure.Line("ensure-all"));

        if (plan.Reads > 2 || plan.Writes > 0 || ensure.Reads > 2 || ensure.Writes > 0)
        {
            Console.Error.WriteLine("ensure-all: misses the target (at most 2 reads and no write to ensure or plan 25 unchanged resource servers)");
            return 1;
        }

        return 0;
    }

    private static void Check(IReadOnlyList<ResourceServerChange> changes)
    {
        if (changes.Count != Servers || changes.Any(c => c.HasChanges))
        {
            throw new InvalidOperationException($"Expected {Servers} unchanged resource servers; got {string.Join("; ", changes)}.");
        }
    }

    private static async Task<Figures> MeasureAsync(InMemoryCognito cognito, Func<Task> run)
    {
        cognito.Statistics.Reset();
        var clock = Stopwatch.StartNew();
        await run();
        clock.Stop();
        var statistics = cognito.Statistics;
        return new Figures(
            statistics.GetReceived(CognitoOperation.DescribeResourceServer) + statistics.GetReceived(CognitoOperation.ListResourceServers),
            statistics.GetReceived(CognitoOperation.CreateResourceServer) + statistics.GetReceived(CognitoOperation.UpdateResourceServer) + statistics.GetReceived(CognitoOperation.DeleteResourceServer),
            statistics.TotalThrottled,
            clock.Elapsed);
    }

    // Every quota holds at most one second of its rate; after a little more than a second of rest all are full.
    private static Task RestAsync() => Task.Delay(TimeSpan.FromSeconds(1.2));

    private static async Task<(string Pool, IReadOnlyList<ResourceServer> Servers)> SeedAsync(InMemoryCognito cognito)
    {
        // Paced straight on the in-memory Cognito, so the creates draw no throttle.
        var setup = cognito.CreateClient();
        var pool = (await cognito.CreateUserPoolAsync("ensure-all")).Id;
        var servers = new List<ResourceServer>();
        for (var i = 0; i < Servers; i++)
        {
            servers.Add(await setup.CreateAsync(new ResourceServer(
                pool,
                string.Create(CultureInfo.InvariantCulture, $"https://api{i:D2}.example.com"),
                $"api{i}",
                [new ResourceServerScope("read", "Read"), new ResourceServerScope("write", "Write")])));
        }

        return (pool, servers);
    }

    private sealed record Figures(long Reads, long Writes, long Throttled, TimeSpan Wall)
    {
        public string Line(string mode) => string.Create(
            CultureInfo.InvariantCulture,
            $"{mode}: servers={Servers} reads={Reads} writes={Writes} wall_s={Wall.TotalSeconds:0.000}{(Throttled > 0 ? $" throttled={Throttled}" : string.Empty)}");
    }
}
