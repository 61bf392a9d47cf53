using ResourceServers.Tests.TestSupport;
using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

public class PlanTests : IAsyncLifetime
{
    private CognitoPool _cognito = null!;

    public async Task InitializeAsync() => _cognito = await CognitoPool.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Plans_a_create_for_a_missing_resource_server()
    {
        var client = TestClients.Over(_cognito.Cognito);

        var plan = await client.PlanAsync(Server("api", Scope("read"), Scope("write")));

        Assert.Equal(ResourceServerChangeKind.Created, plan.Kind);
        Assert.Null(plan.Before);
        Assert.True(plan.HasChanges);
        Assert.Equal($"Create resource server 'https://api.example.com' in pool '{_cognito.PoolId}' named 'api' with scopes 'read', 'write'", plan.ToString());
        Assert.Equal(0, _cognito.WritesReceived);
    }

    [Fact]
    public async Task Plans_an_update_with_a_readable_and_inspectable_diff()
    {
        await _cognito.PutAsync(Server("api", Scope("read"), new ResourceServerScope("write", "Write"), Scope("admin")));
        var client = TestClients.Over(_cognito.Cognito);

        var plan = await client.PlanAsync(Server("orders", Scope("read"), new ResourceServerScope("write", "Write orders"), Scope("audit")));

        Assert.Equal(ResourceServerChangeKind.Updated, plan.Kind);
        Assert.Equal(new NameChange("api", "orders"), plan.Diff.NameChange);
        Assert.Equal([Scope("audit")], plan.Diff.ScopesAdded);
        Assert.Equal([Scope("admin")], plan.Diff.ScopesRemoved);
        Assert.Equal([new ScopeDescriptionChange("write", "Write", "Write orders")], plan.Diff.DescriptionsChanged);
        Assert.Equal(
            $"Update resource server 'https://api.example.com' in pool '{_cognito.PoolId}': rename 'api' -> 'orders'; add scope 'audit' (\"AUDIT\"); "
            + "remove scope 'admin' (\"ADMIN\"); change description of scope 'write': \"Write\" -> \"Write orders\"",
            plan.ToString());
        Assert.Equal(0, _cognito.WritesReceived);
        Assert.Equal(Server("api", Scope("read"), new ResourceServerScope("write", "Write"), Scope("admin")), await _cognito.PeekAsync());
    }

    [Fact]
    public async Task Plans_no_change_when_equal()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        var client = TestClients.Over(_cognito.Cognito);

        var plan = await client.PlanAsync(Server("api", Scope("read")));

        Assert.Equal(ResourceServerChangeKind.Unchanged, plan.Kind);
        Assert.False(plan.HasChanges);
        Assert.True(plan.Diff.IsEmpty);
        Assert.Equal($"No change to resource server 'https://api.example.com' in pool '{_cognito.PoolId}'", plan.ToString());
    }

    [Fact]
    public async Task The_plan_matches_what_ensure_then_does()
    {
        await _cognito.PutAsync(Server("api", Scope("read"), Scope("old")));
        var client = TestClients.Over(_cognito.Cognito);
        var desired = Server("api", Scope("read"), Scope("new"));

        var plan = await client.PlanAsync(desired);
        var result = await client.EnsureAsync(desired);

        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(plan.Diff, result.Diff);
        Assert.Equal(ResourceServerChangeKind.Unchanged, (await client.PlanAsync(desired)).Kind);
    }

    private ResourceServer Server(string name = "api", params ResourceServerScope[] scopes) => _cognito.Server(name, scopes);
}
