using Polly;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Updates;

/// <summary>
/// The concurrency guarantees of the read-modify-write patch, written against any wire port. Derive once per port
/// (the in-memory Cognito as it is and with every request yielding; the HTTP emulator once merged) and supply it.
/// </summary>
public abstract class ConcurrentPatchContract
{
    private const string Identifier = "https://concurrency.example.com";

    /// <summary>The port under test, and the id of an existing user pool on it to work in.</summary>
    protected abstract Task<(ICognitoResourceServerApi Api, string UserPoolId)> CreatePortAsync();

    /// <summary>The pipeline for the client; override where the port throttles (for example with quotas on).</summary>
    protected virtual ResiliencePipeline? CreatePipeline() => null;

    [Fact]
    public async Task Fifty_concurrent_add_scope_patches_through_one_client_keep_all_fifty()
    {
        var (api, pool) = await CreatePortAsync();
        await api.CreateResourceServerAsync(new CreateResourceServerRequest
        {
            UserPoolId = pool,
            Identifier = Identifier,
            Name = "concurrency",
            Scopes = [new ResourceServerScopeType { ScopeName = "base", ScopeDescription = "Base" }],
        });
        var client = TestClients.Over(api, CreatePipeline());

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => client.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope($"scope{i}", $"Scope {i}")))));

        var final = await client.GetAsync(pool, Identifier);
        Assert.Equal("concurrency", final.Name);
        Assert.Equal(51, final.Scopes.Count);
        Assert.Contains(new ResourceServerScope("base", "Base"), final.Scopes);
        Assert.All(Enumerable.Range(0, 50), i => Assert.Contains(new ResourceServerScope($"scope{i}", $"Scope {i}"), final.Scopes));
        Assert.All(results, r => Assert.Equal(ResourceServerChangeKind.Updated, r.Kind));

        // Serialized: each patch saw every earlier one, so each "before" is distinct and one scope shorter than its "after".
        Assert.Equal(50, results.Select(r => r.Before!.Scopes.Count).Distinct().Count());
        Assert.All(results, r => Assert.Equal(r.Before!.Scopes.Count + 1, r.After!.Scopes.Count));
    }

    [Fact]
    public async Task A_concurrent_rename_and_scope_changes_keep_each_other()
    {
        var (api, pool) = await CreatePortAsync();
        await api.CreateResourceServerAsync(new CreateResourceServerRequest
        {
            UserPoolId = pool,
            Identifier = Identifier,
            Name = "before",
            Scopes = [new ResourceServerScopeType { ScopeName = "gone", ScopeDescription = "Gone" }],
        });
        var client = TestClients.Over(api, CreatePipeline());

        var patches = Enumerable.Range(0, 10).Select(i => ResourceServerPatch.AddOrUpdateScope($"s{i}", "S"))
            .Append(ResourceServerPatch.Rename("after"))
            .Append(ResourceServerPatch.RemoveScope("gone"));
        await Task.WhenAll(patches.Select(p => Task.Run(() => client.PatchAsync(pool, Identifier, p))));

        var final = await client.GetAsync(pool, Identifier);
        Assert.Equal("after", final.Name);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"s{i}").Order(StringComparer.Ordinal), final.Scopes.Select(s => s.Name).Order(StringComparer.Ordinal));
    }
}
