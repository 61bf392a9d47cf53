using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Resilience;

/// <summary>
/// The client paces at Cognito's published 15 updates a second while the in-memory Cognito grants only 6 (as when
/// other tools spend the rest of the account's quota), under both quota models, on one fake clock. With adaptation
/// the pacer finds the share left and throttled attempts drop; with fixed rates they do not.
/// </summary>
/// <remarks>
/// Deterministic: backoff without jitter, and time moves only when every live caller is parked on a wait
/// (<see cref="WaitCountingTime"/>), so the figures do not depend on the machine's load.
/// </remarks>
public class AdaptivePacingUnderLowerQuotaTests
{
    private const int Updates = 60;
    private const int Pools = 6;
    private const int Callers = 6;
    private const double GrantedUpdatesPerSecond = 6;

    [Theory]
    [InlineData(CognitoQuotaModel.TokenBucket)]
    [InlineData(CognitoQuotaModel.FixedWindow)]
    public async Task Adaptive_pacing_learns_the_lower_quota_and_throttles_drop(CognitoQuotaModel model)
    {
        var adaptive = await RunAsync(model, adaptive: true);
        var fixedRates = await RunAsync(model, adaptive: false);

        // Fixed at 15 a second against 6, most of the first burst and every later second overshoots.
        Assert.True(fixedRates.ThrottledPct > 25, fixedRates.ToString());

        // Adaptive: the same work completes with a third of the throttled attempts or fewer, and the update rate it
        // learned is near the 6 granted, far below the configured 15 (the lower-quota benchmark measures where it settles).
        Assert.Equal(0, adaptive.Failed);
        Assert.True(adaptive.ThrottledPct <= 10, adaptive.ToString());
        Assert.True(adaptive.ThrottledPct * 3 < fixedRates.ThrottledPct, $"{adaptive} vs {fixedRates}");
        Assert.InRange(adaptive.LearnedUpdateRate, 1.5, 10);
    }

    private static async Task<Outcome> RunAsync(CognitoQuotaModel model, bool adaptive)
    {
        var time = new WaitCountingTime();
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions
        {
            EnforceRateQuotas = true,
            QuotaModel = model,
            Quotas = CognitoRateQuotas.Default with { UserPoolResourceUpdatePerSecond = GrantedUpdatesPerSecond },
            TimeProvider = time,
        });
        var seeder = cognito.CreateClient();
        var servers = new List<ResourceServer>();
        for (var p = 0; p < Pools; p++)
        {
            var pool = (await cognito.CreateUserPoolAsync($"p{p}")).Id;
            var create = seeder.CreateAsync(new ResourceServer(pool, "https://api.example.com", "api"));
            await time.RunUntilCompletedAsync(create, TimeSpan.FromMilliseconds(100), liveCallers: () => 1);
            servers.Add(await create);
        }

        // Rested buckets, then counting from zero.
        time.Advance(TimeSpan.FromSeconds(5));
        cognito.Statistics.Reset();

        var options = new ResourceServerClientOptions { Resilience = { MaxAttempts = 3, UseJitter = false, AttemptTimeout = TimeSpan.FromSeconds(30), TotalTimeout = TimeSpan.FromMinutes(5) } };
        options.Resilience.Pacing.Adaptive = adaptive;
        options.Resilience.Pacing.MaxQueueWait = TimeSpan.FromSeconds(20);
        var services = new ServiceCollection();
        services.AddMetrics();
        using var provider = services.BuildServiceProvider();
        var meters = provider.GetRequiredService<IMeterFactory>();
        using var gauge = new MetricCollector<double>(meters, ResourceServerTelemetry.MeterName, ResourceServerTelemetry.PacingRateInstrument);
        var client = new ResourceServerClient(options, api: cognito, meterFactory: meters, timeProvider: time);

        var next = -1;
        var failed = 0;
        var live = Callers;
        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Updates)
            {
                try
                {
                    await client.UpdateAsync(servers[i % Pools] with { Scopes = [new ResourceServerScope($"rev{i}", "Revision")] });
                }
                catch (CognitoServiceException e) when (e.ErrorCode == CognitoErrorCodes.TooManyRequests)
                {
                    Interlocked.Increment(ref failed);
                }
            }

            Interlocked.Decrement(ref live);
        })).ToList();
        await time.RunUntilCompletedAsync(Task.WhenAll(callers), TimeSpan.FromMilliseconds(20), liveCallers: () => Volatile.Read(ref live));

        var counts = cognito.Statistics[CognitoOperation.UpdateResourceServer];
        return new Outcome(
            counts.Received,
            counts.Throttled,
            failed,
            PacingRates.Of(gauge).Category(CognitoQuotaCategory.UserPoolResourceUpdate));
    }

    private sealed record Outcome(long Attempts, long Throttled, int Failed, double LearnedUpdateRate)
    {
        public double ThrottledPct => Attempts == 0 ? 0 : 100.0 * Throttled / Attempts;
    }
}
