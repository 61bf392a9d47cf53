using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>
/// The patch's concurrency guarantee end to end: 50 read-modify-write units through one client, over the HTTP
/// transport, against the emulator. (The same contract runs in process in the unit tests.)
/// </summary>
public class ConcurrentPatchOverHttpTests
{
    [Fact]
    public async Task Fifty_concurrent_add_scope_patches_through_one_client_keep_all_fifty()
    {
        // Pacing off: the emulator enforces no quotas here, and at 5 calls a second per pool 100 calls take 20 s.
        var options = HttpResilienceHarness.FastOptions();
        options.Pacing.Enabled = false;
        await using var harness = await HttpResilienceHarness.StartAsync(options);
        var identifier = HttpResilienceHarness.ExistingIdentifier;

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => harness.Client.PatchAsync(harness.UserPoolId, identifier, ResourceServerPatch.AddOrUpdateScope($"scope{i}", $"Scope {i}")))));

        var final = await harness.Client.GetAsync(harness.UserPoolId, identifier);
        Assert.Equal("existing", final.Name);
        Assert.Equal(51, final.Scopes.Count);
        Assert.Contains(new ResourceServerScope("read", "Read"), final.Scopes);
        Assert.All(Enumerable.Range(0, 50), i => Assert.Contains(new ResourceServerScope($"scope{i}", $"Scope {i}"), final.Scopes));
        Assert.All(results, r => Assert.Equal(ResourceServerChangeKind.Updated, r.Kind));

        // Serialized: each patch read the result of the one before it.
        Assert.Equal(50, results.Select(r => r.Before!.Scopes.Count).Distinct().Count());
        Assert.Equal(50, harness.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
    }
}
