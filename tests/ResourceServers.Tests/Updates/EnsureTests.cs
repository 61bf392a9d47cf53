using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

public class EnsureTests
{
    private readonly ReplacingFakeCognito _cognito = new();

    [Fact]
    public async Task Creates_a_missing_resource_server()
    {
        var client = TestClients.Over(_cognito);
        var desired = Server("api", Scope("read"));

        var result = await client.EnsureAsync(desired);

        Assert.Equal(ResourceServerChangeKind.Created, result.Kind);
        Assert.Null(result.Before);
        Assert.Equal(desired, result.After);
        Assert.Equal(desired, _cognito.Peek(Pool, Id));
        Assert.Equal((1, 0), (_cognito.Creates, _cognito.Updates));
    }

    [Fact]
    public async Task Replaces_a_resource_server_that_differs()
    {
        _cognito.Put(Server("api", Scope("read"), Scope("old")));
        var client = TestClients.Over(_cognito);
        var desired = Server("api2", Scope("read"), Scope("new"));

        var result = await client.EnsureAsync(desired);

        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(desired, _cognito.Peek(Pool, Id));
        Assert.Equal(new NameChange("api", "api2"), result.Diff.NameChange);
        Assert.Equal(["new"], result.Diff.ScopesAdded.Select(s => s.Name));
        Assert.Equal(["old"], result.Diff.ScopesRemoved.Select(s => s.Name));
        Assert.Equal((0, 1), (_cognito.Creates, _cognito.Updates));
    }

    [Fact]
    public async Task Writes_nothing_when_equal_even_in_another_scope_order()
    {
        _cognito.Put(Server("api", Scope("write"), Scope("read")));
        var client = TestClients.Over(_cognito);

        var result = await client.EnsureAsync(Server("api", Scope("read"), Scope("write")));

        Assert.Equal(ResourceServerChangeKind.Unchanged, result.Kind);
        Assert.False(result.HasChanges);
        Assert.Equal(0, _cognito.Writes);
    }

    [Fact]
    public async Task A_create_that_loses_a_race_falls_back_to_compare_and_update()
    {
        _cognito.BeforeWrite = (op, _) =>
        {
            if (op == CognitoOperation.CreateResourceServer)
            {
                // Another creator gets there between our "not found" and our create.
                _cognito.Put(Server("theirs", Scope("read")));
            }

            return Task.CompletedTask;
        };
        var client = TestClients.Over(_cognito);
        var desired = Server("ours", Scope("read"), Scope("write"));

        var result = await client.EnsureAsync(desired);

        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(Server("theirs", Scope("read")), result.Before);
        Assert.Equal(desired, _cognito.Peek(Pool, Id));
        Assert.Equal((0, 1), (_cognito.Creates, _cognito.Updates));
    }

    [Fact]
    public async Task A_create_that_loses_a_race_to_an_identical_creator_is_unchanged()
    {
        var desired = Server("api", Scope("read"));
        _cognito.BeforeWrite = (op, _) =>
        {
            _cognito.Put(desired);
            return Task.CompletedTask;
        };
        var client = TestClients.Over(_cognito);

        var result = await client.EnsureAsync(desired);

        Assert.Equal(ResourceServerChangeKind.Unchanged, result.Kind);
        Assert.Equal(0, _cognito.Writes);
    }

    [Fact]
    public async Task An_invalid_parameter_on_create_that_is_not_a_race_surfaces()
    {
        _cognito.FailNext(1, CognitoOperation.CreateResourceServer, () => CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, "bad"));
        var client = TestClients.Over(_cognito);

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InvalidParameter, () => client.EnsureAsync(Server()));

        Assert.Equal("bad", error.ServiceMessage);
        Assert.Null(_cognito.Peek(Pool, Id));
    }

    [Fact]
    public async Task A_throttled_update_re_reads_before_deciding_again()
    {
        _cognito.Put(Server("api", Scope("read")));
        _cognito.FailNext(1, CognitoOperation.UpdateResourceServer);
        var client = TestClients.Over(_cognito, RetryWithoutDelay());

        var result = await client.EnsureAsync(Server("api", Scope("write")));

        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(2, _cognito.Describes);
        Assert.Equal(Server("api", Scope("write")), _cognito.Peek(Pool, Id));
    }

    [Fact]
    public async Task EnsureAll_keeps_unlisted_resource_servers_by_default()
    {
        var other = new ResourceServer(Pool, "https://other", "other", [Scope("x")]);
        _cognito.Put(other);
        _cognito.Put(Server("api", Scope("read")));
        var client = TestClients.Over(_cognito);
        var created = new ResourceServer(Pool, "https://new", "new");

        var results = await client.EnsureAllAsync(Pool, [Server("api", Scope("read")), created]);

        Assert.Equal([ResourceServerChangeKind.Unchanged, ResourceServerChangeKind.Created], results.Select(r => r.Kind));
        Assert.Equal([Id, "https://new"], results.Select(r => r.Identifier));
        Assert.Equal(other, _cognito.Peek(Pool, "https://other"));

        // The set is read with one listing (the quota economy); only the missing server costs a Describe of its own.
        Assert.Equal(1, _cognito.Lists);
        Assert.Equal(1, _cognito.Describes);
    }

    [Fact]
    public async Task EnsureAll_with_deleteUnlisted_deletes_only_unnamed_ones_in_the_pool_across_pages()
    {
        _cognito.MaxPageSize = 2;
        for (var i = 0; i < 5; i++)
        {
            _cognito.Put(new ResourceServer(Pool, $"https://stale{i}", "stale"));
        }

        var otherPool = new ResourceServer("us-east-1_Other", "https://stale0", "elsewhere");
        _cognito.Put(otherPool);
        _cognito.Put(Server("api", Scope("old")));
        var client = TestClients.Over(_cognito);

        var results = await client.EnsureAllAsync(Pool, [Server("api", Scope("new"))], deleteUnlisted: true);

        Assert.Equal(ResourceServerChangeKind.Updated, results[0].Kind);
        Assert.Equal(
            [.. Enumerable.Range(0, 5).Select(i => $"https://stale{i}")],
            results.Skip(1).Where(r => r.Kind == ResourceServerChangeKind.Deleted).Select(r => r.Identifier).Order(StringComparer.Ordinal));
        Assert.Equal(6, results.Count);
        Assert.All(results.Skip(1), r => Assert.Null(r.After));
        Assert.Equal(Server("api", Scope("new")), _cognito.Peek(Pool, Id));
        Assert.Equal(otherPool, _cognito.Peek("us-east-1_Other", "https://stale0"));
        Assert.Equal(5, _cognito.Deletes);
        Assert.True(_cognito.Lists >= 3);
    }

    [Fact]
    public async Task EnsureAll_rejects_duplicates_and_other_pools_before_any_call()
    {
        var client = TestClients.Over(_cognito);

        var duplicate = await Assert.ThrowsAsync<ArgumentException>(() => client.EnsureAllAsync(Pool, [Server("a"), Server("b")]));
        var otherPool = await Assert.ThrowsAsync<ArgumentException>(() => client.EnsureAllAsync(Pool, [Server() with { UserPoolId = "us-east-1_Other" }]));

        Assert.Contains("desired[1].Identifier", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("desired[0].UserPoolId", otherPool.Message, StringComparison.Ordinal);
        Assert.Empty(_cognito.Calls);
    }
}
