using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

public class EnsureTests : IAsyncLifetime
{
    private CognitoPool _cognito = null!;

    private string Pool => _cognito.PoolId;

    public async Task InitializeAsync() => _cognito = await CognitoPool.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Creates_a_missing_resource_server()
    {
        var client = TestClients.Over(_cognito.Cognito);
        var desired = Server("api", Scope("read"));

        var result = await client.EnsureAsync(desired);

        Assert.Equal(ResourceServerChangeKind.Created, result.Kind);
        Assert.Null(result.Before);
        Assert.Equal(desired, result.After);
        Assert.Equal((1L, 0L), (_cognito.Statistics.GetSucceeded(CognitoOperation.CreateResourceServer), _cognito.Statistics.GetReceived(CognitoOperation.UpdateResourceServer)));
        Assert.Equal(desired, await _cognito.PeekAsync());
    }

    [Fact]
    public async Task Replaces_a_resource_server_that_differs()
    {
        await _cognito.PutAsync(Server("api", Scope("read"), Scope("old")));
        var client = TestClients.Over(_cognito.Cognito);
        var desired = Server("api2", Scope("read"), Scope("new"));

        var result = await client.EnsureAsync(desired);

        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(new NameChange("api", "api2"), result.Diff.NameChange);
        Assert.Equal(["new"], result.Diff.ScopesAdded.Select(s => s.Name));
        Assert.Equal(["old"], result.Diff.ScopesRemoved.Select(s => s.Name));
        Assert.Equal((0L, 1L), (_cognito.Statistics.GetReceived(CognitoOperation.CreateResourceServer), _cognito.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer)));
        Assert.Equal(desired, await _cognito.PeekAsync());
    }

    [Fact]
    public async Task Writes_nothing_when_equal_even_in_another_scope_order()
    {
        await _cognito.PutAsync(Server("api", Scope("write"), Scope("read")));
        var client = TestClients.Over(_cognito.Cognito);

        var result = await client.EnsureAsync(Server("api", Scope("read"), Scope("write")));

        Assert.Equal(ResourceServerChangeKind.Unchanged, result.Kind);
        Assert.False(result.HasChanges);
        Assert.Equal(0, _cognito.WritesReceived);
    }

    [Fact]
    public async Task A_create_that_loses_a_race_falls_back_to_compare_and_update()
    {
        _cognito.Faults.BeforeServing(CognitoOperation.CreateResourceServer, async (received, ct) =>
        {
            if (received.Number == 1)
            {
                // Another creator gets there between our "not found" and our create (its create is number 2).
                await _cognito.CreateAsAnotherWriterAsync(Server("theirs", Scope("read")), ct);
            }
        });
        var client = TestClients.Over(_cognito.Cognito);
        var desired = Server("ours", Scope("read"), Scope("write"));

        var result = await client.EnsureAsync(desired);

        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(Server("theirs", Scope("read")), result.Before);

        // Of the two creates only theirs was applied; ours was refused and the update took its place.
        Assert.Equal(new CognitoOperationCallCounts(Received: 2, Succeeded: 1, Throttled: 0, FailedByFault: 0), _cognito.Statistics[CognitoOperation.CreateResourceServer]);
        Assert.Equal(1, _cognito.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
        Assert.Equal(desired, await _cognito.PeekAsync());
    }

    [Fact]
    public async Task A_create_that_loses_a_race_to_an_identical_creator_is_unchanged()
    {
        var desired = Server("api", Scope("read"));
        _cognito.Faults.BeforeServing(CognitoOperation.CreateResourceServer, async (received, ct) =>
        {
            if (received.Number == 1)
            {
                await _cognito.CreateAsAnotherWriterAsync(desired, ct);
            }
        });
        var client = TestClients.Over(_cognito.Cognito);

        var result = await client.EnsureAsync(desired);

        Assert.Equal(ResourceServerChangeKind.Unchanged, result.Kind);

        // The one create applied is the other creator's; ours was refused and nothing else was written.
        Assert.Equal(1, _cognito.WritesSucceeded);
        Assert.Equal(2, _cognito.Statistics.GetReceived(CognitoOperation.CreateResourceServer));
        Assert.Equal(2, _cognito.WritesReceived);
    }

    [Fact]
    public async Task An_invalid_parameter_on_create_that_is_not_a_race_surfaces()
    {
        _cognito.Faults.BeforeServing(CognitoOperation.CreateResourceServer, (_, _) =>
            throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "bad"));
        var client = TestClients.Over(_cognito.Cognito);

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => client.EnsureAsync(Server()));

        Assert.Equal("bad", error.ServiceMessage);
        Assert.Null(await _cognito.PeekAsync());
    }

    [Fact]
    public async Task A_throttled_update_re_reads_before_deciding_again()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        _cognito.Faults.FailNext(CognitoOperation.UpdateResourceServer, 1, FaultKind.TooManyRequests);
        var client = TestClients.Over(_cognito.Cognito, RetryWithoutDelay());

        var result = await client.EnsureAsync(Server("api", Scope("write")));

        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(2, _cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        Assert.Equal(Server("api", Scope("write")), await _cognito.PeekAsync());
    }

    [Fact]
    public async Task EnsureAll_keeps_unlisted_resource_servers_by_default()
    {
        var other = new ResourceServer(Pool, "https://other", "other", [Scope("x")]);
        await _cognito.PutAsync(other, Server("api", Scope("read")));
        var client = TestClients.Over(_cognito.Cognito);
        var created = new ResourceServer(Pool, "https://new", "new");

        var results = await client.EnsureAllAsync(Pool, [Server("api", Scope("read")), created]);

        Assert.Equal([ResourceServerChangeKind.Unchanged, ResourceServerChangeKind.Created], results.Select(r => r.Kind));
        Assert.Equal([Id, "https://new"], results.Select(r => r.Identifier));

        // The set is read with one listing (the quota economy); only the missing server costs a Describe of its own.
        Assert.Equal(1, _cognito.Statistics.GetReceived(CognitoOperation.ListResourceServers));
        Assert.Equal(1, _cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        Assert.Equal(other, await _cognito.PeekAsync("https://other"));
    }

    [Fact]
    public async Task EnsureAll_with_deleteUnlisted_deletes_only_unnamed_ones_in_the_pool_across_pages()
    {
        // The service may answer fewer items than MaxResults asks, with a NextToken: every page must be read.
        _cognito.Faults.CapPageSize(CognitoOperation.ListResourceServers, 2);
        var otherPoolId = (await _cognito.Cognito.CreateUserPoolAsync("other")).Id;
        var otherPool = new ResourceServer(otherPoolId, "https://stale0", "elsewhere");
        await _cognito.PutAsync([.. Enumerable.Range(0, 5).Select(i => new ResourceServer(Pool, $"https://stale{i}", "stale")), otherPool, Server("api", Scope("old"))]);
        var client = TestClients.Over(_cognito.Cognito);

        var results = await client.EnsureAllAsync(Pool, [Server("api", Scope("new"))], deleteUnlisted: true);

        Assert.Equal(ResourceServerChangeKind.Updated, results[0].Kind);
        Assert.Equal(
            [.. Enumerable.Range(0, 5).Select(i => $"https://stale{i}")],
            results.Skip(1).Where(r => r.Kind == ResourceServerChangeKind.Deleted).Select(r => r.Identifier).Order(StringComparer.Ordinal));
        Assert.Equal(6, results.Count);
        Assert.All(results.Skip(1), r => Assert.Null(r.After));
        Assert.Equal(5, _cognito.Statistics.GetSucceeded(CognitoOperation.DeleteResourceServer));
        Assert.True(_cognito.Statistics.GetReceived(CognitoOperation.ListResourceServers) >= 3);
        Assert.Equal(Server("api", Scope("new")), await _cognito.PeekAsync());
        Assert.Equal(otherPool, await _cognito.PeekAsync("https://stale0", otherPoolId));
    }

    [Fact]
    public async Task EnsureAll_rejects_duplicates_and_other_pools_before_any_call()
    {
        var client = TestClients.Over(_cognito.Cognito);

        var duplicate = await Assert.ThrowsAsync<ArgumentException>(() => client.EnsureAllAsync(Pool, [Server("a"), Server("b")]));
        var otherPool = await Assert.ThrowsAsync<ArgumentException>(() => client.EnsureAllAsync(Pool, [Server() with { UserPoolId = "us-east-1_Other" }]));

        Assert.Contains("desired[1].Identifier", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("desired[0].UserPoolId", otherPool.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cognito.Statistics.TotalReceived);
    }

    private ResourceServer Server(string name = "api", params ResourceServerScope[] scopes) => _cognito.Server(name, scopes);
}
