using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Updates;

/// <summary>
/// EnsureAllAsync and PlanAllAsync read the set with ListResourceServers and spend per-server calls only on the
/// servers that differ. Counted by the in-memory Cognito's own statistics (calls received), not timed.
/// </summary>
public class SetQuotaEconomyTests
{
    private const int PoolLimit = 25;

    private readonly InMemoryCognito _cognito = new();
    private readonly ResourceServerClient _client;

    public SetQuotaEconomyTests() => _client = _cognito.CreateClient();

    private long Reads => Received(CognitoOperation.DescribeResourceServer) + Received(CognitoOperation.ListResourceServers);

    private long Writes => Received(CognitoOperation.CreateResourceServer) + Received(CognitoOperation.UpdateResourceServer) + Received(CognitoOperation.DeleteResourceServer);

    [Fact]
    public async Task Ensuring_25_unchanged_resource_servers_costs_one_read_and_no_write()
    {
        var (pool, servers) = await SeedAsync(PoolLimit);

        var results = await _client.EnsureAllAsync(pool, servers);

        Assert.All(results, r => Assert.Equal(ResourceServerChangeKind.Unchanged, r.Kind));
        Assert.Equal(servers.Select(s => s.Identifier), results.Select(r => r.Identifier));
        Assert.Equal(servers, results.Select(r => r.After));
        Assert.Equal(1, Received(CognitoOperation.ListResourceServers));
        Assert.Equal(1, Reads);
        Assert.Equal(0, Writes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Planning_25_unchanged_resource_servers_costs_one_read_and_no_write(bool deleteUnlisted)
    {
        var (pool, servers) = await SeedAsync(PoolLimit);

        var plans = await _client.PlanAllAsync(pool, servers, deleteUnlisted);

        Assert.Equal(PoolLimit, plans.Count);
        Assert.All(plans, p => Assert.True(p.IsPlan && p.Kind == ResourceServerChangeKind.Unchanged));
        Assert.Equal(1, Reads);
        Assert.Equal(0, Writes);
    }

    [Fact]
    public async Task Only_the_resource_servers_that_differ_are_read_again_and_written()
    {
        var (pool, servers) = await SeedAsync(PoolLimit - 1);
        var desired = servers.ToList();
        desired[3] = desired[3] with { Name = "renamed" };
        desired[17] = desired[17] with { Scopes = [new ResourceServerScope("write", "Write")] };
        desired.Add(new ResourceServer(pool, "https://new.example.com", "new"));

        var results = await _client.EnsureAllAsync(pool, desired);

        Assert.Equal(ResourceServerChangeKind.Updated, results[3].Kind);
        Assert.Equal(ResourceServerChangeKind.Updated, results[17].Kind);
        Assert.Equal(ResourceServerChangeKind.Created, results[^1].Kind);
        Assert.Equal(PoolLimit - 3, results.Count(r => r.Kind == ResourceServerChangeKind.Unchanged));

        // One listing, then the locked unit of each differing server reads it again before deciding.
        Assert.Equal(1, Received(CognitoOperation.ListResourceServers));
        Assert.Equal(3, Received(CognitoOperation.DescribeResourceServer));
        Assert.Equal(2, Received(CognitoOperation.UpdateResourceServer));
        Assert.Equal(1, Received(CognitoOperation.CreateResourceServer));
        Assert.Equal(0, Received(CognitoOperation.DeleteResourceServer));
        var stored = await _client.GetAsync(pool, desired[17].Identifier);
        Assert.Equal(desired[17], stored);
    }

    [Fact]
    public async Task Deleting_unlisted_resource_servers_deletes_those_the_listing_shows_and_the_set_does_not_name()
    {
        var (pool, servers) = await SeedAsync(PoolLimit);
        var kept = servers.Take(20).ToList();

        var results = await _client.EnsureAllAsync(pool, kept, deleteUnlisted: true);

        Assert.Equal(kept.Select(s => s.Identifier), results.Take(20).Select(r => r.Identifier));
        Assert.All(results.Take(20), r => Assert.Equal(ResourceServerChangeKind.Unchanged, r.Kind));
        Assert.Equal(servers.Skip(20).Select(s => s.Identifier), results.Skip(20).Select(r => r.Identifier));
        Assert.All(results.Skip(20), r => Assert.Equal(ResourceServerChangeKind.Deleted, r.Kind));
        Assert.Equal(1, Reads);
        Assert.Equal(5, Received(CognitoOperation.DeleteResourceServer));
        Assert.Equal(kept.Select(s => s.Identifier).Order(StringComparer.Ordinal), (await ListAsync(pool)).Select(s => s.Identifier).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_plan_of_the_set_says_create_update_and_delete_and_writes_nothing()
    {
        var (pool, servers) = await SeedAsync(4);
        var desired = new[]
        {
            servers[0],
            servers[1] with { Scopes = [new ResourceServerScope("write", "Write")] },
            new ResourceServer(pool, "https://new.example.com", "new"),
        };

        var plans = await _client.PlanAllAsync(pool, desired, deleteUnlisted: true);

        Assert.All(plans, p => Assert.True(p.IsPlan));
        Assert.Equal(
            [ResourceServerChangeKind.Unchanged, ResourceServerChangeKind.Updated, ResourceServerChangeKind.Created, ResourceServerChangeKind.Deleted, ResourceServerChangeKind.Deleted],
            plans.Select(p => p.Kind));
        Assert.Equal([servers[0].Identifier, servers[1].Identifier, "https://new.example.com", servers[2].Identifier, servers[3].Identifier], plans.Select(p => p.Identifier));
        Assert.Equal(["write"], plans[1].Diff.ScopesAdded.Select(s => s.Name));
        Assert.Null(plans[3].After);
        Assert.Equal($"Delete resource server '{servers[2].Identifier}' in pool '{pool}'", plans[3].ToString());
        Assert.Equal(1, Reads);
        Assert.Equal(0, Writes);
        Assert.Equal(servers, await ListAsync(pool));
    }

    [Fact]
    public async Task Without_deleteUnlisted_a_plan_leaves_unnamed_resource_servers_out()
    {
        var (pool, servers) = await SeedAsync(3);

        var plans = await _client.PlanAllAsync(pool, [servers[0]]);

        var plan = Assert.Single(plans);
        Assert.Equal(ResourceServerChangeKind.Unchanged, plan.Kind);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_plan_for_a_missing_pool_is_an_error_naming_the_pool_and_the_Region_not_a_list_of_creates(bool deleteUnlisted)
    {
        var desired = new ResourceServer("eu-west-1_missing", "https://api.example.com", "api");

        var error = await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => _client.PlanAllAsync(desired.UserPoolId, [desired], deleteUnlisted));

        Assert.Contains("User pool 'eu-west-1_missing' does not exist in Region eu-west-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(CognitoErrorCodes.ResourceNotFound, error.ErrorCode);
        Assert.IsAssignableFrom<ResourceServerNotFoundException>(error.InnerException);
        Assert.Equal(1, Received(CognitoOperation.ListResourceServers));
        Assert.Equal(0, Writes);
    }

    [Fact]
    public async Task A_plan_of_one_server_in_a_missing_pool_is_the_same_error_not_a_create()
    {
        var desired = new ResourceServer("eu-west-1_missing", "https://api.example.com", "api");

        var error = await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => _client.PlanAsync(desired));

        Assert.Contains("User pool 'eu-west-1_missing' does not exist in Region eu-west-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Received(CognitoOperation.DescribeResourceServer));
        Assert.Equal(1, Received(CognitoOperation.ListResourceServers));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ensuring_a_set_in_a_missing_pool_is_an_error_naming_the_pool_and_the_Region_and_writes_nothing(bool deleteUnlisted)
    {
        var desired = new ResourceServer("us-east-1_missing", "https://api.example.com", "api");

        var error = await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => _client.EnsureAllAsync(desired.UserPoolId, [desired], deleteUnlisted));

        Assert.Contains("User pool 'us-east-1_missing' does not exist in Region us-east-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Writes);
        Assert.Equal(0, Received(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_pool_listed_over_several_pages_is_read_whole()
    {
        var cognito = new InMemoryCognito(new InMemoryCognitoOptions { MaxResourceServersPerPool = 120 });
        var client = cognito.CreateClient();
        var pool = (await cognito.CreateUserPoolAsync("big")).Id;
        var servers = new List<ResourceServer>();
        for (var i = 0; i < 120; i++)
        {
            servers.Add(await client.CreateAsync(new ResourceServer(pool, $"https://api{i:D3}.example.com", $"api{i}")));
        }

        cognito.Statistics.Reset();
        var results = await client.EnsureAllAsync(pool, servers);

        Assert.All(results, r => Assert.Equal(ResourceServerChangeKind.Unchanged, r.Kind));
        Assert.Equal(3, cognito.Statistics.GetReceived(CognitoOperation.ListResourceServers));
        Assert.Equal(0, cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task A_malformed_set_is_refused_before_any_call()
    {
        var (pool, servers) = await SeedAsync(1);

        var duplicate = await Assert.ThrowsAsync<ArgumentException>(() => _client.PlanAllAsync(pool, [servers[0], servers[0]]));
        var elsewhere = await Assert.ThrowsAsync<ArgumentException>(() => _client.PlanAllAsync(pool, [servers[0] with { UserPoolId = "us-east-1_other" }]));

        Assert.Contains("desired[1].Identifier", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("desired[0].UserPoolId", elsewhere.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cognito.Statistics.TotalReceived);
    }

    private long Received(CognitoOperation operation) => _cognito.Statistics.GetReceived(operation);

    private async Task<List<ResourceServer>> ListAsync(string pool)
    {
        var listed = new List<ResourceServer>();
        await foreach (var server in _client.ListAsync(pool))
        {
            listed.Add(server);
        }

        return listed;
    }

    // A pool with `count` resource servers of a scope or two each; the statistics start from zero after it.
    private async Task<(string Pool, List<ResourceServer> Servers)> SeedAsync(int count)
    {
        var pool = (await _cognito.CreateUserPoolAsync("set")).Id;
        var servers = new List<ResourceServer>();
        for (var i = 0; i < count; i++)
        {
            servers.Add(await _client.CreateAsync(new ResourceServer(
                pool,
                $"https://api{i:D2}.example.com",
                $"api{i}",
                [new ResourceServerScope("read", "Read"), .. i % 2 == 0 ? [new ResourceServerScope($"s{i}", $"Scope {i}")] : Array.Empty<ResourceServerScope>()])));
        }

        _cognito.Statistics.Reset();
        return (pool, servers);
    }
}
