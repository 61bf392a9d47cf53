using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>
/// Pacing against the emulator with Cognito's quotas enforced, on real time and real sockets: the client's sliding
/// window is stricter than the service's token bucket by one refill interval (1/15 s for the category), which absorbs
/// loopback latency jitter, so a paced burst is not throttled. The full measurement is the bulk-apply benchmark.
/// </summary>
public class PacingUnderQuotasOverHttpTests
{
    [Fact]
    public async Task Creates_then_concurrent_updates_over_five_pools_draw_no_throttle_when_paced()
    {
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { EnforceRateQuotas = true });
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { Cognito = cognito });
        using var http = new HttpClient();
        var options = HttpResilienceHarness.FastOptions();

        // One attempt per call: a throttle fails its call, so every call that returns was let through the quota.
        options.MaxAttempts = 1;
        var client = new ResourceServerClient(
            new ResourceServerClientOptions { Region = emulator.Region, ServiceUrl = emulator.ServiceUrl, Credentials = emulator.Credentials, Resilience = options },
            httpClient: http);
        var pools = new List<string>();
        for (var p = 0; p < 5; p++)
        {
            pools.Add((await cognito.CreateUserPoolAsync($"paced-{p}")).Id);
        }

        // Through the client, so its pacer counts these against the update category too: 5 creates and 25 updates
        // are two seconds' worth (15 + 15) of the category, ~1 s of wall time.
        var servers = await Task.WhenAll(pools.Select(pool => client.CreateAsync(new ResourceServer(pool, "api", "api"))));
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < 25)
            {
                await client.UpdateAsync(servers[i % 5] with { Name = $"rev{i}" });
            }
        })));

        Assert.Equal(new CognitoOperationCallCounts(5, 5, 0, 0), cognito.Statistics[CognitoOperation.CreateResourceServer]);
        Assert.Equal(new CognitoOperationCallCounts(25, 25, 0, 0), cognito.Statistics[CognitoOperation.UpdateResourceServer]);
    }
}
