using System.Globalization;
using ResourceServers.Testing;
using ResourceServers.Tests.Resilience;
using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// fleet-simulation: the <c>fleet</c> benchmark's uncoordinated run, many times over on a fake clock, to measure how
/// often a unit fails, which ten real runs cannot show. Four clients, each with its own pacer as four processes have,
/// share one in-memory Cognito with its quotas enforced; each call takes 6-12 ms of simulated latency. Phase one:
/// each client makes 25 updates over 5 pools; phase two: each adds 25 scopes to one resource server (a patch: a
/// Describe and an Update). Run under both quota models, with 3 attempts while throttled (what MaxAttempts gives)
/// and with the default <see cref="ResourceServerResilienceOptions.MaxAttemptsWhenThrottled"/>, side by side.
/// </summary>
/// <remarks>
/// Time moves in 1 ms steps, and only once every client is parked on a wait (<see cref="WaitCountingTime"/>), so a
/// run takes a fraction of a second whatever the machine's load. Backoff jitter is Polly's, so figures vary a little
/// from one invocation to the next; the latencies are seeded by run.
/// </remarks>
internal static class FleetSimulation
{
    private const int Clients = 4;
    private const int UnitsEach = 25;
    private const int Pools = 5;
    private const string UpdatedIdentifier = "https://fleet.example.com";
    private const string PatchedIdentifier = "https://patched.example.com";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = 200;
        if (args is ["--runs", var value] && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
        {
            runs = parsed;
        }
        else if (args.Length > 0)
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ResourceServers.Benchmarks -- fleet-simulation [--runs N]");
            return 2;
        }

        Console.WriteLine($"fleet-simulation: {Clients} uncoordinated clients on a fake clock, {Clients * UnitsEach} updates over {Pools} pools then {Clients}x{UnitsEach} patches of one resource server, 6-12 ms latency; {runs} runs each");
        var defaults = new ResourceServerResilienceOptions();
        var defaultsFailed = 0;
        foreach (var model in new[] { CognitoQuotaModel.TokenBucket, CognitoQuotaModel.FixedWindow })
        {
            foreach (var whenThrottled in new[] { defaults.MaxAttempts, defaults.MaxAttemptsWhenThrottled })
            {
                var total = new Totals();
                for (var run = 0; run < runs; run++)
                {
                    total.Add(await RunOnceAsync(model, whenThrottled, seed: run));
                }

                defaultsFailed += whenThrottled == defaults.MaxAttemptsWhenThrottled ? total.FailedUnits : 0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fleet-simulation: quota_model={(model == CognitoQuotaModel.TokenBucket ? "token-bucket" : "fixed-window")} max_attempts_when_throttled={whenThrottled}{(whenThrottled == defaults.MaxAttemptsWhenThrottled ? " (default)" : string.Empty)} runs={runs} runs_with_failures={total.RunsWithFailures} failed_units={total.FailedUnits} (not throttled: {total.OtherErrors}) throttled_attempts_pct={total.ThrottledPct:0.0} sim_wall_s={total.Wall.TotalSeconds / runs:0.0}"));
            }
        }

