using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Grants;

/// <summary>
/// The client against the in-memory Cognito, where app clients grant scopes: every change that removes a granted
/// scope (or deletes a server) names the clients, is refused by default before anything is written, and goes through
/// with Warn or Allow; the pool's grants cost one List page per 60 clients and one Describe each, once per call, and
/// nothing when a change removes no scope.
/// </summary>
public sealed class GrantedScopeRemovalTests
{
    private const string Orders = "https://orders.example.com";
    private const string Billing = "https://billing.example.com";

    private readonly InMemoryCognito _cognito = new();
    private string _pool = null!;
    private InMemoryAppClient _web = null!;
    private InMemoryAppClient _batch = null!;

    private async Task SeedAsync(int otherClients = 0)
    {
        _pool = (await _cognito.CreateUserPoolAsync("grants")).Id;
        var setup = _cognito.CreateClient(new ResourceServerClientOptions { GrantRevocation = GrantRevocation.Allow });
        await setup.CreateAsync(new ResourceServer(_pool, Orders, "orders", [new("read", "Read"), new("write", "Write"), new("admin", "Admin")]));
        await setup.CreateAsync(new ResourceServer(_pool, Billing, "billing", [new("read", "Read")]));
        _web = await _cognito.CreateUserPoolClientAsync(_pool, "web", ["openid", $"{Orders}/read", $"{Orders}/write"]);
        _batch = await _cognito.CreateUserPoolClientAsync(_pool, "batch", [$"{Orders}/write", $"{Billing}/read"], generateSecret: true);
        for (var i = 0; i < otherClients; i++)
        {
            await _cognito.CreateUserPoolClientAsync(_pool, $"other {i}", ["openid"]);
        }

        _cognito.Statistics.Reset();
    }

    private long GrantReads => _cognito.Statistics.GetReceived(CognitoOperation.ListUserPoolClients) + _cognito.Statistics.GetReceived(CognitoOperation.DescribeUserPoolClient);

    private long Writes => _cognito.Statistics.GetReceived(CognitoOperation.UpdateResourceServer) + _cognito.Statistics.GetReceived(CognitoOperation.DeleteResourceServer) + _cognito.Statistics.GetReceived(CognitoOperation.CreateResourceServer);

    private async Task<ResourceServer> OrdersAsync() => await _cognito.CreateClient().GetAsync(_pool, Orders);

    [Fact]
    public async Task Applied_plans_read_the_grants_again_so_a_plan_made_without_them_is_refused_before_any_write()
    {
        // A plan built by hand (or kept from before a client was given the scope) carries no grants.
        await SeedAsync();
        var billing = await _cognito.CreateClient().GetAsync(_pool, Billing);

        var applied = await _cognito.CreateClient().ApplyPlansAsync([new UserPoolResult(_pool, [ResourceServerChange.PlanDelete(billing)])]);

        var refused = Assert.IsType<GrantedScopeRemovalException>(Assert.Single(applied).Error);
        Assert.Contains($"app client 'batch' ({_batch.ClientId}) grants {Billing}/read", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, Writes);
        Assert.NotNull(await _cognito.CreateClient().FindAsync(_pool, Billing));
    }

    [Fact]
    public async Task A_patch_removing_a_granted_scope_is_refused_by_default_naming_the_clients_and_writes_nothing()
    {
        await SeedAsync();

        var e = await Assert.ThrowsAsync<GrantedScopeRemovalException>(() => _cognito.CreateClient().PatchAsync(_pool, Orders, ResourceServerPatch.RemoveScope("write")));

        var refused = Assert.Single(e.RefusedChanges);
        Assert.True(refused.IsPlan);
        Assert.Equal([new AppClientGrant(_web.ClientId, "web", [$"{Orders}/write"]), new AppClientGrant(_batch.ClientId, "batch", [$"{Orders}/write"])], refused.RevokedGrants.OrderBy(g => g.ClientName == "batch"));
        Assert.Contains($"app client 'web' ({_web.ClientId}) grants {Orders}/write", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, Writes);
        Assert.Equal(3, (await OrdersAsync()).Scopes.Count);
    }

    [Fact]
    public async Task With_Allow_the_patch_writes_and_its_result_names_the_clients()
    {
        await SeedAsync();

        var change = await _cognito.CreateClient(new ResourceServerClientOptions { GrantRevocation = GrantRevocation.Allow })
            .PatchAsync(_pool, Orders, ResourceServerPatch.RemoveScope("read"));

        Assert.Equal(ResourceServerChangeKind.Updated, change.Kind);
        Assert.Equal([new AppClientGrant(_web.ClientId, "web", [$"{Orders}/read"])], change.RevokedGrants);
        Assert.Equal(["write", "admin"], (await OrdersAsync()).Scopes.Select(s => s.Name));
    }

