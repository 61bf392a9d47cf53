using System.Collections.Concurrent;
using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;
using static ResourceServers.Tests.TestSupport.UpdateTestData;

namespace ResourceServers.Tests.Updates;

public class PatchAsyncTests : IAsyncLifetime
{
    private CognitoPool _cognito = null!;

    private string Pool => _cognito.PoolId;

    public async Task InitializeAsync() => _cognito = await CognitoPool.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Adding_a_scope_keeps_the_name_and_every_other_scope()
    {
        await _cognito.PutAsync(Server("api", Scope("read"), Scope("write")));
        var client = TestClients.Over(_cognito.Cognito);

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("admin", "Administer"));

        var expected = Server("api", Scope("read"), Scope("write"), new ResourceServerScope("admin", "Administer"));
        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(expected, result.After);
        Assert.Equal(Server("api", Scope("read"), Scope("write")), result.Before);
        Assert.Equal([new ResourceServerScope("admin", "Administer")], result.Diff.ScopesAdded);
        Assert.Equal(1, _cognito.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
        Assert.Equal(1, _cognito.WritesReceived);
        Assert.Equal(expected, await _cognito.PeekAsync());
    }

    [Fact]
    public async Task Rename_keeps_every_scope()
    {
        await _cognito.PutAsync(Server("api", Scope("read"), Scope("write")));
        var client = TestClients.Over(_cognito.Cognito);

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.Rename("orders"));

