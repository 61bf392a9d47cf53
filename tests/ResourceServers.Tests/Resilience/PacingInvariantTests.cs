using ResourceServers.TestPorts;
using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Resilience;

/// <summary>Under a burst of mixed calls, no sliding second ever holds more slots than Cognito's quotas allow.</summary>
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
        var recorder = new RecordingApi();
        var api = (PacedPort)recorder.WithPacing(new ResourceServerPacingOptions { MaxQueueWait = TimeSpan.FromMinutes(5) }, time);

        // The pacer's own record of when each call got its slot: the send follows at once, but under a test
        // that moves time from another thread, the send's clock reading may already be later.
        var slots = new ConcurrentQueue<(CognitoOperation Operation, string Pool, TimeSpan At)>();
        api.Pacer.SlotTaken = (operation, pool, at) => slots.Enqueue((operation, pool, at));
        var random = new Random(seed);
        var pools = new[] { "us-east-1_a", "us-east-1_b", "us-east-1_c", "us-east-1_d" };

        var calls = new List<Task>();
        for (var i = 0; i < 300; i++)
        {
            var pool = pools[random.Next(pools.Length)];
            calls.Add(CognitoOperation.All[random.Next(5)].Name switch
            {
                nameof(CognitoOperation.CreateResourceServer) => api.CreateResourceServerAsync(new() { UserPoolId = pool, Identifier = "i", Name = "n" }),
                nameof(CognitoOperation.DescribeResourceServer) => api.DescribeResourceServerAsync(new() { UserPoolId = pool, Identifier = "i" }),
                nameof(CognitoOperation.ListResourceServers) => api.ListResourceServersAsync(new() { UserPoolId = pool }),
                nameof(CognitoOperation.UpdateResourceServer) => api.UpdateResourceServerAsync(new() { UserPoolId = pool, Identifier = "i", Name = "n" }),
                _ => api.DeleteResourceServerAsync(new() { UserPoolId = pool, Identifier = "i" }),
            });
            if (random.Next(4) == 0)
            {
                time.Advance(TimeSpan.FromMilliseconds(random.Next(1, 120)));
            }
        }

        await time.RunUntilCompletedAsync(Task.WhenAll(calls), TimeSpan.FromMilliseconds(stepMilliseconds));

        Assert.Equal(300, recorder.Sends.Count);
        var sends = slots.ToList();
        Assert.Equal(300, sends.Count);
        AssertAtMost(sends.Where(s => IsRead(s.Operation)), 20);
        AssertAtMost(sends.Where(s => !IsRead(s.Operation)), 15);
        foreach (var pair in sends.GroupBy(s => (s.Operation, s.Pool)))
        {
            AssertAtMost(pair, 5);
        }
    }

    private static bool IsRead(CognitoOperation operation) =>
        operation.Category == CognitoQuotaCategory.UserPoolResourceRead;

    private static void AssertAtMost(IEnumerable<(CognitoOperation Operation, string Pool, TimeSpan At)> sends, int limit)
    {
        var times = sends.Select(s => s.At).Order().ToArray();
        for (var i = limit; i < times.Length; i++)
        {
            // The send `limit` places earlier must have left the window (t - 1 s, t].
            Assert.True(times[i] - times[i - limit] >= Window, $"{limit + 1} sends within one second ending at {times[i]}");
        }
    }

    private sealed class RecordingApi : TypedCognitoPort
    {
        private static readonly ResourceServerType Empty = new();

        public ConcurrentQueue<(CognitoOperation Operation, string Pool)> Sends { get; } = new();

        public override Task<CreateResourceServerResponse> CreateResourceServerAsync(CreateResourceServerRequest request, CancellationToken cancellationToken = default)
        {
            Record(CognitoOperation.CreateResourceServer, request.UserPoolId);
            return Task.FromResult(new CreateResourceServerResponse { ResourceServer = Empty });
        }

        public override Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default)
        {
            Record(CognitoOperation.DescribeResourceServer, request.UserPoolId);
            return Task.FromResult(new DescribeResourceServerResponse { ResourceServer = Empty });
        }

        public override Task<ListResourceServersResponse> ListResourceServersAsync(ListResourceServersRequest request, CancellationToken cancellationToken = default)
        {
            Record(CognitoOperation.ListResourceServers, request.UserPoolId);
            return Task.FromResult(new ListResourceServersResponse { ResourceServers = [] });
        }

        public override Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default)
        {
            Record(CognitoOperation.UpdateResourceServer, request.UserPoolId);
            return Task.FromResult(new UpdateResourceServerResponse { ResourceServer = Empty });
        }

        public override Task<DeleteResourceServerResponse> DeleteResourceServerAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken = default)
        {
            Record(CognitoOperation.DeleteResourceServer, request.UserPoolId);
            return Task.FromResult(new DeleteResourceServerResponse());
        }

        private void Record(CognitoOperation operation, string pool) => Sends.Enqueue((operation, pool));
    }
}