    [Fact]
    public async Task With_Warn_the_ensure_writes_and_logs_a_warning_naming_the_clients()
    {
        await SeedAsync();
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var client = new ResourceServerClient(new ResourceServerClientOptions { GrantRevocation = GrantRevocation.Warn }, _cognito, loggerFactory: loggerFactory);

        var change = await client.EnsureAsync(new ResourceServer(_pool, Orders, "orders", [new("read", "Read")]));

        Assert.Equal(2, change.RevokedGrants.Count);
        var warning = Assert.Single(logs.Collector.GetSnapshot(), r => r.Id.Name == "GrantsRevoked");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(_batch.ClientId, warning.Message, StringComparison.Ordinal);
        Assert.Equal(["read"], (await OrdersAsync()).Scopes.Select(s => s.Name));
    }

    [Fact]
    public async Task Adds_renames_descriptions_and_removing_an_ungranted_scope_read_no_app_client()
    {
        await SeedAsync();
        var client = _cognito.CreateClient();

        await client.PatchAsync(_pool, Orders, ResourceServerPatch.AddOrUpdateScope("export", "Export").AndRename("orders-api"));
        await client.EnsureAsync(new ResourceServer(_pool, Billing, "billing", [new("read", "Read all invoices")]));
        var plans = await client.PlanAllAsync(_pool, [new ResourceServer(_pool, Orders, "orders", [new("read", "Read"), new("write", "Write"), new("admin", "Admin"), new("export", "Export"), new("new", "New")])]);

        Assert.Equal(0, GrantReads);
        Assert.All(plans, p => Assert.Empty(p.RevokedGrants));

        // Removing a scope no client grants reads the grants (to know that) and goes through by default.
        var removed = await client.PatchAsync(_pool, Orders, ResourceServerPatch.RemoveScope("admin"));
        Assert.Empty(removed.RevokedGrants);
        Assert.Equal(3, GrantReads);
    }

    [Fact]
    public async Task Ensure_all_refuses_the_whole_set_before_its_first_write_and_reads_the_grants_once()
    {
        await SeedAsync(otherClients: 60);
        var desired = new[] { new ResourceServer(_pool, Orders, "orders", [new("read", "Read")]) };

        var e = await Assert.ThrowsAsync<GrantedScopeRemovalException>(() => _cognito.CreateClient().EnsureAllAsync(_pool, desired, deleteUnlisted: true));

        Assert.Equal([ResourceServerChangeKind.Updated, ResourceServerChangeKind.Deleted], e.RefusedChanges.Select(c => c.Kind));
        Assert.Equal([new AppClientGrant(_batch.ClientId, "batch", [$"{Billing}/read"])], e.RefusedChanges[1].RevokedGrants);
        Assert.Equal(0, Writes);

        // 62 clients: two List pages (60 + 2) and one Describe each, shared by both changes.
        Assert.Equal(2, _cognito.Statistics.GetReceived(CognitoOperation.ListUserPoolClients));
        Assert.Equal(62, _cognito.Statistics.GetReceived(CognitoOperation.DescribeUserPoolClient));
    }

    [Fact]
    public async Task Ensure_all_with_Allow_writes_and_each_result_carries_its_clients()
    {
        await SeedAsync();
        var desired = new[] { new ResourceServer(_pool, Orders, "orders", [new("read", "Read")]) };

        var results = await _cognito.CreateClient(new ResourceServerClientOptions { GrantRevocation = GrantRevocation.Allow }).EnsureAllAsync(_pool, desired, deleteUnlisted: true);

        Assert.Equal([ResourceServerChangeKind.Updated, ResourceServerChangeKind.Deleted], results.Select(c => c.Kind));
        Assert.Equal(2, results[0].RevokedGrants.Count);
        Assert.Equal(_batch.ClientId, Assert.Single(results[1].RevokedGrants).ClientId);
        Assert.Equal(1, _cognito.Statistics.GetReceived(CognitoOperation.ListUserPoolClients));
        Assert.Null(await _cognito.CreateClient().FindAsync(_pool, Billing));
    }

    [Fact]
    public async Task Update_if_unchanged_that_removes_a_granted_scope_is_refused()
    {
        await SeedAsync();
        var current = await OrdersAsync();

        await Assert.ThrowsAsync<GrantedScopeRemovalException>(() => _cognito.CreateClient().UpdateIfUnchangedAsync(current, current.WithScopes([])));

        Assert.Equal(0, Writes);
    }

