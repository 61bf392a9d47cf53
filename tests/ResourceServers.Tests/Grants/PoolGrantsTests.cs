using ResourceServers.Wire;

namespace ResourceServers.Tests.Grants;

public class PoolGrantsTests
{
    private const string Pool = "us-east-1_abc";

    private static readonly ResourceServer Orders = new(Pool, "https://orders.example.com", "orders",
        [new ResourceServerScope("read", "Read"), new ResourceServerScope("write", "Write"), new ResourceServerScope("admin", "Admin")]);

    private static readonly PoolGrants Grants = PoolGrants.From(
    [
        new UserPoolClientType { ClientId = "webid", ClientName = "web", AllowedOAuthScopes = ["openid", "https://orders.example.com/read", "https://orders.example.com/write"] },
        new UserPoolClientType { ClientId = "batchid", ClientName = "batch", AllowedOAuthScopes = ["https://orders.example.com/write"] },
        new UserPoolClientType { ClientId = "loneid", ClientName = "lone" },
    ]);

    [Fact]
    public void An_update_that_removes_a_granted_scope_names_every_client_granting_it_and_only_what_it_removes()
    {
        var change = Grants.Annotate(ResourceServerChange.Plan(Orders, Orders with { Scopes = [new ResourceServerScope("read", "Read")] }));

        Assert.Equal(["https://orders.example.com/write", "https://orders.example.com/admin"], change.RemovedScopeIdentifiers);
        Assert.Equal(
            [new AppClientGrant("webid", "web", ["https://orders.example.com/write"]), new AppClientGrant("batchid", "batch", ["https://orders.example.com/write"])],
            change.RevokedGrants);
    }

    [Fact]
    public void Deleting_a_server_revokes_every_scope_of_it_that_a_client_grants()
    {
        var change = Grants.Annotate(ResourceServerChange.PlanDelete(Orders));

        Assert.Equal(
            [new AppClientGrant("webid", "web", ["https://orders.example.com/read", "https://orders.example.com/write"]), new AppClientGrant("batchid", "batch", ["https://orders.example.com/write"])],
            change.RevokedGrants);
    }

    [Fact]
    public void Removing_an_ungranted_scope_renaming_or_adding_revokes_nothing()
    {
        var removeAdmin = Grants.Annotate(ResourceServerChange.Plan(Orders, Orders with { Scopes = Orders.Scopes.Take(2).ToList() }));
        var rename = Grants.Annotate(ResourceServerChange.Plan(Orders, Orders with { Name = "orders-api", Scopes = [.. Orders.Scopes, new ResourceServerScope("x", "X")] }));

        Assert.Equal(["https://orders.example.com/admin"], removeAdmin.RemovedScopeIdentifiers);
        Assert.Empty(removeAdmin.RevokedGrants);
        Assert.Empty(rename.RemovedScopeIdentifiers);
        Assert.Empty(rename.RevokedGrants);
    }

    [Fact]
    public void A_scope_of_another_server_whose_identifier_is_a_prefix_is_not_matched()
    {
        var grants = PoolGrants.From([new UserPoolClientType { ClientId = "id", ClientName = "n", AllowedOAuthScopes = ["https://orders.example.com/v2/read"] }]);

        Assert.Empty(grants.Annotate(ResourceServerChange.PlanDelete(Orders)).RevokedGrants);
    }

    [Fact]
    public void A_change_carrying_grants_says_so_and_compares_them_by_value()
    {
        var plan = ResourceServerChange.PlanDelete(Orders);
        var a = plan with { RevokedGrants = [new AppClientGrant("webid", "web", ["https://orders.example.com/read"])] };
        var b = plan with { RevokedGrants = [new AppClientGrant("webid", "web", new List<string> { "https://orders.example.com/read" })] };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(plan, a);
        Assert.Equal("Delete resource server 'https://orders.example.com' in pool 'us-east-1_abc'; revokes what app client 'web' (webid) grants https://orders.example.com/read", a.ToString());
        Assert.Equal("Delete resource server 'https://orders.example.com' in pool 'us-east-1_abc'", plan.ToString());
    }

    [Fact]
    public void The_refusal_names_the_servers_clients_and_scopes()
    {
        var refused = Grants.Annotate(ResourceServerChange.Plan(Orders, Orders with { Scopes = [] }));

        var error = new GrantedScopeRemovalException([refused]);

        Assert.Same(refused, Assert.Single(error.RefusedChanges));
        Assert.Contains("updating resource server 'https://orders.example.com' in pool 'us-east-1_abc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("app client 'web' (webid) grants https://orders.example.com/read, https://orders.example.com/write", error.Message, StringComparison.Ordinal);
        Assert.Contains("app client 'batch' (batchid) grants https://orders.example.com/write", error.Message, StringComparison.Ordinal);
        Assert.Contains("GrantRevocation", error.Message, StringComparison.Ordinal);
    }
}