        Assert.Equal(Server("orders", Scope("read"), Scope("write")), await _cognito.PeekAsync());
        Assert.Equal(new NameChange("api", "orders"), result.Diff.NameChange);
        Assert.Empty(result.Diff.ScopesAdded);
        Assert.Empty(result.Diff.ScopesRemoved);
    }

    [Fact]
    public async Task Removing_the_last_scope_sends_an_explicit_empty_list()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        UpdateResourceServerRequest? sent = null;
        _cognito.Faults.BeforeServing(CognitoOperation.UpdateResourceServer, (received, _) =>
        {
            sent = (UpdateResourceServerRequest)received.Request;
            return Task.CompletedTask;
        });

        // A removal first reads which app clients grant the scope: the pool has none.
        var client = TestClients.Over(_cognito.Cognito);

        await client.PatchAsync(Pool, Id, ResourceServerPatch.RemoveScope("read"));

        Assert.NotNull(sent);
        Assert.NotNull(sent.Scopes);
        Assert.Empty(sent.Scopes);
        Assert.Equal("api", sent.Name);
        Assert.Empty((await _cognito.PeekAsync())!.Scopes);
    }

    [Fact]
    public async Task Removing_a_missing_scope_or_re_adding_an_identical_one_writes_nothing()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        var client = TestClients.Over(_cognito.Cognito);

        var removeMissing = await client.PatchAsync(Pool, Id, ResourceServerPatch.RemoveScope("nope"));
        var addSame = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("read", "READ"));
        var renameSame = await client.PatchAsync(Pool, Id, ResourceServerPatch.Rename("api"));

        Assert.All([removeMissing, addSame, renameSame], r =>
        {
            Assert.Equal(ResourceServerChangeKind.Unchanged, r.Kind);
            Assert.False(r.HasChanges);
            Assert.True(r.Diff.IsEmpty);
            Assert.Equal(r.Before, r.After);
        });
        Assert.Equal(0, _cognito.WritesReceived);
        Assert.Equal(3, _cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
    }

    [Fact]
    public async Task Changing_a_description_updates_it_in_place()
    {
        await _cognito.PutAsync(Server("api", Scope("read"), Scope("write")));
        var client = TestClients.Over(_cognito.Cognito);

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("read", "Read everything"));

        Assert.Equal(Server("api", new ResourceServerScope("read", "Read everything"), Scope("write")), await _cognito.PeekAsync());
        Assert.Equal([new ScopeDescriptionChange("read", "READ", "Read everything")], result.Diff.DescriptionsChanged);
    }

    [Fact]
    public async Task Patching_a_missing_resource_server_raises_not_found_and_writes_nothing()
    {
        var client = TestClients.Over(_cognito.Cognito);

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("read", "Read")));

        Assert.Equal(0, _cognito.WritesSucceeded);
        Assert.Equal(0, _cognito.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Null(await _cognito.PeekAsync());
    }

    [Fact]
    public async Task A_result_over_100_scopes_is_rejected_before_the_write()
    {
        await _cognito.PutAsync(Server("api", [.. Enumerable.Range(0, 100).Select(i => Scope($"s{i}"))]));
        var client = TestClients.Over(_cognito.Cognito);

        var error = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("one-too-many", "x")));

        Assert.Equal("Scopes", error.Member);
        Assert.Contains("at most 100", error.Rule, StringComparison.Ordinal);
        Assert.Equal(0, _cognito.WritesReceived);
    }

    [Fact]
    public async Task Replacing_a_scope_at_the_limit_is_allowed()
    {
        await _cognito.PutAsync(Server("api", [.. Enumerable.Range(0, 100).Select(i => Scope($"s{i}"))]));
        var client = TestClients.Over(_cognito.Cognito);

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.RemoveScope("s0").AndAddOrUpdateScope("t0", "T"));

        Assert.Equal(100, result.After!.Scopes.Count);
        Assert.Equal("t0", result.After.Scopes[^1].Name);
    }

    [Fact]
    public async Task A_malformed_patch_is_rejected_before_any_call()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        var client = TestClients.Over(_cognito.Cognito);

        var badRemove = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.RemoveScope("https://api.example.com/read")));
        var badName = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.Rename("bad/name")));
        var badDescription = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("ok", new string('d', 257))));
        var badScopeName = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("bad name", "d")));

        Assert.Equal("patch.ScopesToRemove[0]", badRemove.Member);
        Assert.Equal("patch.NewName", badName.Member);
        Assert.Equal("patch.ScopesToAddOrUpdate[0].ScopeDescription", badDescription.Member);
        Assert.Equal("patch.ScopesToAddOrUpdate[0].ScopeName", badScopeName.Member);
        Assert.Equal(0, _cognito.Statistics.TotalReceived);
    }

    [Fact]
    public async Task A_malformed_replacement_list_or_pool_id_is_named_before_any_call()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        var client = TestClients.Over(_cognito.Cognito);

        var badReplacement = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PatchAsync(Pool, Id, ResourceServerPatch.ReplaceScopes([Scope("ok"), Scope("bad/name")])));
        var badPool = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.EnsureAllAsync("no-underscore", [Server("api", Scope("read"))]));
        var badPoolPlan = await Assert.ThrowsAsync<ResourceServerValidationException>(() => client.PlanAllAsync("no-underscore", [Server("api", Scope("read"))]));

        Assert.Equal("patch.ReplacementScopes[1].ScopeName", badReplacement.Member);
        Assert.Equal(("UserPoolId", "UserPoolId"), (badPool.Member, badPoolPlan.Member));
        Assert.Equal(0, _cognito.Statistics.TotalReceived);
    }

    [Fact]
    public async Task A_throttled_write_retries_the_whole_unit_and_keeps_a_change_made_in_between()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        var ours = new ConcurrentQueue<CognitoOperation>();
        _cognito.Faults.BeforeServing(CognitoOperation.DescribeResourceServer, (received, _) =>
        {
            ours.Enqueue(received.Operation);
            return Task.CompletedTask;
        });
        _cognito.Faults.BeforeServing(CognitoOperation.UpdateResourceServer, async (received, ct) =>
        {
            // Update 2 is the other process's, sent from inside our first.
            if (received.Number == 2)
            {
                return;
            }

            ours.Enqueue(received.Operation);
            if (received.Number == 1)
            {
                // Another process adds a scope after our first read; our first write is then throttled.
                await _cognito.UpdateAsAnotherWriterAsync(Server("api", Scope("read"), Scope("theirs")), ct);
                throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.TooManyRequests, "Rate exceeded");
            }
        });
        var client = TestClients.Over(_cognito.Cognito, RetryWithoutDelay());

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("mine", "Mine"));

        Assert.Equal(
            [CognitoOperation.DescribeResourceServer, CognitoOperation.UpdateResourceServer, CognitoOperation.DescribeResourceServer, CognitoOperation.UpdateResourceServer],
            ours);
        Assert.Equal(5, _cognito.Statistics.TotalReceived); // ours and the other process's update: nothing else was sent

        // A replay of the first write (read, mine) would have dropped "theirs"; the re-read keeps it.
        var stored = await _cognito.PeekAsync();
        Assert.Equal(Server("api", Scope("read"), Scope("theirs"), new ResourceServerScope("mine", "Mine")), stored);
        Assert.Equal(result.After, stored);
    }

    [Fact]
    public async Task A_write_that_took_effect_but_lost_its_answer_is_not_repeated()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        _cognito.Faults.FailNextAfterApplying(CognitoOperation.UpdateResourceServer, 1, FaultKind.InternalError);
        var client = TestClients.Over(_cognito.Cognito, RetryWithoutDelay());

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("write", "WRITE"));

        // The re-read finds the patch already applied, so the retry writes nothing, and reports the write it finds:
        // from the state first read to the state now.
        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(Server("api", Scope("read")), result.Before);
        Assert.Equal(Server("api", Scope("read"), Scope("write")), result.After);
        Assert.Equal(["write"], result.Diff.ScopesAdded.Select(s => s.Name));
        Assert.Equal(1, _cognito.Statistics.GetReceived(CognitoOperation.UpdateResourceServer));
        Assert.Equal(Server("api", Scope("read"), Scope("write")), await _cognito.PeekAsync());
    }

    [Fact]
    public async Task A_throttled_read_is_retried()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 2, FaultKind.TooManyRequests);
        var client = TestClients.Over(_cognito.Cognito, RetryWithoutDelay());

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("write", "WRITE"));

        Assert.Equal(ResourceServerChangeKind.Updated, result.Kind);
        Assert.Equal(3, _cognito.Statistics.GetReceived(CognitoOperation.DescribeResourceServer));
        Assert.Equal(1, _cognito.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
        Assert.Equal(1, _cognito.WritesReceived);
    }

    [Fact]
    public async Task Without_a_retrying_pipeline_a_throttle_surfaces_and_nothing_is_written()
    {
        await _cognito.PutAsync(Server("api", Scope("read")));
        _cognito.Faults.FailNext(CognitoOperation.UpdateResourceServer, 1, FaultKind.TooManyRequests);
        var client = TestClients.Over(_cognito.Cognito);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.TooManyRequests, () => client.PatchAsync(Pool, Id, ResourceServerPatch.AddOrUpdateScope("write", "WRITE")));

        Assert.Equal(0, _cognito.WritesSucceeded);
        Assert.Equal(Server("api", Scope("read")), await _cognito.PeekAsync());
    }

    [Fact]
    public async Task Replace_scopes_drops_unnamed_scopes_but_keeps_the_name()
    {
        await _cognito.PutAsync(Server("api", Scope("read"), Scope("write"), Scope("admin")));
        var client = TestClients.Over(_cognito.Cognito);

        var result = await client.PatchAsync(Pool, Id, ResourceServerPatch.ReplaceScopes(Scope("new"), Scope("write")));

        Assert.Equal(Server("api", Scope("write"), Scope("new")), await _cognito.PeekAsync());
        Assert.Equal(["read", "admin"], result.Diff.ScopesRemoved.Select(s => s.Name));
        Assert.Equal(["new"], result.Diff.ScopesAdded.Select(s => s.Name));
    }

    private ResourceServer Server(string name = "api", params ResourceServerScope[] scopes) => _cognito.Server(name, scopes);
}
