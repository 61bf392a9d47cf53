using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Resilience;

/// <summary>Under a burst of mixed calls, no sliding second ever holds more arrivals at Cognito than its quotas allow.</summary>
public class PacingInvariantTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    // Fine steps check the window's length closely; long ones release many waiting callers at one instant.
    [Theory]
    [InlineData(1, 50)]
    [InlineData(2, 200)]
    [InlineData(3, 200)]
    public async Task No_one_second_window_exceeds_any_quota(int seed, int stepMilliseconds)
    {
        var time = new FakeTimeProvider();
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { TimeProvider = time });
        var client = cognito.CreatePacedClient(new ResourceServerPacingOptions { MaxQueueWait = TimeSpan.FromMinutes(5) });

        // Arrivals as Cognito dates them, on its clock. A slot is held from its send until a second after the answer,
        // and each arrival lies between the two, so arrivals obey the quotas even when time moves between send and arrival.
        var arrivals = new ConcurrentQueue<ReceivedCognitoRequest>();
        foreach (var operation in CognitoOperation.All)
        {
            cognito.Faults.BeforeServing(operation, (request, _) =>
            {
                arrivals.Enqueue(request);
                return Task.CompletedTask;
            });
        }

        var random = new Random(seed);
        var pools = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            pools.Add((await cognito.CreateUserPoolAsync($"pool{i}")).Id);
        }

        var calls = new List<Task>();
        for (var i = 0; i < 300; i++)
        {
            var pool = pools[random.Next(pools.Count)];
            calls.Add(AnsweredAsync(CognitoOperation.All[random.Next(5)].Name switch
            {
                nameof(CognitoOperation.CreateResourceServer) => client.CreateAsync(new ResourceServer(pool, "i", "n")),
                nameof(CognitoOperation.DescribeResourceServer) => client.GetAsync(pool, "i"),
                nameof(CognitoOperation.ListResourceServers) => client.ListAsync(pool).ToListAsync().AsTask(),
                nameof(CognitoOperation.UpdateResourceServer) => client.UpdateAsync(new ResourceServer(pool, "i", "n")),
                _ => client.DeleteAsync(pool, "i"),
            }));
            if (random.Next(4) == 0)
            {
                time.Advance(TimeSpan.FromMilliseconds(random.Next(1, 120)));
            }
        }

        await time.RunUntilCompletedAsync(Task.WhenAll(calls), TimeSpan.FromMilliseconds(stepMilliseconds));

        var sends = arrivals.ToList();
        Assert.Equal(300, sends.Count);
        Assert.Equal(300, cognito.Statistics.TotalReceived);
        AssertAtMost(sends.Where(s => IsRead(s.Operation)), 20);
        AssertAtMost(sends.Where(s => !IsRead(s.Operation)), 15);
        foreach (var pair in sends.GroupBy(s => (s.Operation, s.UserPoolId)))
        {
            AssertAtMost(pair, 5);
        }
    }

    private static bool IsRead(CognitoOperation operation) =>
        operation.Category == CognitoQuotaCategory.UserPoolResourceRead;

    // The in-memory Cognito answers as the service would (a second create of "i" already exists, a describe before any
    // create finds nothing); the test is about when calls arrive, not what they answer.
    private static async Task AnsweredAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (CognitoServiceException)
        {
        }
    }

    private static void AssertAtMost(IEnumerable<ReceivedCognitoRequest> sends, int limit)
    {
        var times = sends.Select(s => s.ReceivedAt).Order().ToArray();
        for (var i = limit; i < times.Length; i++)
        {
            // The arrival `limit` places earlier must have left the window (t - 1 s, t].
            Assert.True(times[i] - times[i - limit] >= Window, $"{limit + 1} arrivals within one second ending at {times[i]:O}");
        }
    }
}
