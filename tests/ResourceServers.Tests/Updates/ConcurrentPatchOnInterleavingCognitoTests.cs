using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

/// <summary>The concurrency contract over the replacing fake, plus what only the fake's hooks can show.</summary>
public class ConcurrentPatchOnReplacingFakeTests : ConcurrentPatchContract
{
    private static readonly TimeSpan Deadlock = TimeSpan.FromSeconds(30);

    protected override Task<(ICognitoResourceServerApi Api, string UserPoolId)> CreatePortAsync() =>
        Task.FromResult<(ICognitoResourceServerApi, string)>((new ReplacingFakeCognito(), Pool));

    [Fact]
    public async Task Patches_to_different_resource_servers_run_in_parallel()
    {
        var cognito = new ReplacingFakeCognito();
        cognito.Put(new ResourceServer(Pool, "https://a", "a"));
        cognito.Put(new ResourceServer(Pool, "https://b", "b"));
        var arrivedA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrivedB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each write waits until the other has reached its write too: only possible if neither waits for the other's lock.
        cognito.BeforeWrite = async (_, id) =>
        {
            var (mine, theirs) = id == "https://a" ? (arrivedA, arrivedB) : (arrivedB, arrivedA);
            mine.TrySetResult();
            await theirs.Task.WaitAsync(Deadlock);
        };
        var client = TestClients.Over(cognito);

        await Task.WhenAll(
            client.PatchAsync(Pool, "https://a", ResourceServerPatch.AddOrUpdateScope("x", "X")),
            client.PatchAsync(Pool, "https://b", ResourceServerPatch.AddOrUpdateScope("y", "Y"))).WaitAsync(Deadlock);

        Assert.Equal(2, cognito.Updates);
    }

    [Fact]
    public async Task A_second_patch_to_the_same_resource_server_does_not_read_until_the_first_has_written()
    {
        var cognito = new ReplacingFakeCognito();
        cognito.Put(Server("api"));
        var firstAtWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = 0;
        cognito.BeforeWrite = async (_, _) =>
        {
            if (Interlocked.Increment(ref writes) == 1)
            {
                firstAtWrite.SetResult();
                await releaseFirst.Task.WaitAsync(Deadlock);
            }
        };
        var client = TestClients.Over(cognito);

        var first = client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("one", "One"));
        await firstAtWrite.Task.WaitAsync(Deadlock);
        var second = client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("two", "Two"));

        // The second patch is queued on the key's lock, which it reaches synchronously: no read has been issued.
        Assert.False(second.IsCompleted);
        Assert.Single(cognito.Calls, c => c == CognitoOperation.DescribeResourceServer);
        releaseFirst.SetResult();
        await Task.WhenAll(first, second).WaitAsync(Deadlock);

        Assert.Equal(["one", "two"], cognito.Peek(Pool, Id)!.Scopes.Select(s => s.Name));
    }
}
