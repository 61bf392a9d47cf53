using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using System.Globalization;
using ResourceServers.Testing;
using ResourceServers.Tests.Resilience;
using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// lower-quota: a client configured for Cognito's published 15 updates a second against an in-memory Cognito that
/// grants only 6 (as when other tools spend the rest of the account's quota), on a fake clock, under both quota
/// models: 300 updates over 6 pools by 6 callers. Prints the rate the pacer settles at (the update category's rate in
/// force, averaged over the second half of the run), the updates a second it got done over that half, and the share
/// of attempts throttled. Targets: both rates within 10 % of 6, at most 5 % throttled, none failed.
/// </summary>
/// <remarks>
/// Time moves only when every live caller is parked on a wait (<see cref="WaitCountingTime"/>), so the figures do not
/// depend on the machine's load; backoff jitter is off, so a run is repeatable.
/// </remarks>
internal static class LowerQuotaBenchmark
{
    private const int Updates = 300;
    private const int Pools = 6;
    private const int Callers = 6;
    private const double Granted = 6;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0)
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ResourceServers.Benchmarks -- lower-quota");
            return 2;
        }

        Console.WriteLine($"lower-quota: {Updates} updates over {Pools} pools by {Callers} callers, client configured for 15 updates/s, Cognito granting {Granted}/s, fake clock");
        var met = true;
        foreach (var model in new[] { CognitoQuotaModel.TokenBucket, CognitoQuotaModel.FixedWindow })
        {
            var run = await RunOnceAsync(model);
            var ok = run.Failed == 0 && run.ThrottledPct <= 5 && Math.Abs(run.SettledRate - Granted) <= Granted * 0.1 && Math.Abs(run.Throughput - Granted) <= Granted * 0.1;
            met &= ok;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lower-quota: quota_model={(model == CognitoQuotaModel.TokenBucket ? "token-bucket" : "fixed-window")} granted={Granted} settled_rate={run.SettledRate:0.00} throughput={run.Throughput:0.00} failed={run.Failed} throttled_attempts_pct={run.ThrottledPct:0.0} sim_wall_s={run.Wall.TotalSeconds:0.0}"));
        }

        // A figure, not a gate (as fleet-simulation): the exit code says only that the runs completed.
        Console.WriteLine($"targets: {(met ? "met" : "missed")} (settled rate and throughput within 10 % of {Granted}/s, throttled <= 5 %, failed 0)");
        return 0;
    }

    private static async Task<Outcome> RunOnceAsync(CognitoQuotaModel model)
    {
        var time = new WaitCountingTime();
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions
        {
            EnforceRateQuotas = true,
            QuotaModel = model,
            Quotas = CognitoRateQuotas.Default with { UserPoolResourceUpdatePerSecond = Granted },
            TimeProvider = time,
        });
        var servers = new List<ResourceServer>();
        for (var p = 0; p < Pools; p++)
        {
            var pool = (await cognito.CreateUserPoolAsync($"p{p}")).Id;
            await cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = pool, Identifier = "https://api.example.com", Name = "api" });
            servers.Add(new ResourceServer(pool, "https://api.example.com", "api"));
        }

        // Rested quotas, then counting from zero.
        time.Advance(TimeSpan.FromSeconds(5));
        cognito.Statistics.Reset();

        var options = new ResourceServerClientOptions { GrantRevocation = GrantRevocation.Allow, Resilience = { UseJitter = false, AttemptTimeout = TimeSpan.FromSeconds(30), TotalTimeout = TimeSpan.FromMinutes(5) } };
        options.Resilience.Pacing.MaxQueueWait = TimeSpan.FromSeconds(20);
        var services = new ServiceCollection();
        services.AddMetrics();
        using var provider = services.BuildServiceProvider();
        var meters = provider.GetRequiredService<IMeterFactory>();
        using var gauge = new MetricCollector<double>(meters, ResourceServerTelemetry.MeterName, ResourceServerTelemetry.PacingRateInstrument);
        var client = new ResourceServerClient(options, api: cognito, meterFactory: meters, timeProvider: time);
        var start = time.GetTimestamp();

        var next = -1;
        var failed = 0;
        var live = Callers;
        var secondHalf = new List<(TimeSpan At, double Rate)>();
        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Updates)
            {
                try
                {
                    await client.UpdateAsync(servers[i % Pools] with { Scopes = [new ResourceServerScope($"rev{i}", "Revision")] });
                    if (i >= Updates / 2)
                    {
                        lock (secondHalf)
                        {
                            secondHalf.Add((time.GetElapsedTime(start), UpdateCategoryRate(gauge)));
                        }
                    }
                }
                catch (CognitoServiceException)
                {
                    Interlocked.Increment(ref failed);
                }
            }

            Interlocked.Decrement(ref live);
        })).ToList();
        var wall = await time.RunUntilCompletedAsync(Task.WhenAll(callers), Step, liveCallers: () => Volatile.Read(ref live));

        var counts = cognito.Statistics[CognitoOperation.UpdateResourceServer];
        secondHalf.Sort((a, b) => a.At.CompareTo(b.At));
        var span = (secondHalf[^1].At - secondHalf[0].At).TotalSeconds;
        return new Outcome(
            counts.Received,
            counts.Throttled,
            failed,
            secondHalf.Average(s => s.Rate),
            (secondHalf.Count - 1) / span,
            wall);
    }

    private sealed record Outcome(long Attempts, long Throttled, int Failed, double SettledRate, double Throughput, TimeSpan Wall)
    {
        public double ThrottledPct => Attempts == 0 ? 0 : 100.0 * Throttled / Attempts;
    }

    // The update category's rate in force, as the pacing gauge reports it (called under the lock above).
    private static double UpdateCategoryRate(MetricCollector<double> gauge)
    {
        gauge.RecordObservableInstruments();
        var rate = gauge.GetMeasurementSnapshot(clear: true).Last(m => m.Tags.TryGetValue(ResourceServerTelemetry.PacingLimitTag, out var limit) && Equals(limit, "UserPoolResourceUpdate")).Value;
        return rate;
    }
}