    [Fact]
    public async Task A_plan_names_the_clients_and_refuses_nothing()
    {
        await SeedAsync();

        var plan = await _cognito.CreateClient().PlanAsync(new ResourceServer(_pool, Orders, "orders"));

        Assert.Equal(ResourceServerChangeKind.Updated, plan.Kind);
        Assert.Equal(2, plan.RevokedGrants.Count);
        Assert.Contains("; revokes what app client '", plan.ToString(), StringComparison.Ordinal);
        Assert.Contains($"app client 'web' ({_web.ClientId}) grants {Orders}/read, {Orders}/write", plan.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hazard_itself_an_update_that_forgets_scopes_is_refused_by_default_and_writes_nothing()
    {
        await SeedAsync();

        var e = await Assert.ThrowsAsync<GrantedScopeRemovalException>(() => _cognito.CreateClient().UpdateAsync(new ResourceServer(_pool, Orders, "orders")));

        var refused = Assert.Single(e.RefusedChanges);
        Assert.Equal(ResourceServerChangeKind.Updated, refused.Kind);
        Assert.Equal(2, refused.RevokedGrants.Count);
        Assert.Contains($"app client 'web' ({_web.ClientId}) grants {Orders}/read, {Orders}/write", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, Writes);
        Assert.Equal(3, (await OrdersAsync()).Scopes.Count);
    }

    [Fact]
    public async Task Deleting_a_granted_server_is_refused_by_default_by_Delete_and_DeleteIfExists()
    {
        await SeedAsync();
        var client = _cognito.CreateClient();

        var e = await Assert.ThrowsAsync<GrantedScopeRemovalException>(() => client.DeleteAsync(_pool, Billing));
        await Assert.ThrowsAsync<GrantedScopeRemovalException>(() => client.DeleteIfExistsAsync(_pool, Billing));

        var refused = Assert.Single(e.RefusedChanges);
        Assert.Equal(ResourceServerChangeKind.Deleted, refused.Kind);
        Assert.Equal([new AppClientGrant(_batch.ClientId, "batch", [$"{Billing}/read"])], refused.RevokedGrants);
        Assert.Equal(0, Writes);
        Assert.NotNull(await client.FindAsync(_pool, Billing));
    }

    [Fact]
    public async Task With_Warn_a_plain_update_and_delete_write_and_log_a_warning_each()
    {
        await SeedAsync();
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var client = new ResourceServerClient(new ResourceServerClientOptions { GrantRevocation = GrantRevocation.Warn }, _cognito, loggerFactory: loggerFactory);

        await client.UpdateAsync(new ResourceServer(_pool, Orders, "orders", [new("read", "Read")]));
        await client.DeleteAsync(_pool, Billing);

        var warnings = logs.Collector.GetSnapshot().Where(r => r.Id.Name == "GrantsRevoked").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains(_batch.ClientId, w.Message, StringComparison.Ordinal));
        Assert.Equal(["read"], (await OrdersAsync()).Scopes.Select(s => s.Name));
        Assert.Null(await client.FindAsync(_pool, Billing));
    }

    [Fact]
    public async Task With_Allow_a_plain_update_and_delete_are_one_call_each_and_read_nothing_first()
    {
        await SeedAsync();
        var client = _cognito.CreateClient(new ResourceServerClientOptions { GrantRevocation = GrantRevocation.Allow });

        await client.UpdateAsync(new ResourceServer(_pool, Orders, "orders"));
        await client.DeleteAsync(_pool, Billing);

        Assert.Equal(2, _cognito.Statistics.TotalReceived);
        Assert.Equal(0, GrantReads);
        Assert.Empty((await OrdersAsync()).Scopes);
    }

    [Fact]
    public async Task A_plain_update_that_removes_no_scope_reads_the_server_but_no_app_client()
    {
        await SeedAsync();

        await _cognito.CreateClient().UpdateAsync(new ResourceServer(_pool, Orders, "orders-api", [new("read", "Read"), new("write", "Write"), new("admin", "Admin"), new("export", "Export")]));

        Assert.Equal(1, _cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        Assert.Equal(0, GrantReads);
        Assert.Equal("orders-api", (await OrdersAsync()).Name);
    }

    [Fact]
    public async Task With_Warn_ensure_all_logs_each_revoking_change_once()
    {
        await SeedAsync();
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var client = new ResourceServerClient(new ResourceServerClientOptions { GrantRevocation = GrantRevocation.Warn }, _cognito, loggerFactory: loggerFactory);

        await client.EnsureAllAsync(_pool, [new ResourceServer(_pool, Orders, "orders", [new("read", "Read")])], deleteUnlisted: true);

        // The set is checked before its first write and each change again before its own write: one warning each.
        var warnings = logs.Collector.GetSnapshot().Where(r => r.Id.Name == "GrantsRevoked").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Single(warnings, w => w.Message.Contains(Billing, StringComparison.Ordinal));
    }
}
