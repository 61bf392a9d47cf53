using ResourceServers.Testing;
using ResourceServers.Tests.Resilience;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Coordination;

/// <summary>
/// What shared pacing is for: two clients (two processes, each with its own local pacer) that call one pool's
/// DescribeResourceServer at its full rate each spend one quota between them when they share a limiter, so Cognito
/// throttles none of their calls; pacing alone, they send twice the quota and are throttled. On fake time, moved only
/// once every caller is parked on a wait.
/// </summary>
public sealed class SharedQuotaTests
{
    private const string Identifier = "https://orders.example.com";
    private const int CallsPerClient = 15;

    [Fact]
    public async Task Two_clients_sharing_a_limiter_stay_within_one_pool_quota_where_pacing_alone_they_are_throttled()
    {
        var shared = await DescribeFromTwoClientsAsync(sharePacing: true);
        var alone = await DescribeFromTwoClientsAsync(sharePacing: false);

        Assert.Equal(0, shared.Throttled);
        Assert.Equal(2 * CallsPerClient, shared.Succeeded);

        // Measured: 15 of the 30 throttled, every run (fake time).
        Assert.True(alone.Throttled >= 10, $"pacing alone: {alone.Throttled} of {alone.Received} throttled");
    }

    private static async Task<CognitoOperationCallCounts> DescribeFromTwoClientsAsync(bool sharePacing)
    {
        var time = new WaitCountingTime();
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { EnforceRateQuotas = true, TimeProvider = time });
        var pool = (await cognito.CreateUserPoolAsync("shared")).Id;
        var seed = cognito.CreateClient().CreateAsync(new ResourceServer(pool, Identifier, "orders", []));
        await time.RunUntilCompletedAsync(seed, TimeSpan.FromMilliseconds(100), liveCallers: () => 1);
        await seed;

        // Rested buckets, then counting from zero.
        time.Advance(TimeSpan.FromSeconds(5));
        cognito.Statistics.Reset();

        // One attempt a call and fixed local rates: only the sharing keeps the two within the quota, not retries or
        // rates learned from throttles. The window's margin stands for the time a call takes to reach Cognito.
        var limiter = new SlidingWindowLimiter(time, margin: TimeSpan.FromMilliseconds(20));
        var options = new ResourceServerClientOptions
        {
            Resilience = { MaxAttempts = 1, AttemptTimeout = TimeSpan.FromSeconds(30), TotalTimeout = TimeSpan.FromMinutes(5), Pacing = { Adaptive = false, MaxQueueWait = TimeSpan.FromSeconds(20) } },
        };
        var clients = Enumerable.Range(0, 2)
            .Select(_ => new ResourceServerClient(options, api: cognito, timeProvider: time, coordination: new ResourceServerCoordination(new InMemoryLockProvider(), "in-memory limiter") { SharedPacing = sharePacing ? limiter : null }))
            .ToList();

        var live = clients.Count;
        var callers = clients.Select(client => Task.Run(async () =>
        {
            // A caller that fails otherwise stops counting as live, so time moves on for the other and the test ends.
            try
            {
                for (var i = 0; i < CallsPerClient; i++)
                {
                    try
                    {
                        await client.GetAsync(pool, Identifier);
                    }
                    catch (CognitoServiceException e) when (e.ErrorCode == CognitoErrorCodes.TooManyRequests)
                    {
                    }
                }
            }
            finally
            {
                Interlocked.Decrement(ref live);
            }
        })).ToList();
        await time.RunUntilCompletedAsync(Task.WhenAll(callers), TimeSpan.FromMilliseconds(5), liveCallers: () => Volatile.Read(ref live));
        await Task.WhenAll(callers);

        return cognito.Statistics[CognitoOperation.DescribeResourceServer];
    }
}