        // A figure, not a test: the outcome is a probability, so the exit code says only that the simulation ran.
        Console.WriteLine($"targets: {(defaultsFailed == 0 ? "met" : "missed")} (no unit failed with the defaults, under either quota model)");
        return 0;
    }

    private static async Task<Outcome> RunOnceAsync(CognitoQuotaModel model, int maxAttemptsWhenThrottled, int seed)
    {
        // Backoffs (up to MaxDelay, 20 s) and pacing waits are what a client parks on; the attempt timeout is armed
        // beside them and must not count, so it is set above the limit (an attempt here never comes near it).
        var time = new WaitCountingTime { ShortWaitLimit = TimeSpan.FromSeconds(20) };
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { EnforceRateQuotas = true, QuotaModel = model, TimeProvider = time });
        var pools = new List<string>();
        foreach (var p in Enumerable.Range(0, Pools))
        {
            var pool = (await cognito.CreateUserPoolAsync($"pool{p}")).Id;
            await cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = pool, Identifier = UpdatedIdentifier, Name = "api" });
            pools.Add(pool);
        }

        await cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = pools[0], Identifier = PatchedIdentifier, Name = "patched" });

        // Rested quotas, then counting from zero.
        time.Advance(TimeSpan.FromSeconds(5));
        cognito.Statistics.Reset();

        // The in-memory Cognito behind a network: each call arrives (is counted against the quotas) after 6-12 ms of fake time.
        var random = new Random(seed);
        var latencies = new Random(random.Next());
        foreach (var operation in CognitoOperation.All)
        {
            cognito.Faults.BeforeServing(operation, (_, ct) =>
            {
                int milliseconds;
                lock (latencies)
                {
                    milliseconds = latencies.Next(6, 13);
                }

                return Task.Delay(TimeSpan.FromMilliseconds(milliseconds), time, ct);
            });
        }

        var failures = new Failures();
        var wall = TimeSpan.Zero;
        foreach (var patch in new[] { false, true })
        {
            // Fresh clients for each phase, as the benchmark starts fresh processes.
            var live = Clients;
            var clients = Enumerable.Range(0, Clients).Select(c =>
            {
                return Task.Run(async () =>
                {
                    try
                    {
                        await RunClientAsync(cognito, time, maxAttemptsWhenThrottled, c, patch, pools, failures);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref live);
                    }
                });
            }).ToList();
            wall += await time.RunUntilCompletedAsync(Task.WhenAll(clients), Step, liveCallers: () => Volatile.Read(ref live));
            time.Advance(TimeSpan.FromSeconds(1.2));
        }

        var (attempts, throttled) = (0L, 0L);
        foreach (var operation in CognitoOperation.All)
        {
            attempts += cognito.Statistics[operation].Received;
            throttled += cognito.Statistics[operation].Throttled;
        }

        return new Outcome(attempts, throttled, failures.Units, failures.Other, wall);
    }

    // One simulated process: its own client (and so its own pacer), its 25 units one after another.
    private static async Task RunClientAsync(InMemoryCognito cognito, TimeProvider time, int maxAttemptsWhenThrottled, int process, bool patch, List<string> pools, Failures failures)
    {
        // The attempt timeout is raised above the clock's short-wait limit (see RunOnceAsync) and the pacing queue
        // limit kept at the default's value (half the default 10 s attempt timeout).
        var options = new ResourceServerClientOptions { GrantRevocation = GrantRevocation.Allow, Resilience = { MaxAttemptsWhenThrottled = maxAttemptsWhenThrottled, AttemptTimeout = TimeSpan.FromSeconds(25) } };
        options.Resilience.Pacing.MaxQueueWait = TimeSpan.FromSeconds(5);
        var client = new ResourceServerClient(options, api: cognito, timeProvider: time);
        for (var i = process * UnitsEach; i < (process + 1) * UnitsEach; i++)
        {
            try
            {
                if (patch)
                {
                    await client.PatchAsync(pools[0], PatchedIdentifier, ResourceServerPatch.AddOrUpdateScope($"s{i}", $"Scope {i}"));
                }
                else
                {
                    await client.UpdateAsync(new ResourceServer(pools[i % Pools], UpdatedIdentifier, "api", [new ResourceServerScope("read", "Read"), new ResourceServerScope($"rev{i}", $"Revision {i}")]));
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Any failure fails the unit: throttled on every attempt, or anything else (a pacing queue refused, a timeout).
                failures.Add(throttled: e is CognitoServiceException { ErrorCode: CognitoErrorCodes.TooManyRequests });
            }
        }
    }

    private sealed class Failures
    {
        private int _units;
        private int _other;

        public int Units => Volatile.Read(ref _units);

        public int Other => Volatile.Read(ref _other);

        public void Add(bool throttled)
        {
            Interlocked.Increment(ref _units);
            if (!throttled)
            {
                Interlocked.Increment(ref _other);
            }
        }
    }

    private sealed record Outcome(long Attempts, long Throttled, int FailedUnits, int OtherErrors, TimeSpan Wall);

    private sealed class Totals
    {
        private long _attempts;
        private long _throttled;

        public int RunsWithFailures { get; private set; }

        public int FailedUnits { get; private set; }

        public int OtherErrors { get; private set; }

        public TimeSpan Wall { get; private set; }

        public double ThrottledPct => _attempts == 0 ? 0 : 100.0 * _throttled / _attempts;

        public void Add(Outcome outcome)
        {
            _attempts += outcome.Attempts;
            _throttled += outcome.Throttled;
            FailedUnits += outcome.FailedUnits;
            OtherErrors += outcome.OtherErrors;
            RunsWithFailures += outcome.FailedUnits > 0 ? 1 : 0;
            Wall += outcome.Wall;
        }
    }
}
