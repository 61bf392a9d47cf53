using System.Diagnostics;
using System.Globalization;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// grants: what reading a pool's scope grants costs, over the HTTP transport against the emulator with Cognito's
/// quotas enforced and the default pacing. A pool with 20 app clients, each granting a scope of one resource server;
/// a plan that removes that scope reads the grants (one ListUserPoolClients page, one DescribeUserPoolClient each), and
/// a plan that removes nothing (a rename and an added scope) must read none. <c>--quick</c>: without quotas or pacing.
/// </summary>
internal static class GrantsBenchmark
{
    private const int Clients = 20;
    private const string Identifier = "https://orders.example.com";

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick", StringComparer.Ordinal);
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { EnforceRateQuotas = !quick });
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { Cognito = cognito });
        var pool = (await cognito.CreateUserPoolAsync("grants")).Id;
        var server = await cognito.CreateClient().CreateAsync(new ResourceServer(pool, Identifier, "orders", [new ResourceServerScope("read", "Read"), new ResourceServerScope("write", "Write")]));
        for (var i = 0; i < Clients; i++)
        {
            await cognito.CreateUserPoolClientAsync(pool, string.Create(CultureInfo.InvariantCulture, $"client{i:D2}"), ["openid", $"{Identifier}/{(i % 2 == 0 ? "read" : "write")}"], generateSecret: i % 2 == 0);
        }

        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var options = new ResourceServerClientOptions { Region = emulator.Region, ServiceUrl = emulator.ServiceUrl, Credentials = emulator.Credentials };
        options.Resilience.Pacing.Enabled = !quick;
        var client = new ResourceServerClient(options, httpClient: http);
        Console.WriteLine($"grants: one pool, {Clients} app clients, HTTP to the emulator{(quick ? " (quick: no quotas, no pacing)" : " with Cognito's quotas enforced, default pacing")}");

        // Compiles the paths and opens the connection, untimed; then every bucket rests full again.
        _ = await client.PlanAsync(server with { Scopes = [server.Scopes[0]] });
        await Task.Delay(TimeSpan.FromSeconds(quick ? 0 : 1.2));

        var none = await MeasureAsync(cognito, async () =>
        {
            var plan = await client.PlanAsync(server with { Name = "orders-api", Scopes = [.. server.Scopes, new ResourceServerScope("admin", "Admin")] });
            return plan.RevokedGrants.Count;
        });
        Console.WriteLine(none.Line("grants-none"));

        var removing = await MeasureAsync(cognito, async () =>
        {
            var plan = await client.PlanAsync(server with { Scopes = [server.Scopes[0]] });
            return plan.RevokedGrants.Count;
        });
        Console.WriteLine(removing.Line("grants"));

        if (none.Reads != 0 || none.Revoked != 0 || removing.Reads != 1 + Clients || removing.Revoked != Clients / 2)
        {
            Console.Error.WriteLine($"grants: misses the target (a plan that removes nothing reads no app client; one that removes a scope reads 1 page and {Clients} clients and names the {Clients / 2} that grant it)");
            return 1;
        }

        return 0;
    }

    private static async Task<Figures> MeasureAsync(InMemoryCognito cognito, Func<Task<int>> run)
    {
        cognito.Statistics.Reset();
        var clock = Stopwatch.StartNew();
        var revoked = await run();
        clock.Stop();
        var statistics = cognito.Statistics;
        return new Figures(
            statistics.GetReceived(CognitoOperation.ListUserPoolClients) + statistics.GetReceived(CognitoOperation.DescribeUserPoolClient),
            revoked,
            clock.Elapsed);
    }

    private sealed record Figures(long Reads, int Revoked, TimeSpan Wall)
    {
        public string Line(string mode) => string.Create(
            CultureInfo.InvariantCulture,
            $"{mode}: pools=1 clients={Clients} reads={Reads} wall_s={Wall.TotalSeconds:0.000} revoking_clients={Revoked}");
    }
}
