using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

/// <summary>
/// The concurrency contract over the in-memory Cognito with every request yielding as it arrives, so concurrent
/// callers interleave between a read and a write as they would over a network; plus what hooks on the writes show.
/// </summary>
public class ConcurrentPatchOnInterleavingCognitoTests : ConcurrentPatchContract
{
    private static readonly TimeSpan Deadlock = TimeSpan.FromSeconds(30);

    protected override async Task<(ICognitoResourceServerApi Api, string UserPoolId)> CreatePortAsync()
    {
        var cognito = await CognitoPool.CreateAsync();
        foreach (var operation in new CognitoOperation[] { CognitoOperation.CreateResourceServer, CognitoOperation.DescribeResourceServer, CognitoOperation.ListResourceServers, CognitoOperation.UpdateResourceServer, CognitoOperation.DeleteResourceServer })
        {
            cognito.Faults.BeforeServing(operation, static async (_, _) => await Task.Yield());
        }

        return (cognito.Cognito, cognito.PoolId);
    }

    [Fact]
    public async Task Patches_to_different_resource_servers_run_in_parallel()
    {
        var cognito = await CognitoPool.CreateAsync();
        await cognito.PutAsync(new ResourceServer(cognito.PoolId, "https://a", "a"), new ResourceServer(cognito.PoolId, "https://b", "b"));
        var arrivedA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrivedB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each write waits until the other has reached its write too: only possible if neither waits for the other's lock.
        cognito.Faults.BeforeServing(CognitoOperation.UpdateResourceServer, async (received, _) =>
        {
            var (mine, theirs) = ((UpdateResourceServerRequest)received.Request).Identifier == "https://a" ? (arrivedA, arrivedB) : (arrivedB, arrivedA);
            mine.TrySetResult();
            await theirs.Task.WaitAsync(Deadlock);
        });
        var client = TestClients.Over(cognito.Cognito);

        await Task.WhenAll(
            client.PatchAsync(cognito.PoolId, "https://a", ResourceServerPatch.AddOrUpdateScope("x", "X")),
            client.PatchAsync(cognito.PoolId, "https://b", ResourceServerPatch.AddOrUpdateScope("y", "Y"))).WaitAsync(Deadlock);

        Assert.Equal(2, cognito.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
    }

    [Fact]
    public async Task A_second_patch_to_the_same_resource_server_does_not_read_until_the_first_has_written()
    {
        var cognito = await CognitoPool.CreateAsync();
        await cognito.PutAsync(cognito.Server("api"));
        var firstAtWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cognito.Faults.BeforeServing(CognitoOperation.UpdateResourceServer, async (received, _) =>
        {
            if (received.Number == 1)
            {
                firstAtWrite.SetResult();
                await releaseFirst.Task.WaitAsync(Deadlock);
            }
        });
        var client = TestClients.Over(cognito.Cognito);

        var first = client.PatchAsync(cognito.PoolId, Id, ResourceServerPatch.AddOrUpdateScope("one", "One"));
        await firstAtWrite.Task.WaitAsync(Deadlock);
        var second = client.PatchAsync(cognito.PoolId, Id, ResourceServerPatch.AddOrUpdateScope("two", "Two"));

        // The second patch is queued on the key's lock, which it reaches synchronously: no read has been issued.
        Assert.False(second.IsCompleted);
        Assert.Equal(1, cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        releaseFirst.SetResult();
        await Task.WhenAll(first, second).WaitAsync(Deadlock);

        Assert.Equal(["one", "two"], (await cognito.PeekAsync())!.Scopes.Select(s => s.Name));
    }
}
